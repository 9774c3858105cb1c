/* Allocation that never returns NULL: a server that cannot allocate has no safe way to go on, so
 * it stops loudly (as Redis does by default), naming the request. */
#ifndef KV_XALLOC_H
#define KV_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t bytes);
void *xcalloc(size_t count, size_t bytes);
void *xrealloc(void *block, size_t bytes);

#endif
