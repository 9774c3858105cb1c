/* Sorted set commands: ZADD, ZCARD, ZSCORE, ZRANGE (by rank), ZREM, ZPOPMIN. State: a struct store. */
#ifndef KV_ZSET_COMMANDS_H
#define KV_ZSET_COMMANDS_H

#include "command.h"

enum command_outcome cmd_zadd(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_zcard(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_zscore(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_zrange(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_zrem(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_zpopmin(void *, struct buffer *, size_t, const struct arg *);

#endif
