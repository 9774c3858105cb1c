/* List commands: LPUSH, RPUSH, LPOP, RPOP, LLEN, LRANGE, LINDEX. State: a struct store. */
#ifndef KV_LIST_COMMANDS_H
#define KV_LIST_COMMANDS_H

#include "command.h"

enum command_outcome cmd_lpush(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_rpush(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_lpop(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_rpop(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_llen(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_lrange(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_lindex(void *, struct buffer *, size_t, const struct arg *);

#endif
