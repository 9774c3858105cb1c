#include "zset.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct zset *zset_new(void)
{
    struct zset *z = xcalloc(1, sizeof *z);
    store_init(&z->scores);
    return z;
}

void zset_free(void *object)
{
    struct zset *z = object;
    for (size_t i = 0; i < z->count; i++) free(z->order[i]);
    free(z->order);
    store_free(&z->scores);
    free(z);
}

static int compare(double score, const char *member, size_t length, const struct zitem *item)
{
    if (score < item->score) return -1;
    if (score > item->score) return 1;
    size_t common = length < item->length ? length : item->length;
    int c = memcmp(member, item->member, common);
    if (c != 0) return c;
    return length < item->length ? -1 : length > item->length ? 1 : 0;
}

/* The rank of the first item not ordered before (score, member). */
static size_t lower_bound(const struct zset *z, double score, const char *member, size_t length)
{
    size_t low = 0, high = z->count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (compare(score, member, length, z->order[mid]) > 0) low = mid + 1;
        else high = mid;
    }
    return low;
}

static void insert_item(struct zset *z, double score, const char *member, size_t length)
{
    if (z->count == z->capacity) {
        z->capacity = z->capacity == 0 ? 8 : z->capacity * 2;
        z->order = xrealloc(z->order, z->capacity * sizeof *z->order);
    }
    struct zitem *item = xmalloc(sizeof *item + length);
    item->score = score;
    item->length = length;
    if (length > 0) memcpy(item->member, member, length);
    size_t rank = lower_bound(z, score, member, length);
    memmove(&z->order[rank + 1], &z->order[rank], (z->count - rank) * sizeof *z->order);
    z->order[rank] = item;
    z->count++;
}

static void remove_item(struct zset *z, double score, const char *member, size_t length)
{
    size_t rank = lower_bound(z, score, member, length);
    assert(rank < z->count && compare(score, member, length, z->order[rank]) == 0);
    free(z->order[rank]);
    memmove(&z->order[rank], &z->order[rank + 1], (z->count - rank - 1) * sizeof *z->order);
    z->count--;
}

bool zset_score(struct zset *z, const char *member, size_t length, double *score)
{
    const struct entry *e = store_find(&z->scores, member, length, 0);
    if (e == NULL) return false;
    memcpy(score, e->value, sizeof *score);
    return true;
}

bool zset_set(struct zset *z, const char *member, size_t length, double score)
{
    double old;
    bool existed = zset_score(z, member, length, &old);
    if (existed) remove_item(z, old, member, length);
    insert_item(z, score, member, length);
    store_put(&z->scores, member, length, (const char *)&score, sizeof score);
    return !existed;
}

bool zset_remove(struct zset *z, const char *member, size_t length)
{
    double score;
    if (!zset_score(z, member, length, &score)) return false;
    /* `member` may point into the item itself (ZPOPMIN), so the item is freed last. */
    store_delete(&z->scores, member, length, 0);
    remove_item(z, score, member, length);
    return true;
}
