/* Looking a key up as a given type: a key holding another type is Redis's WRONGTYPE error. */
#ifndef KV_TYPED_LOOKUP_H
#define KV_TYPED_LOOKUP_H

#include <stdbool.h>

#include "buffer.h"
#include "resp.h"
#include "store.h"

/* Finds `key`. Returns false (having replied WRONGTYPE) if it holds a type other than `type`;
 * otherwise true, with *found the entry or NULL if the key does not exist. */
bool lookup_typed(struct store *s, const struct arg *key, enum value_type type, struct buffer *out, struct entry **found);

const char *type_name(enum value_type type);

#endif
