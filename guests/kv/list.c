#include "list.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum { ListInitialSlots = 8, ListSparseDivisor = 4 /* shrink below a quarter full */ };

struct list *list_new(void) { return xcalloc(1, sizeof(struct list)); }

void list_free(void *object)
{
    struct list *l = object;
    for (size_t i = 0; i < l->count; i++) free(l->slots[(l->head + i) & (l->capacity - 1)]);
    free(l->slots);
    free(l);
}

static struct element *element_new(const char *bytes, size_t length)
{
    struct element *e = xmalloc(sizeof *e + length);
    e->length = length;
    if (length > 0) memcpy(e->bytes, bytes, length);
    return e;
}

/* Moves the ring into `capacity` slots, unrolling it so that index 0 is slot 0 again. */
static void resize(struct list *l, size_t capacity)
{
    struct element **slots = xmalloc(capacity * sizeof *slots);
    for (size_t i = 0; i < l->count; i++) slots[i] = l->slots[(l->head + i) & (l->capacity - 1)];
    free(l->slots);
    l->slots = slots;
    l->capacity = capacity;
    l->head = 0;
}

static void grow(struct list *l) { resize(l, l->capacity == 0 ? ListInitialSlots : l->capacity * 2); }

/* Gives memory back after the list has drained. */
static void shrink_if_sparse(struct list *l)
{
    if (l->capacity > ListInitialSlots && l->count < l->capacity / ListSparseDivisor) resize(l, l->capacity / 2);
}

void list_push_front(struct list *l, const char *bytes, size_t length)
{
    if (l->count == l->capacity) grow(l);
    l->head = (l->head - 1) & (l->capacity - 1);
    l->slots[l->head] = element_new(bytes, length);
    l->count++;
}

void list_push_back(struct list *l, const char *bytes, size_t length)
{
    if (l->count == l->capacity) grow(l);
    l->slots[(l->head + l->count) & (l->capacity - 1)] = element_new(bytes, length);
    l->count++;
}

struct element *list_pop_front(struct list *l)
{
    assert(l->count > 0);
    struct element *e = l->slots[l->head];
    l->head = (l->head + 1) & (l->capacity - 1);
    l->count--;
    shrink_if_sparse(l);
    return e;
}

struct element *list_pop_back(struct list *l)
{
    assert(l->count > 0);
    l->count--;
    struct element *e = l->slots[(l->head + l->count) & (l->capacity - 1)];
    shrink_if_sparse(l);
    return e;
}

const struct element *list_at(const struct list *l, size_t index)
{
    assert(index < l->count);
    return l->slots[(l->head + index) & (l->capacity - 1)];
}
