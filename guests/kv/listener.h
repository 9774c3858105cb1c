/* The only platform-specific part of the servers: where the listening socket comes from.
 * On wasm32-wasi the runtime preopens it as fd 3; natively the server makes it from
 * `--listen HOST:PORT`. Everything after that (poll, accept, recv, send, close) is the same code. */
#ifndef KV_LISTENER_H
#define KV_LISTENER_H

/* Returns the listening descriptor, or exits with a usage message naming `program`. */
int listener_open(const char *program, int argc, char **argv);
/* Accepts one pending connection as a non-blocking socket; -1 with errno as accept(2). */
int listener_accept(int listener);
/* How many connections to accept per poll wakeup (see listener.c for why it differs). */
int listener_accepts_per_wakeup(void);

#endif
