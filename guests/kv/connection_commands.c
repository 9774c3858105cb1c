#include "connection_commands.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "glob.h"
#include "intparse.h"
#include "reply.h"

/* The configuration kv really has: no persistence and one database. redis-benchmark asks for
 * `save` and `appendonly` when it starts. */
static const struct {
    const char *name;
    const char *value;
} Parameters[] = {
    {"save", ""},
    {"appendonly", "no"},
    {"databases", "1"},
};

enum command_outcome cmd_ping(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)state;
    if (argc > 2) reply_error(out, "ERR wrong number of arguments for 'ping' command");
    else if (argc == 2) reply_bulk(out, argv[1].bytes, argv[1].length);
    else reply_status(out, "PONG");
    return CommandContinue;
}

enum command_outcome cmd_echo(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)state, (void)argc;
    reply_bulk(out, argv[1].bytes, argv[1].length);
    return CommandContinue;
}

enum command_outcome cmd_quit(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)state, (void)argc, (void)argv;
    reply_status(out, "OK");
    return CommandCloseAfterReply;
}

enum command_outcome cmd_select(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)state, (void)argc;
    int64_t index;
    if (!parse_int64(argv[1].bytes, argv[1].length, &index)) reply_error(out, "ERR value is not an integer or out of range");
    else if (index != 0) reply_error(out, "ERR DB index is out of range");
    else reply_status(out, "OK");
    return CommandContinue;
}

static void reply_unknown_subcommand(struct buffer *out, const struct arg *sub, const char *command)
{
    int length = sub->length > 128 ? 128 : (int)sub->length;
    reply_error(out, "ERR unknown subcommand '%.*s'. Try %s HELP.", length, sub->bytes, command);
}

/* No command introspection: the listings are empty, which clients such as redis-cli accept. */
enum command_outcome cmd_command(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)state;
    if (argc == 1 || arg_is(&argv[1], "docs") || arg_is(&argv[1], "info") || arg_is(&argv[1], "list"))
        reply_array(out, 0);
    else
        reply_unknown_subcommand(out, &argv[1], "COMMAND");
    return CommandContinue;
}

static void config_get(struct buffer *out, size_t argc, const struct arg *argv)
{
    const size_t count = sizeof Parameters / sizeof Parameters[0];
    bool matched[sizeof Parameters / sizeof Parameters[0]] = {false};
    size_t matches = 0;
    for (size_t p = 0; p < count; p++)
        for (size_t i = 2; i < argc && !matched[p]; i++)
            if (glob_match(argv[i].bytes, argv[i].length, Parameters[p].name, strlen(Parameters[p].name), true)) {
                matched[p] = true;
                matches++;
            }
    reply_array(out, 2 * matches);
    for (size_t p = 0; p < count; p++)
        if (matched[p]) {
            reply_bulk_text(out, Parameters[p].name);
            reply_bulk_text(out, Parameters[p].value);
        }
}

enum command_outcome cmd_config(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)state;
    if (arg_is(&argv[1], "get")) {
        if (argc < 3) reply_error(out, "ERR wrong number of arguments for 'config|get' command");
        else config_get(out, argc, argv);
    } else if (arg_is(&argv[1], "set")) {
        int length = argc < 3 ? 0 : (argv[2].length > 128 ? 128 : (int)argv[2].length);
        reply_error(out, "ERR Unknown option or number of arguments for CONFIG SET - '%.*s'", length, argc < 3 ? "" : argv[2].bytes);
    } else if (arg_is(&argv[1], "resetstat")) {
        reply_status(out, "OK"); /* there are no statistics to reset */
    } else {
        reply_unknown_subcommand(out, &argv[1], "CONFIG");
    }
    return CommandContinue;
}
