#include "expiry_heap.h"

#include <assert.h>
#include <stdlib.h>

#include "store.h"
#include "xalloc.h"

void expiry_heap_init(struct expiry_heap *h)
{
    h->slots = NULL;
    h->count = h->capacity = 0;
}

void expiry_heap_free(struct expiry_heap *h)
{
    free(h->slots);
    expiry_heap_init(h);
}

static void place(struct expiry_heap *h, size_t slot, struct entry *e)
{
    h->slots[slot] = e;
    e->heap_slot = slot;
}

static size_t sift_up(struct expiry_heap *h, size_t slot)
{
    struct entry *e = h->slots[slot];
    while (slot > 0) {
        size_t parent = (slot - 1) / 2;
        if (h->slots[parent]->expire_at_ms <= e->expire_at_ms) break;
        place(h, slot, h->slots[parent]);
        slot = parent;
    }
    place(h, slot, e);
    return slot;
}

static void sift_down(struct expiry_heap *h, size_t slot)
{
    struct entry *e = h->slots[slot];
    for (;;) {
        size_t child = 2 * slot + 1;
        if (child >= h->count) break;
        if (child + 1 < h->count && h->slots[child + 1]->expire_at_ms < h->slots[child]->expire_at_ms) child++;
        if (e->expire_at_ms <= h->slots[child]->expire_at_ms) break;
        place(h, slot, h->slots[child]);
        slot = child;
    }
    place(h, slot, e);
}

void expiry_heap_insert(struct expiry_heap *h, struct entry *e)
{
    assert(e->heap_slot == HEAP_SLOT_NONE && e->expire_at_ms != 0);
    if (h->count == h->capacity) {
        h->capacity = h->capacity == 0 ? 64 : h->capacity * 2;
        h->slots = xrealloc(h->slots, h->capacity * sizeof *h->slots);
    }
    place(h, h->count++, e);
    sift_up(h, h->count - 1);
}

void expiry_heap_update(struct expiry_heap *h, struct entry *e)
{
    size_t slot = e->heap_slot;
    assert(slot < h->count && h->slots[slot] == e);
    if (sift_up(h, slot) == slot) sift_down(h, slot);
}

void expiry_heap_remove(struct expiry_heap *h, struct entry *e)
{
    size_t slot = e->heap_slot;
    assert(slot < h->count && h->slots[slot] == e);
    e->heap_slot = HEAP_SLOT_NONE;
    struct entry *last = h->slots[--h->count];
    if (last != e) {
        place(h, slot, last);
        expiry_heap_update(h, last);
    }
    if (h->count == 0) expiry_heap_free(h); /* the last TTL gone: give the array back */
}
