#define _GNU_SOURCE /* accept4, ppoll */
#include "platform.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#if defined(__wasi__)

enum { PreopenedListenerFd = 3 };

int platform_open_listener(const char *program, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: %s (takes no arguments: the runtime preopens the listening socket as fd 3)\n", program);
        exit(2);
    }
    return PreopenedListenerFd;
}

/* The runtime decides whether fd 3 blocks, so accept only when poll said a connection waits. */
int platform_accepts_per_wakeup(void) { return 1; }

bool platform_stop_requested(void) { return false; }

int platform_poll(struct pollfd *fds, nfds_t count, int timeout_ms) { return poll(fds, count, timeout_ms); }

#else

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

enum { ListenBacklog = 4096, HostBytesMax = 256 };

static volatile sig_atomic_t stop_requested;

static void request_stop(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

/* On SIGTERM the loop shuts down cleanly, freeing everything, so that a leak checker reports
 * exactly what was lost along the way. SIGTERM stays blocked except inside ppoll(), which
 * unblocks it atomically while waiting: a request can neither slip in between the loop's check
 * and the wait, nor interrupt anything else. */
static sigset_t unblocked_while_waiting;

static void install_stop_handler(void)
{
    struct sigaction action = {.sa_handler = request_stop};
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigprocmask(SIG_BLOCK, &blocked, &unblocked_while_waiting);
    sigdelset(&unblocked_while_waiting, SIGTERM);
}

bool platform_stop_requested(void) { return stop_requested != 0; }

int platform_poll(struct pollfd *fds, nfds_t count, int timeout_ms)
{
    struct timespec timeout = {.tv_sec = timeout_ms / 1000, .tv_nsec = (long)(timeout_ms % 1000) * 1000000};
    return ppoll(fds, count, timeout_ms < 0 ? NULL : &timeout, &unblocked_while_waiting);
}

static void usage(const char *program)
{
    fprintf(stderr, "usage: %s --listen HOST:PORT   (PORT 0 picks a free port; the chosen one is printed)\n", program);
    exit(2);
}

/* Splits "HOST:PORT" or "[V6HOST]:PORT" at the last colon. */
static void split_address(const char *program, const char *address, char *host, const char **port)
{
    const char *colon = strrchr(address, ':');
    if (colon == NULL || colon == address || colon[1] == '\0') usage(program);
    size_t length = (size_t)(colon - address);
    if (address[0] == '[' && length >= 2 && address[length - 1] == ']') {
        address++;
        length -= 2;
    }
    if (length >= HostBytesMax) usage(program);
    memcpy(host, address, length);
    host[length] = '\0';
    *port = colon + 1;
}

/* A thousand clients need a thousand descriptors: take the whole hard limit. */
static void raise_descriptor_limit(void)
{
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

static int bind_first(const char *program, const char *host, const char *port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *found;
    int rc = getaddrinfo(host, port, &hints, &found);
    if (rc != 0) {
        fprintf(stderr, "%s: cannot resolve %s:%s: %s\n", program, host, port, gai_strerror(rc));
        exit(1);
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *a = found; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) { saved = errno; continue; }
        int on = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, ListenBacklog) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot listen on %s:%s: %s\n", program, host, port, strerror(saved));
        exit(1);
    }
    return fd;
}

static void announce(const char *program, int fd, const char *host)
{
    struct sockaddr_storage bound;
    socklen_t length = sizeof bound;
    char service[16];
    if (getsockname(fd, (struct sockaddr *)&bound, &length) != 0 ||
        getnameinfo((struct sockaddr *)&bound, length, NULL, 0, service, sizeof service, NI_NUMERICSERV) != 0) {
        fprintf(stderr, "%s: cannot read the bound address: %s\n", program, strerror(errno));
        exit(1);
    }
    /* Tests start the server on port 0 and read this line to learn the port. */
    printf("%s: listening on %s:%s\n", program, host, service);
    fflush(stdout);
}

int platform_open_listener(const char *program, int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "--listen") != 0) usage(program);
    char host[HostBytesMax];
    const char *port;
    split_address(program, argv[2], host, &port);
    /* A client that vanishes mid-send must cost an EPIPE, not the process. */
    signal(SIGPIPE, SIG_IGN);
    install_stop_handler();
    raise_descriptor_limit();
    int fd = bind_first(program, host, port);
    announce(program, fd, host);
    return fd;
}

/* The native listener is non-blocking, so draining a burst of connections in one wakeup is safe. */
int platform_accepts_per_wakeup(void) { return 64; }

#endif

int platform_accept(int listener)
{
    struct sockaddr_storage peer;
    socklen_t length = sizeof peer;
    int fd = accept4(listener, (struct sockaddr *)&peer, &length, SOCK_NONBLOCK);
#if !defined(__wasi__)
    if (fd >= 0) {
        int on = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
#endif
    return fd;
}
