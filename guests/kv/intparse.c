#include "intparse.h"

bool parse_int64(const char *text, size_t length, int64_t *value)
{
    if (length == 0 || length > Int64DecimalBytesMax) return false;
    if (length == 1 && text[0] == '0') {
        *value = 0;
        return true;
    }
    size_t i = 0;
    bool negative = text[0] == '-';
    if (negative) i = 1;
    if (i == length || text[i] < '1' || text[i] > '9') return false;
    /* Accumulate as a negative number so that INT64_MIN is reachable without overflow. */
    int64_t magnitude = 0;
    for (; i < length; i++) {
        char c = text[i];
        if (c < '0' || c > '9') return false;
        int digit = c - '0';
        if (magnitude < (INT64_MIN + digit) / 10) return false;
        magnitude = magnitude * 10 - digit;
    }
    if (!negative) {
        if (magnitude == INT64_MIN) return false;
        magnitude = -magnitude;
    }
    *value = magnitude;
    return true;
}

size_t format_int64(int64_t value, char *out)
{
    char digits[Int64DecimalBytesMax];
    size_t count = 0;
    uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[count++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    size_t length = 0;
    if (value < 0) out[length++] = '-';
    while (count > 0) out[length++] = digits[--count];
    return length;
}
