/* A list of byte strings as a ring buffer of element pointers: O(1) push and pop at both ends,
 * O(1) access by index (for LRANGE and LINDEX). */
#ifndef KV_LIST_H
#define KV_LIST_H

#include <stddef.h>

struct element {
    size_t length;
    char bytes[];
};

struct list {
    struct element **slots;
    size_t head;      /* slot of index 0 */
    size_t count;
    size_t capacity;  /* a power of two, or 0 */
};

struct list *list_new(void);
void list_free(void *list);
void list_push_front(struct list *l, const char *bytes, size_t length);
void list_push_back(struct list *l, const char *bytes, size_t length);
/* Removes and returns the first/last element (the caller frees it); the list must not be empty. */
struct element *list_pop_front(struct list *l);
struct element *list_pop_back(struct list *l);
const struct element *list_at(const struct list *l, size_t index);

#endif
