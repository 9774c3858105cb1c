#include "range.h"

#include "intparse.h"
#include "reply.h"

bool parse_range(struct buffer *out, const struct arg *start, const struct arg *stop, size_t length, size_t *first, size_t *count)
{
    int64_t from, to;
    if (!parse_int64(start->bytes, start->length, &from) || !parse_int64(stop->bytes, stop->length, &to)) {
        reply_error(out, "ERR value is not an integer or out of range");
        return false;
    }
    int64_t n = (int64_t)length;
    if (from < 0) from += n;
    if (to < 0) to += n;
    if (from < 0) from = 0;
    *first = 0;
    *count = 0;
    if (from > to || from >= n) return true;
    if (to >= n) to = n - 1;
    *first = (size_t)from;
    *count = (size_t)(to - from + 1);
    return true;
}

bool parse_pop_count(struct buffer *out, const struct arg *argument, size_t *count)
{
    int64_t value;
    if (!parse_int64(argument->bytes, argument->length, &value) || value < 0) {
        reply_error(out, "ERR value is out of range, must be positive");
        return false;
    }
    *count = (size_t)value;
    return true;
}
