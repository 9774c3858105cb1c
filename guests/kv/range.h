/* Redis's index conventions for ranges over sequences (LRANGE, ZRANGE): negative indices count
 * from the end, and the range is clipped to the sequence. */
#ifndef KV_RANGE_H
#define KV_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buffer.h"
#include "resp.h"

/* Reads start and stop; replies with the error and returns false if either is not an integer.
 * Otherwise *first and *count give the clipped range (count 0 if it is empty). */
bool parse_range(struct buffer *out, const struct arg *start, const struct arg *stop, size_t length, size_t *first, size_t *count);
/* Reads an optional COUNT argument of LPOP/SPOP/ZPOPMIN: must be a non-negative integer. */
bool parse_pop_count(struct buffer *out, const struct arg *argument, size_t *count);

#endif
