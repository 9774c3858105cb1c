/* A growable byte buffer with a consumed prefix: bytes are appended at the end and taken from the
 * front, and the front is reclaimed by compaction instead of on every take. */
#ifndef KV_BUFFER_H
#define KV_BUFFER_H

#include <stddef.h>

struct buffer {
    char *data;
    size_t start;    /* first unconsumed byte */
    size_t end;      /* one past the last byte */
    size_t capacity;
};

void buffer_init(struct buffer *b);
void buffer_free(struct buffer *b);

static inline size_t buffer_length(const struct buffer *b) { return b->end - b->start; }
/* NULL for a buffer that never held anything (NULL + 0 is undefined in C). */
static inline char *buffer_begin(const struct buffer *b) { return b->data == NULL ? NULL : b->data + b->start; }

/* Makes room for at least `bytes` more at the end (may move the data) and returns where to write. */
char *buffer_reserve(struct buffer *b, size_t bytes);
void buffer_commit(struct buffer *b, size_t bytes);
void buffer_append(struct buffer *b, const void *bytes, size_t length);
void buffer_consume(struct buffer *b, size_t bytes);
/* Gives memory back after a burst (a large value, a long pipeline) once the buffer is empty. */
void buffer_shrink_if_idle(struct buffer *b);

#endif
