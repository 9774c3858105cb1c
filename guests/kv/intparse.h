/* Strict decimal integers, as Redis reads them: no spaces, no '+', no leading zeros, no "-0";
 * anything else (including overflow) is "not an integer". */
#ifndef KV_INTPARSE_H
#define KV_INTPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { Int64DecimalBytesMax = 20 }; /* "-9223372036854775808" */

bool parse_int64(const char *text, size_t length, int64_t *value);
/* Writes `value` in decimal into `out` (at least Int64DecimalBytesMax bytes); returns the length. */
size_t format_int64(int64_t value, char *out);

#endif
