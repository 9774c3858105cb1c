/* Commands on keys and the key space as a whole (DEL, EXISTS, TYPE, KEYS, the EXPIRE and TTL
 * families, DBSIZE, FLUSHALL, INFO). Their state argument is a struct store, or a struct whose
 * first member is one, so each guest can list them over its own key space. */
#ifndef KV_KEYSPACE_COMMANDS_H
#define KV_KEYSPACE_COMMANDS_H

#include "command.h"

enum command_outcome cmd_del(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_exists(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_type(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_keys(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_expire(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_pexpire(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_expireat(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_pexpireat(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_ttl(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_pttl(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_persist(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_dbsize(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_flushall(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_info(void *, struct buffer *, size_t, const struct arg *);

#endif
