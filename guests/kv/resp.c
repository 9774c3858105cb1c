#include "resp.h"

#include <stdlib.h>
#include <string.h>

#include "intparse.h"
#include "xalloc.h"

enum { KindUndecided = 0, KindMultibulk = 1, KindInline = 2 };

void resp_parser_init(struct resp_parser *p)
{
    memset(p, 0, sizeof *p);
    p->bulk_length = -1;
}

void resp_parser_free(struct resp_parser *p)
{
    free(p->spans);
    resp_parser_init(p);
}

void resp_parser_reset(struct resp_parser *p)
{
    p->kind = KindUndecided;
    p->args_expected = 0;
    p->bulk_length = -1;
    p->scan = 0;
    p->argc = 0;
    p->error = NULL;
}

static void push_span(struct resp_parser *p, size_t offset, size_t length)
{
    if (p->argc == p->spans_capacity) {
        p->spans_capacity = p->spans_capacity == 0 ? 8 : p->spans_capacity * 2;
        p->spans = xrealloc(p->spans, p->spans_capacity * sizeof *p->spans);
    }
    p->spans[p->argc].offset = offset;
    p->spans[p->argc].length = length;
    p->argc++;
}

static enum resp_status fail(struct resp_parser *p, const char *message)
{
    p->error = message;
    return RespProtocolError;
}

/* Finds the "\r\n"-terminated line at `from`; returns the position of '\r' or -1 if incomplete. */
static ptrdiff_t find_crlf(const char *data, size_t from, size_t length)
{
    const char *cr = memchr(data + from, '\r', length - from);
    if (cr == NULL || (size_t)(cr - data) + 1 >= length) return -1;
    return cr - data;
}

static enum resp_status parse_multibulk_header(struct resp_parser *p, const char *data, size_t length)
{
    ptrdiff_t cr = find_crlf(data, 0, length);
    if (cr < 0) {
        if (length > RespInlineBytesMax) return fail(p, "Protocol error: too big mbulk count string");
        return RespIncomplete;
    }
    int64_t count;
    if (!parse_int64(data + 1, (size_t)cr - 1, &count) || count > RespMultibulkArgsMax)
        return fail(p, "Protocol error: invalid multibulk length");
    p->args_expected = count < 0 ? 0 : count; /* "*-1" and "*0" are empty commands */
    p->scan = (size_t)cr + 2;
    return RespComplete;
}

/* Reads the next "$len\r\n" header; RespComplete means bulk_length is now known. */
static enum resp_status parse_bulk_header(struct resp_parser *p, const char *data, size_t length)
{
    if (p->scan == length) return RespIncomplete;
    if (data[p->scan] != '$') {
        static char message[] = "Protocol error: expected '$', got ' '";
        message[sizeof message - 3] = data[p->scan];
        return fail(p, message);
    }
    ptrdiff_t cr = find_crlf(data, p->scan, length);
    if (cr < 0) {
        if (length - p->scan > RespInlineBytesMax) return fail(p, "Protocol error: too big bulk count string");
        return RespIncomplete;
    }
    int64_t bulk;
    if (!parse_int64(data + p->scan + 1, (size_t)cr - p->scan - 1, &bulk) || bulk < 0 || bulk > RESP_BULK_BYTES_MAX)
        return fail(p, "Protocol error: invalid bulk length");
    p->bulk_length = bulk;
    p->scan = (size_t)cr + 2;
    return RespComplete;
}

static enum resp_status parse_multibulk(struct resp_parser *p, const char *data, size_t length)
{
    if (p->scan == 0) {
        enum resp_status status = parse_multibulk_header(p, data, length);
        if (status != RespComplete) return status;
    }
    while ((int64_t)p->argc < p->args_expected) {
        if (p->bulk_length < 0) {
            enum resp_status status = parse_bulk_header(p, data, length);
            if (status != RespComplete) return status;
        }
        size_t payload = (size_t)p->bulk_length;
        if (length - p->scan < payload + 2) return RespIncomplete;
        if (data[p->scan + payload] != '\r' || data[p->scan + payload + 1] != '\n')
            return fail(p, "Protocol error: expected CRLF after bulk payload");
        push_span(p, p->scan, payload);
        p->scan += payload + 2;
        p->bulk_length = -1;
    }
    return RespComplete;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static char unescape(char c)
{
    switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'a': return '\a';
    default: return c;
    }
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/* Reads one quoted argument starting at data[*at] (the quote), writing the unquoted bytes back
 * in place from `write`; returns false on unbalanced quotes. Follows redis-cli's quoting rules. */
static bool read_quoted(char *data, size_t *at, size_t end, size_t *write)
{
    char quote = data[*at];
    size_t i = *at + 1;
    for (;;) {
        if (i >= end) return false;
        char c = data[i];
        if (quote == '"' && c == '\\' && i + 3 < end && data[i + 1] == 'x' &&
            hex_digit(data[i + 2]) >= 0 && hex_digit(data[i + 3]) >= 0) {
            data[(*write)++] = (char)(hex_digit(data[i + 2]) * 16 + hex_digit(data[i + 3]));
            i += 4;
        } else if (c == '\\' && i + 1 < end && (quote == '"' || data[i + 1] == '\'')) {
            data[(*write)++] = quote == '"' ? unescape(data[i + 1]) : '\'';
            i += 2;
        } else if (c == quote) {
            i++;
            /* A closing quote must end the argument. */
            if (i < end && !is_space(data[i])) return false;
            *at = i;
            return true;
        } else {
            data[(*write)++] = c;
            i++;
        }
    }
}

static enum resp_status parse_inline(struct resp_parser *p, char *data, size_t length)
{
    const char *newline = memchr(data, '\n', length);
    if (newline == NULL) {
        if (length > RespInlineBytesMax) return fail(p, "Protocol error: too big inline request");
        return RespIncomplete;
    }
    size_t end = (size_t)(newline - data);
    p->scan = end + 1;
    if (end > 0 && data[end - 1] == '\r') end--;
    size_t at = 0;
    for (;;) {
        while (at < end && is_space(data[at])) at++;
        if (at == end) return RespComplete;
        size_t start = at, write = at;
        if (data[at] == '"' || data[at] == '\'') {
            if (!read_quoted(data, &at, end, &write)) return fail(p, "Protocol error: unbalanced quotes in request");
        } else {
            while (at < end && !is_space(data[at])) at++;
            write = at;
        }
        push_span(p, start, write - start);
    }
}

enum resp_status resp_parse(struct resp_parser *p, char *data, size_t length)
{
    if (length == 0) return RespIncomplete;
    if (p->kind == KindUndecided) p->kind = data[0] == '*' ? KindMultibulk : KindInline;
    if (p->kind == KindMultibulk) return parse_multibulk(p, data, length);
    return parse_inline(p, data, length);
}

size_t resp_bytes_wanted(const struct resp_parser *p, size_t length)
{
    if (p->kind != KindMultibulk || p->bulk_length < 0) return 0;
    size_t needed = p->scan + (size_t)p->bulk_length + 2;
    return needed > length ? needed - length : 0;
}
