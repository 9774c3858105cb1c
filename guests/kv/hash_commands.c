#include "hash_commands.h"

#include "reply.h"
#include "store.h"
#include "typed_lookup.h"

static struct store *fields_of(const struct entry *e) { return e == NULL ? NULL : e->object; }

enum command_outcome cmd_hset(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    if (argc % 2 != 0) {
        reply_error(out, "ERR wrong number of arguments for 'hset' command");
        return CommandContinue;
    }
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeHash, out, &e)) return CommandContinue;
    if (e == NULL) e = store_put_object(state, argv[1].bytes, argv[1].length, TypeHash, store_new(), store_destroy);
    struct store *fields = e->object;
    int64_t added = 0;
    for (size_t i = 2; i < argc; i += 2) {
        size_t before = fields->key_count;
        store_put(fields, argv[i].bytes, argv[i].length, argv[i + 1].bytes, argv[i + 1].length);
        added += (int64_t)(fields->key_count - before);
    }
    reply_integer(out, added);
    return CommandContinue;
}

enum command_outcome cmd_hget(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeHash, out, &e)) return CommandContinue;
    const struct entry *field = e == NULL ? NULL : store_find(fields_of(e), argv[2].bytes, argv[2].length, 0);
    if (field == NULL) reply_null(out);
    else reply_bulk(out, field->value, field->value_length);
    return CommandContinue;
}

enum command_outcome cmd_hdel(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeHash, out, &e)) return CommandContinue;
    int64_t deleted = 0;
    for (size_t i = 2; e != NULL && i < argc; i++)
        if (store_delete(fields_of(e), argv[i].bytes, argv[i].length, 0)) deleted++;
    if (e != NULL && fields_of(e)->key_count == 0) store_delete_entry(state, e);
    reply_integer(out, deleted);
    return CommandContinue;
}

enum command_outcome cmd_hlen(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (lookup_typed(state, &argv[1], TypeHash, out, &e)) reply_integer(out, e == NULL ? 0 : (int64_t)fields_of(e)->key_count);
    return CommandContinue;
}

enum command_outcome cmd_hexists(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (lookup_typed(state, &argv[1], TypeHash, out, &e))
        reply_integer(out, e != NULL && store_find(fields_of(e), argv[2].bytes, argv[2].length, 0) != NULL);
    return CommandContinue;
}

static void reply_field_and_value(void *out, const struct entry *field)
{
    reply_bulk(out, field->key, field->key_length);
    reply_bulk(out, field->value, field->value_length);
}

enum command_outcome cmd_hgetall(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeHash, out, &e)) return CommandContinue;
    reply_array(out, e == NULL ? 0 : 2 * fields_of(e)->key_count);
    if (e != NULL) store_each(fields_of(e), 0, reply_field_and_value, out);
    return CommandContinue;
}
