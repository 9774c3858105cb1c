/* Redis-style glob patterns for KEYS and CONFIG GET: '*', '?', '[set]', '[^set]', '[a-z]', '\x'. */
#ifndef KV_GLOB_H
#define KV_GLOB_H

#include <stdbool.h>
#include <stddef.h>

bool glob_match(const char *pattern, size_t pattern_length, const char *text, size_t text_length, bool nocase);

#endif
