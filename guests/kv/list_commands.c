#include "list_commands.h"

#include <stdbool.h>
#include <stdlib.h>

#include "intparse.h"
#include "list.h"
#include "range.h"
#include "reply.h"
#include "store.h"
#include "typed_lookup.h"

static enum command_outcome push(struct store *store, struct buffer *out, size_t argc, const struct arg *argv, bool front)
{
    struct entry *e;
    if (!lookup_typed(store, &argv[1], TypeList, out, &e)) return CommandContinue;
    if (e == NULL) e = store_put_object(store, argv[1].bytes, argv[1].length, TypeList, list_new(), list_free);
    struct list *l = e->object;
    for (size_t i = 2; i < argc; i++) {
        if (front) list_push_front(l, argv[i].bytes, argv[i].length);
        else list_push_back(l, argv[i].bytes, argv[i].length);
    }
    reply_integer(out, (int64_t)l->count);
    return CommandContinue;
}

enum command_outcome cmd_lpush(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return push(state, out, argc, argv, true);
}

enum command_outcome cmd_rpush(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return push(state, out, argc, argv, false);
}

static void pop_one(struct list *l, struct buffer *out, bool front)
{
    struct element *element = front ? list_pop_front(l) : list_pop_back(l);
    reply_bulk(out, element->bytes, element->length);
    free(element);
}

/* LPOP/RPOP key [count]: one element (or nil), or with a count an array (nil if the key is missing). */
static enum command_outcome pop(struct store *store, struct buffer *out, size_t argc, const struct arg *argv, bool front)
{
    if (argc > 3) {
        reply_error(out, "ERR wrong number of arguments for '%s' command", front ? "lpop" : "rpop");
        return CommandContinue;
    }
    size_t count = 1;
    if (argc == 3 && !parse_pop_count(out, &argv[2], &count)) return CommandContinue;
    struct entry *e;
    if (!lookup_typed(store, &argv[1], TypeList, out, &e)) return CommandContinue;
    if (e == NULL) {
        if (argc == 3) buffer_append(out, "*-1\r\n", 5);
        else reply_null(out);
        return CommandContinue;
    }
    struct list *l = e->object;
    if (argc == 3) {
        if (count > l->count) count = l->count;
        reply_array(out, count);
        for (size_t i = 0; i < count; i++) pop_one(l, out, front);
    } else {
        pop_one(l, out, front);
    }
    if (l->count == 0) store_delete_entry(store, e); /* an empty list is no key, as in Redis */
    return CommandContinue;
}

enum command_outcome cmd_lpop(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return pop(state, out, argc, argv, true);
}

enum command_outcome cmd_rpop(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return pop(state, out, argc, argv, false);
}

enum command_outcome cmd_llen(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (lookup_typed(state, &argv[1], TypeList, out, &e))
        reply_integer(out, e == NULL ? 0 : (int64_t)((struct list *)e->object)->count);
    return CommandContinue;
}

enum command_outcome cmd_lrange(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeList, out, &e)) return CommandContinue;
    const struct list *l = e == NULL ? NULL : e->object;
    size_t first, count;
    if (!parse_range(out, &argv[2], &argv[3], l == NULL ? 0 : l->count, &first, &count)) return CommandContinue;
    reply_array(out, count);
    for (size_t i = 0; i < count; i++) {
        const struct element *element = list_at(l, first + i);
        reply_bulk(out, element->bytes, element->length);
    }
    return CommandContinue;
}

enum command_outcome cmd_lindex(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    int64_t index;
    if (!parse_int64(argv[2].bytes, argv[2].length, &index)) {
        reply_error(out, "ERR value is not an integer or out of range");
        return CommandContinue;
    }
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeList, out, &e)) return CommandContinue;
    const struct list *l = e == NULL ? NULL : e->object;
    int64_t n = l == NULL ? 0 : (int64_t)l->count;
    if (index < 0) index += n;
    if (index < 0 || index >= n) reply_null(out);
    else reply_bulk(out, list_at(l, (size_t)index)->bytes, list_at(l, (size_t)index)->length);
    return CommandContinue;
}
