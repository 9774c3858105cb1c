/* Commands about the connection and the server rather than the data (PING, ECHO, QUIT, SELECT,
 * COMMAND, CONFIG). They use no state, so every RESP guest can list them. */
#ifndef KV_CONNECTION_COMMANDS_H
#define KV_CONNECTION_COMMANDS_H

#include "command.h"

enum command_outcome cmd_ping(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_echo(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_quit(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_select(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_command(void *, struct buffer *, size_t, const struct arg *);
enum command_outcome cmd_config(void *, struct buffer *, size_t, const struct arg *);

#define CONNECTION_COMMANDS                 \
    {"ping", -1, cmd_ping},                 \
    {"echo", 2, cmd_echo},                  \
    {"quit", -1, cmd_quit},                 \
    {"select", 2, cmd_select},              \
    {"command", -1, cmd_command},           \
    {"config", -2, cmd_config}

#endif
