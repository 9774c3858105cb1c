/* Set commands: SADD, SREM, SCARD, SISMEMBER, SMEMBERS, SPOP. A set is a member table (struct
 * store of empty values). State: a struct store. */
#ifndef KV_SET_COMMANDS_H
#define KV_SET_COMMANDS_H

#include "command.h"

enum command_outcome cmd_sadd(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_srem(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_scard(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_sismember(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_smembers(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_spop(void *, struct buffer *, size_t, const struct arg *);

#endif
