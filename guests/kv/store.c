#include "store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "xalloc.h"

enum {
    BucketsMin = 16,
    ShrinkLoadDivisor = 8, /* shrink when fewer keys than buckets / 8 */
};

/* FNV-1a with a final avalanche. Fixed, unseeded: replicas of a guest must lay out identical
 * tables for identical histories, so the hash may not depend on randomness. */
static uint64_t hash_key(const char *key, size_t length)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < length; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

void store_init(struct store *s)
{
    s->bucket_count = BucketsMin;
    s->buckets = xcalloc(s->bucket_count, sizeof *s->buckets);
    s->key_count = 0;
    expiry_heap_init(&s->expiries);
}

static void drop_object(struct entry *e)
{
    if (e->object != NULL) e->free_object(e->object);
    e->object = NULL;
    e->free_object = NULL;
}

static void free_entry(struct entry *e)
{
    drop_object(e);
    free(e->value);
    free(e);
}

void store_free(struct store *s)
{
    for (size_t b = 0; b < s->bucket_count; b++) {
        struct entry *e = s->buckets[b];
        while (e != NULL) {
            struct entry *next = e->next;
            free_entry(e);
            e = next;
        }
    }
    free(s->buckets);
    expiry_heap_free(&s->expiries);
    s->buckets = NULL;
    s->bucket_count = s->key_count = 0;
}

struct store *store_new(void)
{
    struct store *s = xmalloc(sizeof *s);
    store_init(s);
    return s;
}

void store_destroy(void *store)
{
    store_free(store);
    free(store);
}

static void rehash(struct store *s, size_t bucket_count)
{
    struct entry **buckets = xcalloc(bucket_count, sizeof *buckets);
    for (size_t b = 0; b < s->bucket_count; b++) {
        struct entry *e = s->buckets[b];
        while (e != NULL) {
            struct entry *next = e->next;
            size_t to = e->hash & (bucket_count - 1);
            e->next = buckets[to];
            buckets[to] = e;
            e = next;
        }
    }
    free(s->buckets);
    s->buckets = buckets;
    s->bucket_count = bucket_count;
}

static struct entry **find_link(struct store *s, const char *key, size_t key_length, uint64_t hash)
{
    struct entry **link = &s->buckets[hash & (s->bucket_count - 1)];
    while (*link != NULL) {
        struct entry *e = *link;
        if (e->hash == hash && e->key_length == key_length && memcmp(e->key, key, key_length) == 0) return link;
        link = &e->next;
    }
    return link;
}

static bool expired(const struct entry *e, int64_t now_ms) { return e->expire_at_ms != 0 && e->expire_at_ms <= now_ms; }

static void unlink_entry(struct store *s, struct entry **link)
{
    struct entry *e = *link;
    *link = e->next;
    if (e->heap_slot != HEAP_SLOT_NONE) expiry_heap_remove(&s->expiries, e);
    free_entry(e);
    assert(s->key_count > 0);
    s->key_count--;
    if (s->bucket_count > BucketsMin && s->key_count < s->bucket_count / ShrinkLoadDivisor) rehash(s, s->bucket_count / 2);
}

struct entry *store_find(struct store *s, const char *key, size_t key_length, int64_t now_ms)
{
    struct entry **link = find_link(s, key, key_length, hash_key(key, key_length));
    if (*link == NULL) return NULL;
    if (expired(*link, now_ms)) {
        unlink_entry(s, link);
        return NULL;
    }
    return *link;
}

void store_replace_value(struct entry *e, const char *value, size_t value_length)
{
    if (value_length != e->value_length) e->value = xrealloc(e->value, value_length);
    if (value_length > 0) memcpy(e->value, value, value_length);
    e->value_length = value_length;
}

void store_grow_value(struct entry *e, size_t value_length)
{
    assert(value_length >= e->value_length);
    e->value = xrealloc(e->value, value_length);
    e->value_length = value_length;
}

static struct entry *insert_new(struct store *s, struct entry **link, const char *key, size_t key_length, uint64_t hash)
{
    struct entry *e = xmalloc(sizeof *e + key_length);
    e->next = NULL;
    e->hash = hash;
    e->expire_at_ms = 0;
    e->heap_slot = HEAP_SLOT_NONE;
    e->type = TypeString;
    e->value = NULL;
    e->value_length = 0;
    e->object = NULL;
    e->free_object = NULL;
    e->key_length = key_length;
    memcpy(e->key, key, key_length);
    *link = e;
    s->key_count++;
    if (s->key_count > s->bucket_count) rehash(s, s->bucket_count * 2);
    return e;
}

struct entry *store_put(struct store *s, const char *key, size_t key_length, const char *value, size_t value_length)
{
    uint64_t hash = hash_key(key, key_length);
    struct entry **link = find_link(s, key, key_length, hash);
    struct entry *e = *link != NULL ? *link : insert_new(s, link, key, key_length, hash);
    if (e->type != TypeString) {
        drop_object(e);
        e->type = TypeString;
    }
    store_replace_value(e, value, value_length);
    return e;
}

struct entry *store_put_object(struct store *s, const char *key, size_t key_length, enum value_type type, void *object,
                               void (*free_object)(void *object))
{
    uint64_t hash = hash_key(key, key_length);
    struct entry **link = find_link(s, key, key_length, hash);
    assert(*link == NULL && type != TypeString && object != NULL);
    struct entry *e = insert_new(s, link, key, key_length, hash);
    e->type = type;
    e->object = object;
    e->free_object = free_object;
    return e;
}

struct entry *store_first(struct store *s)
{
    for (size_t b = 0; b < s->bucket_count; b++)
        if (s->buckets[b] != NULL) return s->buckets[b];
    return NULL;
}

void store_set_expiry(struct store *s, struct entry *e, int64_t at_ms)
{
    assert(at_ms >= 0);
    bool had = e->heap_slot != HEAP_SLOT_NONE;
    e->expire_at_ms = at_ms;
    if (at_ms == 0) {
        if (had) expiry_heap_remove(&s->expiries, e);
    } else if (had) {
        expiry_heap_update(&s->expiries, e);
    } else {
        expiry_heap_insert(&s->expiries, e);
    }
}

bool store_delete(struct store *s, const char *key, size_t key_length, int64_t now_ms)
{
    struct entry **link = find_link(s, key, key_length, hash_key(key, key_length));
    if (*link == NULL) return false;
    bool live = !expired(*link, now_ms);
    unlink_entry(s, link);
    return live;
}

void store_delete_entry(struct store *s, struct entry *e)
{
    struct entry **link = find_link(s, e->key, e->key_length, e->hash);
    assert(*link == e);
    unlink_entry(s, link);
}

void store_flush(struct store *s)
{
    store_free(s);
    store_init(s);
}

size_t store_expire_due(struct store *s, int64_t now_ms, size_t budget)
{
    size_t deleted = 0;
    while (deleted < budget) {
        struct entry *first = expiry_heap_first(&s->expiries);
        if (first == NULL || !expired(first, now_ms)) break;
        store_delete_entry(s, first);
        deleted++;
    }
    return deleted;
}

int64_t store_next_expiry(const struct store *s)
{
    const struct entry *first = expiry_heap_first(&s->expiries);
    return first == NULL ? 0 : first->expire_at_ms;
}

int64_t store_now_ms(const struct store *s) { return s->expiries.count == 0 ? 0 : clock_realtime_ms(); }

void store_each(struct store *s, int64_t now_ms, void (*visit)(void *context, const struct entry *e), void *context)
{
    for (size_t b = 0; b < s->bucket_count; b++)
        for (const struct entry *e = s->buckets[b]; e != NULL; e = e->next)
            if (!expired(e, now_ms)) visit(context, e);
}
