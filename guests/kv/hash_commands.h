/* Hash commands: HSET, HGET, HDEL, HLEN, HEXISTS, HGETALL. A hash is a field table (struct store
 * without deadlines). State: a struct store. */
#ifndef KV_HASH_COMMANDS_H
#define KV_HASH_COMMANDS_H

#include "command.h"

enum command_outcome cmd_hset(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_hget(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_hdel(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_hlen(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_hexists(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_hgetall(void *, struct buffer *, size_t, const struct arg *);

#endif
