#include "server.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform.h"
#include "reply.h"
#include "xalloc.h"

enum {
    /* wasi-libc's poll() puts up to 160 bytes per descriptor on the stack; see guest.mk's stack size. */
    ConnectionsMax = 10000,
    ReadChunkBytes = 16 * 1024,
    ReadChunkBytesMax = 1024 * 1024,     /* largest single read when a big value is arriving */
    OutputPauseBytes = 1024 * 1024,      /* stop executing a client's commands while it owes this much */
    ArgsOnStackMax = 16,
};

struct connection {
    int fd;
    bool peer_closed;  /* read end of stream: finish the replies owed, then close */
    bool closing;      /* QUIT or protocol error: read nothing more, close once flushed */
    struct buffer in;
    struct buffer out;
    struct resp_parser parser;
};

struct server {
    int listener;
    const struct server_app *app;
    struct connection **connections;
    size_t count;
    size_t capacity;
    struct pollfd *fds;
    size_t fds_capacity;
    bool accept_warned;
};

static void connection_add(struct server *s, int fd)
{
    if (s->count == s->capacity) {
        s->capacity = s->capacity == 0 ? 64 : s->capacity * 2;
        s->connections = xrealloc(s->connections, s->capacity * sizeof *s->connections);
    }
    struct connection *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    buffer_init(&c->in);
    buffer_init(&c->out);
    resp_parser_init(&c->parser);
    s->connections[s->count++] = c;
}

/* Removes connection `index` by moving the last one into its place. */
static void connection_close(struct server *s, size_t index)
{
    struct connection *c = s->connections[index];
    close(c->fd);
    buffer_free(&c->in);
    buffer_free(&c->out);
    resp_parser_free(&c->parser);
    free(c);
    s->connections[index] = s->connections[--s->count];
}

static bool wants_input(const struct connection *c)
{
    return !c->peer_closed && !c->closing && buffer_length(&c->out) < OutputPauseBytes;
}

static void accept_pending(struct server *s)
{
    int budget = platform_accepts_per_wakeup();
    while (budget-- > 0 && s->count < ConnectionsMax) {
        int fd = platform_accept(s->listener);
        if (fd >= 0) {
            connection_add(s, fd);
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED && !s->accept_warned) {
            /* Out of descriptors and the like: keep serving the clients we have. */
            fprintf(stderr, "server: accept failed: %s\n", strerror(errno));
            s->accept_warned = true;
        }
        return;
    }
}

/* Reads once; returns false if the connection failed and must be dropped. */
static bool read_input(struct connection *c)
{
    size_t want = resp_bytes_wanted(&c->parser, buffer_length(&c->in));
    if (want < ReadChunkBytes) want = ReadChunkBytes;
    if (want > ReadChunkBytesMax) want = ReadChunkBytesMax;
    char *into = buffer_reserve(&c->in, want);
    ssize_t n = recv(c->fd, into, want, 0);
    if (n > 0) {
        buffer_commit(&c->in, (size_t)n);
        return true;
    }
    if (n == 0) {
        c->peer_closed = true;
        return true;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

static enum command_outcome execute_parsed(const struct server *s, struct connection *c)
{
    struct arg on_stack[ArgsOnStackMax];
    struct arg *argv = c->parser.argc <= ArgsOnStackMax ? on_stack : xmalloc(c->parser.argc * sizeof *argv);
    const char *base = buffer_begin(&c->in);
    for (size_t i = 0; i < c->parser.argc; i++) {
        argv[i].bytes = base + c->parser.spans[i].offset;
        argv[i].length = c->parser.spans[i].length;
    }
    enum command_outcome outcome = s->app->execute(s->app->context, &c->out, c->parser.argc, argv);
    if (argv != on_stack) free(argv);
    return outcome;
}

/* Runs every complete command buffered, as long as the client is not too far behind on replies.
 * Returns true if it stopped only because too much output is owed (input may remain). */
static bool execute_input(const struct server *s, struct connection *c)
{
    for (;;) {
        if (c->closing) return false;
        if (buffer_length(&c->out) >= OutputPauseBytes) return buffer_length(&c->in) > 0;
        enum resp_status status = resp_parse(&c->parser, buffer_begin(&c->in), buffer_length(&c->in));
        if (status == RespIncomplete) break;
        if (status == RespProtocolError) {
            reply_error(&c->out, "ERR %s", c->parser.error);
            c->closing = true;
            break;
        }
        if (c->parser.argc > 0 && execute_parsed(s, c) == CommandCloseAfterReply) c->closing = true;
        buffer_consume(&c->in, c->parser.scan);
        resp_parser_reset(&c->parser);
    }
    buffer_shrink_if_idle(&c->in);
    return false;
}

/* Sends as much buffered output as the socket takes; returns false if the connection failed. */
static bool flush_output(struct connection *c)
{
    while (buffer_length(&c->out) > 0) {
        ssize_t n = send(c->fd, buffer_begin(&c->out), buffer_length(&c->out), 0);
        if (n > 0) {
            buffer_consume(&c->out, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        return false;
    }
    buffer_shrink_if_idle(&c->out);
    return true;
}

/* Handles one connection's poll result; returns false when it must be closed now. */
static bool serve_connection(const struct server *s, struct connection *c, short revents)
{
    if (revents & POLLNVAL) return false;
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && wants_input(c) && !read_input(c)) return false;
    /* Commands held back while output was owed must run once it drains, or a client that has
     * sent its whole pipeline and now only waits would wait forever. */
    bool paused;
    do {
        paused = execute_input(s, c);
        if (buffer_length(&c->out) > 0 && !flush_output(c)) return false;
    } while (paused && buffer_length(&c->out) < OutputPauseBytes);
    return !((c->peer_closed || c->closing) && buffer_length(&c->out) == 0);
}

static size_t build_poll_set(struct server *s)
{
    size_t needed = s->count + 1;
    if (needed > s->fds_capacity) {
        s->fds_capacity = needed * 2;
        s->fds = xrealloc(s->fds, s->fds_capacity * sizeof *s->fds);
    }
    s->fds[0].fd = s->listener;
    s->fds[0].events = s->count < ConnectionsMax ? POLLIN : 0;
    s->fds[0].revents = 0;
    for (size_t i = 0; i < s->count; i++) {
        const struct connection *c = s->connections[i];
        s->fds[i + 1].fd = c->fd;
        s->fds[i + 1].events = (short)((wants_input(c) ? POLLIN : 0) | (buffer_length(&c->out) > 0 ? POLLOUT : 0));
        s->fds[i + 1].revents = 0;
    }
    return needed;
}

static int next_timeout_ms(const struct server *s)
{
    if (s->app->tick_delay_ms == NULL) return -1;
    return s->app->tick_delay_ms(s->app->context);
}

static void server_shutdown(struct server *s)
{
    while (s->count > 0) connection_close(s, s->count - 1);
    free(s->connections);
    free(s->fds);
    close(s->listener);
}

int server_run(int listener, const struct server_app *app)
{
    struct server s = {.listener = listener, .app = app};
    for (;;) {
        if (platform_stop_requested()) {
            server_shutdown(&s);
            return 0;
        }
        if (app->tick != NULL && next_timeout_ms(&s) == 0) app->tick(app->context);
        size_t polled = build_poll_set(&s);
        int ready = platform_poll(s.fds, polled, next_timeout_ms(&s));
        if (ready < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (ready == 0) continue;
        if (s.fds[0].revents & POLLIN) accept_pending(&s);
        /* Downwards, so that closing (which moves the last connection into the hole) never skips
         * one that poll reported on; connections accepted just now sit past `polled - 1`. */
        for (size_t i = polled - 1; i >= 1; i--) {
            short revents = s.fds[i].revents;
            if (revents != 0 && !serve_connection(&s, s.connections[i - 1], revents)) connection_close(&s, i - 1);
        }
    }
}
