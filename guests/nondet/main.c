/* nondet: a small RESP service whose state depends on time and randomness, to exercise replica
 * divergence. SET stamps each value with CLOCK_REALTIME and a random 64-bit token (getentropy)
 * and records the stamp in a ring of recent writes, so two replicas fed the same commands but
 * different clocks or randomness end up with different memory pages.
 *
 *   SET key value  -> +OK
 *   GET key        -> [value, stamp_ns, token_hex] or a null bulk
 *   RECENT         -> the stamps of the latest writes, newest first
 *   plus PING, ECHO, DEL, EXISTS, KEYS, DBSIZE, FLUSHALL, QUIT, COMMAND, CONFIG, INFO as in kv. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "command.h"
#include "connection_commands.h"
#include "keyspace_commands.h"
#include "platform.h"
#include "reply.h"
#include "server.h"
#include "store.h"

enum {
    RecentStampsMax = 64,
    RecordHeaderBytes = 16, /* stamp (8 bytes) then token (8 bytes), then the value */
};

struct nondet {
    struct store store; /* first: the keyspace commands take the state as a struct store */
    int64_t recent[RecentStampsMax];
    uint64_t writes;
};

static int64_t realtime_ns(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0) {
        perror("nondet: clock_gettime");
        abort();
    }
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static uint64_t random_token(void)
{
    uint64_t token;
    if (getentropy(&token, sizeof token) != 0) {
        perror("nondet: getentropy");
        abort();
    }
    return token;
}

static enum command_outcome cmd_stamped_set(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct nondet *n = state;
    int64_t stamp = realtime_ns();
    uint64_t token = random_token();
    struct entry *e = store_put(&n->store, argv[1].bytes, argv[1].length, "", 0);
    store_grow_value(e, RecordHeaderBytes + argv[2].length);
    memcpy(e->value, &stamp, sizeof stamp);
    memcpy(e->value + 8, &token, sizeof token);
    memcpy(e->value + RecordHeaderBytes, argv[2].bytes, argv[2].length);
    store_set_expiry(&n->store, e, 0);
    n->recent[n->writes % RecentStampsMax] = stamp;
    n->writes++;
    reply_status(out, "OK");
    return CommandContinue;
}

static enum command_outcome cmd_stamped_get(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc;
    struct nondet *n = state;
    const struct entry *e = store_find(&n->store, argv[1].bytes, argv[1].length, 0);
    if (e == NULL) {
        reply_null(out);
        return CommandContinue;
    }
    int64_t stamp;
    uint64_t token;
    memcpy(&stamp, e->value, sizeof stamp);
    memcpy(&token, e->value + 8, sizeof token);
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)token);
    reply_array(out, 3);
    reply_bulk(out, e->value + RecordHeaderBytes, e->value_length - RecordHeaderBytes);
    reply_integer(out, stamp);
    reply_bulk(out, hex, 16);
    return CommandContinue;
}

static enum command_outcome cmd_recent(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    (void)argc, (void)argv;
    const struct nondet *n = state;
    uint64_t count = n->writes < RecentStampsMax ? n->writes : RecentStampsMax;
    reply_array(out, (size_t)count);
    for (uint64_t i = 1; i <= count; i++) reply_integer(out, n->recent[(n->writes - i) % RecentStampsMax]);
    return CommandContinue;
}

static const struct command Commands[] = {
    CONNECTION_COMMANDS,
    {"set", 3, cmd_stamped_set},
    {"get", 2, cmd_stamped_get},
    {"recent", 1, cmd_recent},
    {"del", -2, cmd_del},
    {"exists", -2, cmd_exists},
    {"keys", 2, cmd_keys},
    {"dbsize", 1, cmd_dbsize},
    {"flushall", -1, cmd_flushall},
    {"info", -1, cmd_info},
};

static enum command_outcome execute(void *state, struct buffer *out, size_t argc, const struct arg *argv)
{
    return command_dispatch(Commands, sizeof Commands / sizeof Commands[0], state, out, argc, argv);
}

int main(int argc, char **argv)
{
    int listener = platform_open_listener("nondet", argc, argv);
    static struct nondet state;
    store_init(&state.store);
    struct server_app app = {.execute = execute, .context = &state};
    if (server_run(listener, &app) != 0) {
        fprintf(stderr, "nondet: poll failed: %s\n", strerror(errno));
        return 1;
    }
    store_free(&state.store);
    return 0;
}
