/* A command table and its dispatcher: name lookup (case-insensitive), arity checks and the
 * Redis error replies for unknown commands and wrong argument counts. */
#ifndef KV_COMMAND_H
#define KV_COMMAND_H

#include <stddef.h>

#include "buffer.h"
#include "resp.h"
#include "server.h"

typedef enum command_outcome (*command_handler)(void *state, struct buffer *out, size_t argc, const struct arg *argv);

struct command {
    const char *name;  /* lower case */
    int arity;         /* as in Redis: N means exactly N arguments (name included), -N at least N */
    command_handler run;
};

enum command_outcome command_dispatch(const struct command *table, size_t count, void *state,
                                      struct buffer *out, size_t argc, const struct arg *argv);
/* True if argv[i] equals `word`, ignoring case (for options such as EX, NX). */
bool arg_is(const struct arg *a, const char *word);

#endif
