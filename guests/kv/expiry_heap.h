/* A binary min-heap of entries ordered by expiry time. Each entry remembers its slot, so a TTL
 * can be changed or dropped in O(log n), and the sweep finds due keys without scanning the table. */
#ifndef KV_EXPIRY_HEAP_H
#define KV_EXPIRY_HEAP_H

#include <stddef.h>
#include <stdint.h>

struct entry;

#define HEAP_SLOT_NONE ((size_t)-1)

struct expiry_heap {
    struct entry **slots;
    size_t count;
    size_t capacity;
};

void expiry_heap_init(struct expiry_heap *h);
void expiry_heap_free(struct expiry_heap *h);
void expiry_heap_insert(struct expiry_heap *h, struct entry *e);
void expiry_heap_remove(struct expiry_heap *h, struct entry *e);
/* Re-places `e` after its expiry time changed. */
void expiry_heap_update(struct expiry_heap *h, struct entry *e);
static inline struct entry *expiry_heap_first(const struct expiry_heap *h) { return h->count ? h->slots[0] : NULL; }

#endif
