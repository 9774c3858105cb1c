#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>

static void out_of_memory(size_t bytes)
{
    fprintf(stderr, "kv: out of memory allocating %zu bytes\n", bytes);
    abort();
}

void *xmalloc(size_t bytes)
{
    void *block = malloc(bytes == 0 ? 1 : bytes);
    if (block == NULL) out_of_memory(bytes);
    return block;
}

void *xcalloc(size_t count, size_t bytes)
{
    void *block = calloc(count == 0 ? 1 : count, bytes == 0 ? 1 : bytes);
    if (block == NULL) out_of_memory(count * bytes);
    return block;
}

void *xrealloc(void *block, size_t bytes)
{
    void *grown = realloc(block, bytes == 0 ? 1 : bytes);
    if (grown == NULL) out_of_memory(bytes);
    return grown;
}
