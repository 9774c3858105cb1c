/* A single-threaded RESP server loop over poll(): accepts connections, reads and parses commands
 * (pipelined or split across reads), hands each to the application, buffers replies per
 * connection and writes them as the socket allows. The application decides what commands mean. */
#ifndef KV_SERVER_H
#define KV_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"
#include "resp.h"

enum command_outcome {
    CommandContinue,
    CommandCloseAfterReply, /* QUIT: send what is buffered, then close */
};

struct server_app {
    /* Runs one command (argc >= 1) and appends exactly one reply to `out`. */
    enum command_outcome (*execute)(void *context, struct buffer *out, size_t argc, const struct arg *argv);
    /* Milliseconds until `tick` is next due, or -1 when nothing is scheduled. May be NULL. */
    int (*tick_delay_ms)(void *context);
    void (*tick)(void *context);
    void *context;
};

/* Serves on `listener` until asked to stop (then closes every connection and the listener, and
 * returns 0) or until poll fails (returns -1 with errno set). */
int server_run(int listener, const struct server_app *app);

#endif
