#include "buffer.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum {
    BufferInitialBytes = 4096,
    BufferIdleKeepBytes = 64 * 1024,   /* capacity kept by an empty buffer */
};

void buffer_init(struct buffer *b)
{
    b->data = NULL;
    b->start = b->end = b->capacity = 0;
}

void buffer_free(struct buffer *b)
{
    free(b->data);
    buffer_init(b);
}

static void buffer_compact(struct buffer *b)
{
    size_t length = buffer_length(b);
    if (b->start > 0 && length > 0) memmove(b->data, b->data + b->start, length);
    b->start = 0;
    b->end = length;
}

char *buffer_reserve(struct buffer *b, size_t bytes)
{
    if (b->capacity - b->end >= bytes) return b->data + b->end;
    /* Sliding the live bytes to the front is cheaper than growing when half the space is dead. */
    if (b->start > 0 && b->capacity - buffer_length(b) >= bytes && b->start >= buffer_length(b)) {
        buffer_compact(b);
        return b->data + b->end;
    }
    buffer_compact(b);
    size_t needed = b->end + bytes;
    if (needed < b->end) abort(); /* size_t overflow: no request can be that large */
    size_t capacity = b->capacity == 0 ? BufferInitialBytes : b->capacity;
    while (capacity < needed) capacity *= 2;
    b->data = xrealloc(b->data, capacity);
    b->capacity = capacity;
    return b->data + b->end;
}

void buffer_commit(struct buffer *b, size_t bytes)
{
    assert(b->capacity - b->end >= bytes);
    b->end += bytes;
}

void buffer_append(struct buffer *b, const void *bytes, size_t length)
{
    if (length == 0) return;
    memcpy(buffer_reserve(b, length), bytes, length);
    b->end += length;
}

void buffer_consume(struct buffer *b, size_t bytes)
{
    assert(bytes <= buffer_length(b));
    b->start += bytes;
    if (b->start == b->end) b->start = b->end = 0;
}

void buffer_shrink_if_idle(struct buffer *b)
{
    if (buffer_length(b) != 0 || b->capacity <= BufferIdleKeepBytes) return;
    free(b->data);
    buffer_init(b);
}
