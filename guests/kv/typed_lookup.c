#include "typed_lookup.h"

#include "reply.h"

bool lookup_typed(struct store *s, const struct arg *key, enum value_type type, struct buffer *out, struct entry **found)
{
    struct entry *e = store_find(s, key->bytes, key->length, store_now_ms(s));
    if (e != NULL && e->type != type) {
        reply_error(out, "WRONGTYPE Operation against a key holding the wrong kind of value");
        return false;
    }
    *found = e;
    return true;
}

const char *type_name(enum value_type type)
{
    switch (type) {
    case TypeString: return "string";
    case TypeList: return "list";
    case TypeHash: return "hash";
    case TypeSet: return "set";
    case TypeZset: return "zset";
    }
    return "unknown";
}
