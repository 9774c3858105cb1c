#include "set_commands.h"

#include "range.h"
#include "reply.h"
#include "store.h"
#include "typed_lookup.h"

static struct store *members_of(const struct entry *e) { return e == NULL ? NULL : e->object; }

enum command_outcome cmd_sadd(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeSet, out, &e)) return CommandContinue;
    if (e == NULL) e = store_put_object(state, argv[1].bytes, argv[1].length, TypeSet, store_new(), store_destroy);
    struct store *members = e->object;
    size_t before = members->key_count;
    for (size_t i = 2; i < argc; i++) store_put(members, argv[i].bytes, argv[i].length, "", 0);
    reply_integer(out, (int64_t)(members->key_count - before));
    return CommandContinue;
}

enum command_outcome cmd_srem(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeSet, out, &e)) return CommandContinue;
    int64_t removed = 0;
    for (size_t i = 2; e != NULL && i < argc; i++)
        if (store_delete(members_of(e), argv[i].bytes, argv[i].length, 0)) removed++;
    if (e != NULL && members_of(e)->key_count == 0) store_delete_entry(state, e);
    reply_integer(out, removed);
    return CommandContinue;
}

enum command_outcome cmd_scard(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (lookup_typed(state, &argv[1], TypeSet, out, &e)) reply_integer(out, e == NULL ? 0 : (int64_t)members_of(e)->key_count);
    return CommandContinue;
}

enum command_outcome cmd_sismember(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (lookup_typed(state, &argv[1], TypeSet, out, &e))
        reply_integer(out, e != NULL && store_find(members_of(e), argv[2].bytes, argv[2].length, 0) != NULL);
    return CommandContinue;
}

static void reply_member(void *out, const struct entry *member) { reply_bulk(out, member->key, member->key_length); }

enum command_outcome cmd_smembers(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeSet, out, &e)) return CommandContinue;
    reply_array(out, e == NULL ? 0 : members_of(e)->key_count);
    if (e != NULL) store_each(members_of(e), 0, reply_member, out);
    return CommandContinue;
}

/* Redis pops random members; kv pops the first in table order, so that replicas fed the same
 * commands pop the same members without sharing a random source. Any member is a correct answer. */
static void pop_member(struct store *members, struct buffer *out)
{
    struct entry *first = store_first(members);
    reply_bulk(out, first->key, first->key_length);
    store_delete_entry(members, first);
}

enum command_outcome cmd_spop(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    if (argc > 3) {
        reply_error(out, "ERR syntax error");
        return CommandContinue;
    }
    size_t count = 1;
    if (argc == 3 && !parse_pop_count(out, &argv[2], &count)) return CommandContinue;
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeSet, out, &e)) return CommandContinue;
    if (e == NULL) {
        if (argc == 3) reply_array(out, 0);
        else reply_null(out);
        return CommandContinue;
    }
    struct store *members = members_of(e);
    if (argc == 3) {
        if (count > members->key_count) count = members->key_count;
        reply_array(out, count);
        for (size_t i = 0; i < count; i++) pop_member(members, out);
    } else {
        pop_member(members, out);
    }
    if (members->key_count == 0) store_delete_entry(state, e);
    return CommandContinue;
}
