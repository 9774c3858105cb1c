/* The key space: a chained hash table of binary-safe keys and string values that grows and
 * shrinks with the number of keys, plus optional per-key expiry (lazy on access, and swept).
 * Times are Unix milliseconds (CLOCK_REALTIME), as in Redis: a stored deadline keeps its meaning
 * when a page of memory is copied to a replica whose monotonic clock started elsewhere. */
#ifndef KV_STORE_H
#define KV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "expiry_heap.h"

/* What a key holds. Strings live in `value`; the others are objects owned by the entry. */
enum value_type { TypeString, TypeList, TypeHash, TypeSet, TypeZset };

struct entry {
    struct entry *next;      /* bucket chain */
    uint64_t hash;
    int64_t expire_at_ms;    /* 0: never */
    size_t heap_slot;        /* HEAP_SLOT_NONE unless expire_at_ms != 0 */
    enum value_type type;
    char *value;             /* TypeString */
    size_t value_length;
    void *object;            /* the other types */
    void (*free_object)(void *object);
    size_t key_length;
    char key[];
};

struct store {
    struct entry **buckets;
    size_t bucket_count;     /* a power of two */
    size_t key_count;
    struct expiry_heap expiries;
};

void store_init(struct store *s);
void store_free(struct store *s);
/* A heap-allocated table, as the field table of a hash or the member table of a set. */
struct store *store_new(void);
void store_destroy(void *store);
/* The live entry for `key`, or NULL; an entry past its deadline is deleted on the way. */
struct entry *store_find(struct store *s, const char *key, size_t key_length, int64_t now_ms);
/* Sets a string value (copied), creating the key if needed; whatever the key held before is
 * replaced, but an existing key keeps its expiry. */
struct entry *store_put(struct store *s, const char *key, size_t key_length, const char *value, size_t value_length);
/* Creates `key` (which must not exist) holding `object` of `type`, freed with `free_object`. */
struct entry *store_put_object(struct store *s, const char *key, size_t key_length, enum value_type type, void *object,
                               void (*free_object)(void *object));
/* The first entry in table order, or NULL, deadlines not considered: a deterministic pick for
 * SPOP from a set's member table (which has no deadlines). */
struct entry *store_first(struct store *s);
void store_replace_value(struct entry *e, const char *value, size_t value_length);
/* Resizes the value to `value_length` bytes, keeping its prefix (for APPEND). */
void store_grow_value(struct entry *e, size_t value_length);
/* Sets (at_ms > 0) or clears (at_ms == 0) the deadline of `e`. */
void store_set_expiry(struct store *s, struct entry *e, int64_t at_ms);
bool store_delete(struct store *s, const char *key, size_t key_length, int64_t now_ms);
void store_delete_entry(struct store *s, struct entry *e);
void store_flush(struct store *s);
/* Deletes up to `budget` keys whose deadline has passed; returns how many it deleted. */
size_t store_expire_due(struct store *s, int64_t now_ms, size_t budget);
/* The earliest deadline, or 0 if no key has one. */
int64_t store_next_expiry(const struct store *s);
/* The time to judge deadlines by: the clock when any key has a deadline, else 0 (which no
 * deadline precedes), so that commands on keys without TTLs never read the clock. */
int64_t store_now_ms(const struct store *s);
static inline size_t store_expiring_count(const struct store *s) { return s->expiries.count; }
/* Calls `visit` for every live key in table order (deterministic for a given history). */
void store_each(struct store *s, int64_t now_ms, void (*visit)(void *context, const struct entry *e), void *context);

#endif
