/* Commands on string values (GET, SET and its variants, the INCR family, APPEND, STRLEN, MGET,
 * MSET). State: a struct store. */
#ifndef KV_STRING_COMMANDS_H
#define KV_STRING_COMMANDS_H

#include "command.h"

enum command_outcome cmd_get(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_set(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_setnx(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_setex(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_psetex(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_getset(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_getdel(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_append(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_strlen(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_incr(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_decr(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_incrby(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_decrby(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_mget(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_mset(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_msetnx(void *, struct buffer *, size_t, const struct arg *);

#endif
