/* A service that misbehaves on its first input, for the engine's bad-guest tests: it accepts
 * connections on the preopened listener like any guest, and as soon as a client sends a byte it
 * traps (MISBEHAVIOUR 1), computes forever (2) or allocates until memory cannot grow (3). The node
 * serving it must report the fault and stay up. */
#define _GNU_SOURCE /* accept4 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef MISBEHAVIOUR
#error "build with -DMISBEHAVIOUR=1 (trap), 2 (loop) or 3 (memory)"
#endif

enum { Listener = 3, ChunkBytes = 1 << 20, ReadBytes = 256 };

static void misbehave(void)
{
#if MISBEHAVIOUR == 1
    __builtin_trap();
#elif MISBEHAVIOUR == 2
    volatile unsigned long spins = 0;
    for (;;) spins++;
#else
    /* Chained through a volatile head so the compiler cannot drop allocations it sees unused. */
    static void *volatile newest;
    for (;;) {
        void **chunk = malloc(ChunkBytes);
        if (chunk == NULL) abort(); /* memory could not grow: fail as a real service would */
        memset(chunk, 0xA5, ChunkBytes);
        *chunk = newest;
        newest = chunk;
    }
#endif
}

int main(void)
{
    struct pollfd fds[2] = {{.fd = Listener, .events = POLLIN}, {.fd = -1, .events = POLLIN}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) return 1;
        if (fds[0].revents & POLLIN) {
            int fd = accept4(Listener, NULL, NULL, SOCK_NONBLOCK);
            if (fd >= 0 && fds[1].fd < 0) fds[1].fd = fd;
            else if (fd >= 0) close(fd);
        }
        if (fds[1].fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP))) {
            char bytes[ReadBytes];
            ssize_t n = recv(fds[1].fd, bytes, sizeof bytes, 0);
            if (n > 0) misbehave();
            if (n == 0) {
                close(fds[1].fd);
                fds[1].fd = -1;
            }
        }
    }
}
