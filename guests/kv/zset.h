/* A sorted set: members with scores, ordered by (score, member bytes). A member table gives the
 * score of a member; a sorted array gives order and rank. Inserting and removing move part of the
 * array (O(n)), which is fine at the sizes kv is meant for. */
#ifndef KV_ZSET_H
#define KV_ZSET_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

struct zitem {
    double score;
    size_t length;
    char member[];
};

struct zset {
    struct store scores;  /* member -> score, the value holding the double's bytes */
    struct zitem **order;
    size_t count;
    size_t capacity;
};

struct zset *zset_new(void);
void zset_free(void *zset);
/* Sets the member's score; returns true if the member is new. */
bool zset_set(struct zset *z, const char *member, size_t length, double score);
bool zset_score(struct zset *z, const char *member, size_t length, double *score);
bool zset_remove(struct zset *z, const char *member, size_t length);
static inline const struct zitem *zset_at(const struct zset *z, size_t rank) { return z->order[rank]; }

#endif
