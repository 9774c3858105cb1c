#include "keyspace_commands.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "glob.h"
#include "intparse.h"
#include "reply.h"
#include "store.h"
#include "typed_lookup.h"

enum command_outcome cmd_del(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct store *store = state;
    int64_t now = store_now_ms(store), deleted = 0;
    for (size_t i = 1; i < argc; i++)
        if (store_delete(store, argv[i].bytes, argv[i].length, now)) deleted++;
    reply_integer(out, deleted);
    return CommandContinue;
}

enum command_outcome cmd_exists(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct store *store = state;
    int64_t now = store_now_ms(store), found = 0;
    for (size_t i = 1; i < argc; i++)
        if (store_find(store, argv[i].bytes, argv[i].length, now) != NULL) found++;
    reply_integer(out, found);
    return CommandContinue;
}

enum command_outcome cmd_type(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct store *store = state;
    (void)argc;
    const struct entry *e = store_find(store, argv[1].bytes, argv[1].length, store_now_ms(store));
    reply_status(out, e == NULL ? "none" : type_name(e->type));
    return CommandContinue;
}

struct key_collector {
    const struct arg *pattern;
    struct buffer replies;
    size_t count;
};

static void collect_key(void *context, const struct entry *e)
{
    struct key_collector *c = context;
    if (!glob_match(c->pattern->bytes, c->pattern->length, e->key, e->key_length, false)) return;
    reply_bulk(&c->replies, e->key, e->key_length);
    c->count++;
}

enum command_outcome cmd_keys(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct key_collector collector = {.pattern = &argv[1], .count = 0};
    buffer_init(&collector.replies);
    store_each(state, store_now_ms(state), collect_key, &collector);
    reply_array(out, collector.count);
    buffer_append(out, buffer_begin(&collector.replies), buffer_length(&collector.replies));
    buffer_free(&collector.replies);
    return CommandContinue;
}

enum { ExpireNx = 1, ExpireXx = 2, ExpireGt = 4, ExpireLt = 8 };

/* Reads EXPIRE's NX|XX|GT|LT options into flags; replies with the error and returns false if
 * one is unknown or they conflict. */
static bool parse_expire_flags(struct buffer *out, size_t argc, const struct arg *argv, int *flags)
{
    *flags = 0;
    for (size_t i = 3; i < argc; i++) {
        if (arg_is(&argv[i], "nx")) *flags |= ExpireNx;
        else if (arg_is(&argv[i], "xx")) *flags |= ExpireXx;
        else if (arg_is(&argv[i], "gt")) *flags |= ExpireGt;
        else if (arg_is(&argv[i], "lt")) *flags |= ExpireLt;
        else {
            int length = argv[i].length > 128 ? 128 : (int)argv[i].length;
            reply_error(out, "ERR Unsupported option %.*s", length, argv[i].bytes);
            return false;
        }
    }
    if ((*flags & ExpireNx) && (*flags & (ExpireXx | ExpireGt | ExpireLt))) {
        reply_error(out, "ERR NX and XX, GT or LT options at the same time are not compatible");
        return false;
    }
    if ((*flags & ExpireGt) && (*flags & ExpireLt)) {
        reply_error(out, "ERR GT and LT options at the same time are not compatible");
        return false;
    }
    return true;
}

/* A key without a deadline counts as expiring at infinity for GT and LT, as in Redis. */
static bool flags_allow(int flags, const struct entry *e, int64_t at_ms)
{
    bool has = e->expire_at_ms != 0;
    if ((flags & ExpireNx) && has) return false;
    if ((flags & ExpireXx) && !has) return false;
    if ((flags & ExpireGt) && (!has || at_ms <= e->expire_at_ms)) return false;
    if ((flags & ExpireLt) && has && at_ms >= e->expire_at_ms) return false;
    return true;
}

/* EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: `unit_ms` scales the argument, `relative` adds now. */
static enum command_outcome expire_generic(struct store *store, struct buffer *out, size_t argc, const struct arg *argv,
                                           int64_t unit_ms, bool relative, const char *name)
{
    int64_t amount;
    if (!parse_int64(argv[2].bytes, argv[2].length, &amount)) {
        reply_error(out, "ERR value is not an integer or out of range");
        return CommandContinue;
    }
    int flags;
    if (!parse_expire_flags(out, argc, argv, &flags)) return CommandContinue;
    int64_t now = clock_realtime_ms(), at_ms;
    if (__builtin_mul_overflow(amount, unit_ms, &at_ms) || (relative && __builtin_add_overflow(at_ms, now, &at_ms))) {
        reply_error(out, "ERR invalid expire time in '%s' command", name);
        return CommandContinue;
    }
    struct entry *e = store_find(store, argv[1].bytes, argv[1].length, now);
    if (e == NULL || !flags_allow(flags, e, at_ms)) {
        reply_integer(out, 0);
        return CommandContinue;
    }
    /* A deadline already past deletes the key, as Redis does. */
    if (at_ms <= now) store_delete_entry(store, e);
    else store_set_expiry(store, e, at_ms);
    reply_integer(out, 1);
    return CommandContinue;
}

enum command_outcome cmd_expire(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return expire_generic(state, out, argc, argv, 1000, true, "expire");
}

enum command_outcome cmd_pexpire(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return expire_generic(state, out, argc, argv, 1, true, "pexpire");
}

enum command_outcome cmd_expireat(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return expire_generic(state, out, argc, argv, 1000, false, "expireat");
}

enum command_outcome cmd_pexpireat(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return expire_generic(state, out, argc, argv, 1, false, "pexpireat");
}

/* TTL and PTTL: -2 for a missing key, -1 for no deadline, else the time left. */
static enum command_outcome ttl_generic(struct store *store, struct buffer *out, const struct arg *key, bool seconds)
{
    int64_t now = clock_realtime_ms();
    const struct entry *e = store_find(store, key->bytes, key->length, now);
    if (e == NULL) reply_integer(out, -2);
    else if (e->expire_at_ms == 0) reply_integer(out, -1);
    else if (seconds) reply_integer(out, (e->expire_at_ms - now + 500) / 1000);
    else reply_integer(out, e->expire_at_ms - now);
    return CommandContinue;
}

enum command_outcome cmd_ttl(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    return ttl_generic(state, out, &argv[1], true);
}

enum command_outcome cmd_pttl(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    return ttl_generic(state, out, &argv[1], false);
}

enum command_outcome cmd_persist(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct store *store = state;
    struct entry *e = store_find(store, argv[1].bytes, argv[1].length, store_now_ms(store));
    bool had = e != NULL && e->expire_at_ms != 0;
    if (had) store_set_expiry(store, e, 0);
    reply_integer(out, had ? 1 : 0);
    return CommandContinue;
}

enum command_outcome cmd_dbsize(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc, (void)argv;
    const struct store *store = state;
    reply_integer(out, (int64_t)store->key_count);
    return CommandContinue;
}

enum command_outcome cmd_flushall(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    if (argc > 2 || (argc == 2 && !arg_is(&argv[1], "sync") && !arg_is(&argv[1], "async"))) {
        reply_error(out, "ERR syntax error");
        return CommandContinue;
    }
    store_flush(state);
    reply_status(out, "OK");
    return CommandContinue;
}

enum command_outcome cmd_info(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc, (void)argv;
    const struct store *store = state;
    char text[256];
    int length = snprintf(text, sizeof text, "# Keyspace\r\ndb0:keys=%zu,expires=%zu,avg_ttl=0\r\n", store->key_count,
                          store_expiring_count(store));
    reply_bulk(out, text, (size_t)length);
    return CommandContinue;
}
