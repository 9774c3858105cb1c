/* The only platform-specific part of the servers. On wasm32-wasi the runtime preopens the
 * listening socket as fd 3; natively the server makes it from `--listen HOST:PORT`, and can be
 * stopped cleanly with SIGTERM. Everything else (accept, recv, send, close, the poll loop) is the
 * same code on both. */
#ifndef KV_PLATFORM_H
#define KV_PLATFORM_H

#include <poll.h>
#include <stdbool.h>

/* Returns the listening descriptor, or exits with a usage message naming `program`. */
int platform_open_listener(const char *program, int argc, char **argv);
/* Accepts one pending connection as a non-blocking socket; -1 with errno as accept(2). */
int platform_accept(int listener);
/* How many connections to accept per poll wakeup (see listener.c for why it differs). */
int platform_accepts_per_wakeup(void);
/* poll(), except that natively a stop request interrupts it without a race (see platform.c). */
int platform_poll(struct pollfd *fds, nfds_t count, int timeout_ms);
/* True once the process was asked to stop (SIGTERM natively; never under WASI, where the runtime
 * simply stops calling the guest). */
bool platform_stop_requested(void);

#endif
