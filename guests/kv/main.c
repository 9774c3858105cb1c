/* kv: a Redis-compatible key-value server for wasm32-wasi and, from the same source, natively.
 * Strings with expiry, plus the list, hash, set and sorted-set commands redis-benchmark's default
 * tests use. See listener.c for the one place where the two builds differ. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "command.h"
#include "connection_commands.h"
#include "hash_commands.h"
#include "keyspace_commands.h"
#include "list_commands.h"
#include "platform.h"
#include "server.h"
#include "set_commands.h"
#include "store.h"
#include "string_commands.h"
#include "zset_commands.h"

enum {
    ExpireSweepKeysMax = 1000,     /* keys deleted per sweep: bounds the pause one sweep causes */
    ExpireSweepDelayMaxMs = 1000,  /* re-check at least this often in case the clock jumped */
};

static const struct command Commands[] = {
    CONNECTION_COMMANDS,
    {"get", 2, cmd_get},
    {"set", -3, cmd_set},
    {"setnx", 3, cmd_setnx},
    {"setex", 4, cmd_setex},
    {"psetex", 4, cmd_psetex},
    {"getset", 3, cmd_getset},
    {"getdel", 2, cmd_getdel},
    {"append", 3, cmd_append},
    {"strlen", 2, cmd_strlen},
    {"incr", 2, cmd_incr},
    {"decr", 2, cmd_decr},
    {"incrby", 3, cmd_incrby},
    {"decrby", 3, cmd_decrby},
    {"mget", -2, cmd_mget},
    {"mset", -3, cmd_mset},
    {"msetnx", -3, cmd_msetnx},
    {"del", -2, cmd_del},
    {"unlink", -2, cmd_del},
    {"exists", -2, cmd_exists},
    {"type", 2, cmd_type},
    {"keys", 2, cmd_keys},
    {"expire", -3, cmd_expire},
    {"pexpire", -3, cmd_pexpire},
    {"expireat", -3, cmd_expireat},
    {"pexpireat", -3, cmd_pexpireat},
    {"ttl", 2, cmd_ttl},
    {"pttl", 2, cmd_pttl},
    {"persist", 2, cmd_persist},
    {"dbsize", 1, cmd_dbsize},
    {"flushall", -1, cmd_flushall},
    {"flushdb", -1, cmd_flushall},
    {"info", -1, cmd_info},
    {"lpush", -3, cmd_lpush},
    {"rpush", -3, cmd_rpush},
    {"lpop", -2, cmd_lpop},
    {"rpop", -2, cmd_rpop},
    {"llen", 2, cmd_llen},
    {"lrange", 4, cmd_lrange},
    {"lindex", 3, cmd_lindex},
    {"hset", -4, cmd_hset},
    {"hget", 3, cmd_hget},
    {"hdel", -3, cmd_hdel},
    {"hlen", 2, cmd_hlen},
    {"hexists", 3, cmd_hexists},
    {"hgetall", 2, cmd_hgetall},
    {"sadd", -3, cmd_sadd},
    {"srem", -3, cmd_srem},
    {"scard", 2, cmd_scard},
    {"sismember", 3, cmd_sismember},
    {"smembers", 2, cmd_smembers},
    {"spop", -2, cmd_spop},
    {"zadd", -4, cmd_zadd},
    {"zcard", 2, cmd_zcard},
    {"zscore", 3, cmd_zscore},
    {"zrange", -4, cmd_zrange},
    {"zrem", -3, cmd_zrem},
    {"zpopmin", -2, cmd_zpopmin},
};

static enum command_outcome execute(void *store, struct buffer *out, size_t argc, const struct arg *argv)
{
    return command_dispatch(Commands, sizeof Commands / sizeof Commands[0], store, out, argc, argv);
}

/* Keys also expire when nobody reads them: the server wakes when the earliest deadline passes. */
static int sweep_delay_ms(void *context)
{
    int64_t next = store_next_expiry(context);
    if (next == 0) return -1;
    int64_t delay = next - clock_realtime_ms();
    if (delay < 0) return 0;
    return delay > ExpireSweepDelayMaxMs ? ExpireSweepDelayMaxMs : (int)delay;
}

static void sweep(void *context) { store_expire_due(context, clock_realtime_ms(), ExpireSweepKeysMax); }

int main(int argc, char **argv)
{
    int listener = platform_open_listener("kv", argc, argv);
    static struct store store;
    store_init(&store);
    struct server_app app = {.execute = execute, .tick_delay_ms = sweep_delay_ms, .tick = sweep, .context = &store};
    if (server_run(listener, &app) != 0) {
        fprintf(stderr, "kv: poll failed: %s\n", strerror(errno));
        return 1;
    }
    store_free(&store);
    return 0;
}
