#include "command.h"

#include <ctype.h>
#include <string.h>

#include "reply.h"

enum {
    CommandNameBytesMax = 32,
    UnknownArgsEchoBytesMax = 128, /* as Redis: how much of the arguments an unknown-command error quotes */
};

bool arg_is(const struct arg *a, const char *word)
{
    size_t length = strlen(word);
    if (a->length != length) return false;
    for (size_t i = 0; i < length; i++)
        if (tolower((unsigned char)a->bytes[i]) != (unsigned char)word[i]) return false;
    return true;
}

static const struct command *find(const struct command *table, size_t count, const struct arg *name)
{
    if (name->length == 0 || name->length >= CommandNameBytesMax) return NULL;
    for (size_t i = 0; i < count; i++)
        if (arg_is(name, table[i].name)) return &table[i];
    return NULL;
}

static void reply_unknown(struct buffer *out, size_t argc, const struct arg *argv)
{
    char quoted[UnknownArgsEchoBytesMax + 1];
    size_t used = 0;
    for (size_t i = 1; i < argc && used < UnknownArgsEchoBytesMax; i++) {
        size_t room = UnknownArgsEchoBytesMax - used;
        size_t take = argv[i].length + 3 <= room ? argv[i].length : (room > 3 ? room - 3 : 0);
        quoted[used++] = '\'';
        memcpy(quoted + used, argv[i].bytes, take);
        used += take;
        if (used < UnknownArgsEchoBytesMax) quoted[used++] = '\'';
        if (used < UnknownArgsEchoBytesMax) quoted[used++] = ' ';
    }
    quoted[used] = '\0';
    int name_length = argv[0].length > 128 ? 128 : (int)argv[0].length;
    reply_error(out, "ERR unknown command '%.*s', with args beginning with: %s", name_length, argv[0].bytes, quoted);
}

enum command_outcome command_dispatch(const struct command *table, size_t count, void *state,
                                      struct buffer *out, size_t argc, const struct arg *argv)
{
    const struct command *command = find(table, count, &argv[0]);
    if (command == NULL) {
        reply_unknown(out, argc, argv);
        return CommandContinue;
    }
    int arity = command->arity;
    if ((arity > 0 && argc != (size_t)arity) || (arity < 0 && argc < (size_t)-arity)) {
        reply_error(out, "ERR wrong number of arguments for '%s' command", command->name);
        return CommandContinue;
    }
    return command->run(state, out, argc, argv);
}
