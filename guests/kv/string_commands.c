#include "string_commands.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "clock.h"
#include "intparse.h"
#include "reply.h"
#include "store.h"
#include "typed_lookup.h"

static const char NotAnInteger[] = "ERR value is not an integer or out of range";

static void reply_value(struct buffer *out, const struct entry *e)
{
    if (e == NULL) reply_null(out);
    else reply_bulk(out, e->value, e->value_length);
}

/* Any type: for existence checks (NX, XX, SETNX, MSETNX). */
static struct entry *find(struct store *store, const struct arg *key)
{
    return store_find(store, key->bytes, key->length, store_now_ms(store));
}

/* A string, or WRONGTYPE (replied, and false returned). */
static bool find_string(struct store *store, const struct arg *key, struct buffer *out, struct entry **e)
{
    return lookup_typed(store, key, TypeString, out, e);
}

/* Stores `value` under `key` with the given deadline (0: none), dropping any earlier deadline. */
static struct entry *put_with_expiry(struct store *store, const struct arg *key, const struct arg *value, int64_t at_ms)
{
    struct entry *e = store_put(store, key->bytes, key->length, value->bytes, value->length);
    store_set_expiry(store, e, at_ms);
    return e;
}

enum command_outcome cmd_get(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (find_string(state, &argv[1], out, &e)) reply_value(out, e);
    return CommandContinue;
}

enum { SetNx = 1, SetXx = 2, SetGet = 4, SetKeepTtl = 8, SetExpire = 16 };

struct set_options {
    int flags;
    int64_t expire_at_ms; /* with SetExpire */
};

/* Turns a relative or absolute expire argument into a Unix-millisecond deadline. Replies with the
 * error and returns false if it is not a positive integer or overflows. */
static bool parse_deadline(struct buffer *out, const struct arg *amount, int64_t unit_ms, bool relative, const char *command, int64_t *at_ms)
{
    int64_t value;
    if (!parse_int64(amount->bytes, amount->length, &value)) {
        reply_error(out, NotAnInteger);
        return false;
    }
    if (value <= 0 || __builtin_mul_overflow(value, unit_ms, at_ms) ||
        (relative && __builtin_add_overflow(*at_ms, clock_realtime_ms(), at_ms))) {
        reply_error(out, "ERR invalid expire time in '%s' command", command);
        return false;
    }
    return true;
}

static bool parse_set_expire(struct buffer *out, const struct arg *option, const struct arg *amount, int64_t *at_ms)
{
    if (arg_is(option, "ex")) return parse_deadline(out, amount, 1000, true, "set", at_ms);
    if (arg_is(option, "px")) return parse_deadline(out, amount, 1, true, "set", at_ms);
    if (arg_is(option, "exat")) return parse_deadline(out, amount, 1000, false, "set", at_ms);
    return parse_deadline(out, amount, 1, false, "set", at_ms);
}

static bool is_expire_option(const struct arg *a)
{
    return arg_is(a, "ex") || arg_is(a, "px") || arg_is(a, "exat") || arg_is(a, "pxat");
}

/* SET's options: [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL], in any order. */
static bool parse_set_options(struct buffer *out, size_t argc, const struct arg *argv, struct set_options *options)
{
    options->flags = 0;
    options->expire_at_ms = 0;
    for (size_t i = 3; i < argc; i++) {
        const struct arg *a = &argv[i];
        int f = options->flags;
        if (arg_is(a, "nx") && !(f & SetXx)) options->flags |= SetNx;
        else if (arg_is(a, "xx") && !(f & SetNx)) options->flags |= SetXx;
        else if (arg_is(a, "get")) options->flags |= SetGet;
        else if (arg_is(a, "keepttl") && !(f & SetExpire)) options->flags |= SetKeepTtl;
        else if (is_expire_option(a) && !(f & (SetKeepTtl | SetExpire)) && i + 1 < argc) {
            if (!parse_set_expire(out, a, &argv[i + 1], &options->expire_at_ms)) return false;
            options->flags |= SetExpire;
            i++;
        } else {
            reply_error(out, "ERR syntax error");
            return false;
        }
    }
    return true;
}

enum command_outcome cmd_set(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct store *store = state;
    struct set_options options;
    if (!parse_set_options(out, argc, argv, &options)) return CommandContinue;
    bool get = options.flags & SetGet;
    struct entry *e = find(store, &argv[1]);
    if (get && !find_string(store, &argv[1], out, &e)) return CommandContinue;
    if (get) reply_value(out, e); /* the old value, before it is replaced */
    if (((options.flags & SetNx) && e != NULL) || ((options.flags & SetXx) && e == NULL)) {
        if (!get) reply_null(out);
        return CommandContinue;
    }
    if (options.flags & SetKeepTtl) store_put(store, argv[1].bytes, argv[1].length, argv[2].bytes, argv[2].length);
    else put_with_expiry(store, &argv[1], &argv[2], options.flags & SetExpire ? options.expire_at_ms : 0);
    if (!get) reply_status(out, "OK");
    return CommandContinue;
}

enum command_outcome cmd_setnx(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    if (find(state, &argv[1]) != NULL) {
        reply_integer(out, 0);
        return CommandContinue;
    }
    put_with_expiry(state, &argv[1], &argv[2], 0);
    reply_integer(out, 1);
    return CommandContinue;
}

static enum command_outcome setex_generic(struct store *store, struct buffer *out, const struct arg *argv, int64_t unit_ms, const char *name)
{
    int64_t at_ms;
    if (!parse_deadline(out, &argv[2], unit_ms, true, name, &at_ms)) return CommandContinue;
    put_with_expiry(store, &argv[1], &argv[3], at_ms);
    reply_status(out, "OK");
    return CommandContinue;
}

enum command_outcome cmd_setex(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    return setex_generic(state, out, argv, 1000, "setex");
}

enum command_outcome cmd_psetex(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    return setex_generic(state, out, argv, 1, "psetex");
}

enum command_outcome cmd_getset(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (!find_string(state, &argv[1], out, &e)) return CommandContinue;
    reply_value(out, e);
    put_with_expiry(state, &argv[1], &argv[2], 0);
    return CommandContinue;
}

enum command_outcome cmd_getdel(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (!find_string(state, &argv[1], out, &e)) return CommandContinue;
    reply_value(out, e);
    if (e != NULL) store_delete_entry(state, e);
    return CommandContinue;
}

enum command_outcome cmd_append(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct store *store = state;
    struct entry *e;
    if (!find_string(store, &argv[1], out, &e)) return CommandContinue;
    if (e != NULL && (int64_t)(e->value_length + argv[2].length) > RESP_BULK_BYTES_MAX) {
        reply_error(out, "ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        return CommandContinue;
    }
    if (e == NULL) {
        e = put_with_expiry(store, &argv[1], &argv[2], 0);
    } else {
        size_t old = e->value_length;
        store_grow_value(e, old + argv[2].length);
        if (argv[2].length > 0) memcpy(e->value + old, argv[2].bytes, argv[2].length);
    }
    reply_integer(out, (int64_t)e->value_length);
    return CommandContinue;
}

enum command_outcome cmd_strlen(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (find_string(state, &argv[1], out, &e)) reply_integer(out, e == NULL ? 0 : (int64_t)e->value_length);
    return CommandContinue;
}

/* INCR and its relatives: the value must read as a 64-bit integer and the sum must fit. */
static enum command_outcome incr_generic(struct store *store, struct buffer *out, const struct arg *key, int64_t delta)
{
    struct entry *e;
    if (!find_string(store, key, out, &e)) return CommandContinue;
    int64_t value = 0;
    if (e != NULL && !parse_int64(e->value, e->value_length, &value)) {
        reply_error(out, NotAnInteger);
        return CommandContinue;
    }
    if (__builtin_add_overflow(value, delta, &value)) {
        reply_error(out, "ERR increment or decrement would overflow");
        return CommandContinue;
    }
    char text[Int64DecimalBytesMax];
    size_t length = format_int64(value, text);
    /* The key keeps its deadline, as in Redis. */
    store_put(store, key->bytes, key->length, text, length);
    reply_integer(out, value);
    return CommandContinue;
}

enum command_outcome cmd_incr(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    return incr_generic(state, out, &argv[1], 1);
}

enum command_outcome cmd_decr(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    return incr_generic(state, out, &argv[1], -1);
}

enum command_outcome cmd_incrby(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    int64_t delta;
    if (!parse_int64(argv[2].bytes, argv[2].length, &delta)) {
        reply_error(out, NotAnInteger);
        return CommandContinue;
    }
    return incr_generic(state, out, &argv[1], delta);
}

enum command_outcome cmd_decrby(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    int64_t delta;
    if (!parse_int64(argv[2].bytes, argv[2].length, &delta)) {
        reply_error(out, NotAnInteger);
        return CommandContinue;
    }
    if (delta == INT64_MIN) {
        reply_error(out, "ERR decrement would overflow");
        return CommandContinue;
    }
    return incr_generic(state, out, &argv[1], -delta);
}

enum command_outcome cmd_mget(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    reply_array(out, argc - 1);
    for (size_t i = 1; i < argc; i++) {
        const struct entry *e = find(state, &argv[i]);
        reply_value(out, e != NULL && e->type == TypeString ? e : NULL); /* MGET reads other types as nil */
    }
    return CommandContinue;
}

static bool pairs_complete(struct buffer *out, size_t argc, const char *name)
{
    if ((argc - 1) % 2 == 0) return true;
    reply_error(out, "ERR wrong number of arguments for '%s' command", name);
    return false;
}

enum command_outcome cmd_mset(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    if (!pairs_complete(out, argc, "mset")) return CommandContinue;
    for (size_t i = 1; i < argc; i += 2) put_with_expiry(state, &argv[i], &argv[i + 1], 0);
    reply_status(out, "OK");
    return CommandContinue;
}

enum command_outcome cmd_msetnx(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    if (!pairs_complete(out, argc, "msetnx")) return CommandContinue;
    for (size_t i = 1; i < argc; i += 2)
        if (find(state, &argv[i]) != NULL) {
            reply_integer(out, 0);
            return CommandContinue;
        }
    for (size_t i = 1; i < argc; i += 2) put_with_expiry(state, &argv[i], &argv[i + 1], 0);
    reply_integer(out, 1);
    return CommandContinue;
}
