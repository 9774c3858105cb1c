#include "zset_commands.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "range.h"
#include "reply.h"
#include "store.h"
#include "typed_lookup.h"
#include "xalloc.h"
#include "zset.h"

enum { ScoreTextBytesMax = 128 };
enum { ZaddNx = 1, ZaddXx = 2, ZaddGt = 4, ZaddLt = 8, ZaddCh = 16, ZaddIncr = 32 };

static struct zset *zset_of(const struct entry *e) { return e == NULL ? NULL : e->object; }

/* As Redis reads a score: the whole argument is a number or +/-inf; no spaces; never NaN, and
 * no literal too large for a double or so small it rounds to zero. */
static bool parse_score(const struct arg *a, double *score)
{
    char text[ScoreTextBytesMax];
    if (a->length == 0 || a->length >= sizeof text || isspace((unsigned char)a->bytes[0])) return false;
    memcpy(text, a->bytes, a->length);
    text[a->length] = '\0';
    char *end;
    errno = 0;
    *score = strtod(text, &end);
    bool out_of_range = errno == ERANGE && (isinf(*score) || *score == 0);
    return end == text + a->length && !isnan(*score) && !out_of_range;
}

/* Redis 7.0 replies scores with %.17g, and inf as "inf". */
static void reply_score(struct buffer *out, double score)
{
    char text[64];
    int length = isinf(score) ? snprintf(text, sizeof text, score > 0 ? "inf" : "-inf") : snprintf(text, sizeof text, "%.17g", score);
    reply_bulk(out, text, (size_t)length);
}

static size_t parse_zadd_flags(size_t argc, const struct arg *argv, int *flags)
{
    static const struct { const char *word; int flag; } Options[] = {
        {"nx", ZaddNx}, {"xx", ZaddXx}, {"gt", ZaddGt}, {"lt", ZaddLt}, {"ch", ZaddCh}, {"incr", ZaddIncr}};
    size_t i = 2;
    *flags = 0;
    for (; i < argc; i++) {
        int flag = 0;
        for (size_t o = 0; o < sizeof Options / sizeof Options[0]; o++)
            if (arg_is(&argv[i], Options[o].word)) flag = Options[o].flag;
        if (flag == 0) break;
        *flags |= flag;
    }
    return i;
}

/* The error for ZADD's options and pair count, or NULL if they are valid. */
static const char *zadd_arguments_error(int flags, size_t pairs_start, size_t argc)
{
    size_t rest = argc - pairs_start;
    if (rest == 0 || rest % 2 != 0) return "ERR syntax error";
    if ((flags & ZaddNx) && (flags & ZaddXx)) return "ERR XX and NX options at the same time are not compatible";
    if (((flags & ZaddGt) && (flags & ZaddNx)) || ((flags & ZaddLt) && (flags & ZaddNx)) || ((flags & ZaddGt) && (flags & ZaddLt)))
        return "ERR GT, LT, and/or NX options at the same time are not compatible";
    if ((flags & ZaddIncr) && rest != 2) return "ERR INCR option supports a single increment-element pair";
    return NULL;
}

/* Applies one score-member pair under the flags; returns 1 if added, 0 if not, and sets *changed. */
static int zadd_one(struct zset *z, int flags, double score, const struct arg *member, bool *changed, double *result, bool *skipped)
{
    double old;
    *changed = false;
    *skipped = true;
    if (zset_score(z, member->bytes, member->length, &old)) {
        if (flags & ZaddNx) return 0;
        double next = (flags & ZaddIncr) ? old + score : score;
        if (((flags & ZaddGt) && next <= old) || ((flags & ZaddLt) && next >= old)) return 0;
        *skipped = false;
        *result = next;
        if (next != old) {
            zset_set(z, member->bytes, member->length, next);
            *changed = true;
        }
        return 0;
    }
    if (flags & ZaddXx) return 0;
    *skipped = false;
    *result = score;
    zset_set(z, member->bytes, member->length, score);
    return 1;
}

enum command_outcome cmd_zadd(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    int flags;
    size_t pairs = parse_zadd_flags(argc, argv, &flags);
    const char *error = zadd_arguments_error(flags, pairs, argc);
    if (error != NULL) {
        reply_error(out, "%s", error);
        return CommandContinue;
    }
    double *scores = xmalloc((argc - pairs) / 2 * sizeof *scores);
    for (size_t i = pairs; i < argc; i += 2)
        if (!parse_score(&argv[i], &scores[(i - pairs) / 2])) {
            free(scores);
            reply_error(out, "ERR value is not a valid float");
            return CommandContinue;
        }
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeZset, out, &e)) {
        free(scores);
        return CommandContinue;
    }
    if (e == NULL && (flags & ZaddXx)) {
        free(scores);
        if (flags & ZaddIncr) reply_null(out);
        else reply_integer(out, 0);
        return CommandContinue;
    }
    if (e == NULL) e = store_put_object(state, argv[1].bytes, argv[1].length, TypeZset, zset_new(), zset_free);
    int64_t added = 0, changed = 0;
    double result = 0;
    bool skipped = true;
    for (size_t i = pairs; i < argc; i += 2) {
        bool one_changed;
        added += zadd_one(zset_of(e), flags, scores[(i - pairs) / 2], &argv[i + 1], &one_changed, &result, &skipped);
        changed += one_changed;
    }
    free(scores);
    if (flags & ZaddIncr) {
        if (skipped) reply_null(out);
        else reply_score(out, result);
    } else {
        reply_integer(out, (flags & ZaddCh) ? added + changed : added);
    }
    if (zset_of(e)->count == 0) store_delete_entry(state, e);
    return CommandContinue;
}

enum command_outcome cmd_zcard(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (lookup_typed(state, &argv[1], TypeZset, out, &e)) reply_integer(out, e == NULL ? 0 : (int64_t)zset_of(e)->count);
    return CommandContinue;
}

enum command_outcome cmd_zscore(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeZset, out, &e)) return CommandContinue;
    double score;
    if (e != NULL && zset_score(zset_of(e), argv[2].bytes, argv[2].length, &score)) reply_score(out, score);
    else reply_null(out);
    return CommandContinue;
}

static void reply_item(struct buffer *out, const struct zitem *item, bool with_score)
{
    reply_bulk(out, item->member, item->length);
    if (with_score) reply_score(out, item->score);
}

/* By rank only (no BYSCORE, BYLEX, REV or LIMIT). */
enum command_outcome cmd_zrange(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    bool with_scores = argc == 5 && arg_is(&argv[4], "withscores");
    if (argc > 5 || (argc == 5 && !with_scores)) {
        reply_error(out, "ERR syntax error");
        return CommandContinue;
    }
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeZset, out, &e)) return CommandContinue;
    const struct zset *z = zset_of(e);
    size_t first, count;
    if (!parse_range(out, &argv[2], &argv[3], z == NULL ? 0 : z->count, &first, &count)) return CommandContinue;
    reply_array(out, with_scores ? 2 * count : count);
    for (size_t i = 0; i < count; i++) reply_item(out, zset_at(z, first + i), with_scores);
    return CommandContinue;
}

enum command_outcome cmd_zrem(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeZset, out, &e)) return CommandContinue;
    int64_t removed = 0;
    for (size_t i = 2; e != NULL && i < argc; i++)
        if (zset_remove(zset_of(e), argv[i].bytes, argv[i].length)) removed++;
    if (e != NULL && zset_of(e)->count == 0) store_delete_entry(state, e);
    reply_integer(out, removed);
    return CommandContinue;
}

enum command_outcome cmd_zpopmin(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    if (argc > 3) {
        reply_error(out, "ERR syntax error");
        return CommandContinue;
    }
    size_t count = 1;
    if (argc == 3 && !parse_pop_count(out, &argv[2], &count)) return CommandContinue;
    struct entry *e;
    if (!lookup_typed(state, &argv[1], TypeZset, out, &e)) return CommandContinue;
    struct zset *z = zset_of(e);
    if (z == NULL || count > z->count) count = z == NULL ? 0 : z->count;
    reply_array(out, 2 * count);
    for (size_t i = 0; i < count; i++) {
        const struct zitem *lowest = zset_at(z, 0);
        reply_item(out, lowest, true);
        zset_remove(z, lowest->member, lowest->length);
    }
    if (e != NULL && z->count == 0) store_delete_entry(state, e);
    return CommandContinue;
}
