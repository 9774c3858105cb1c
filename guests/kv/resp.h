/* The request side of RESP: multibulk commands ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n") and inline
 * commands ("GET k\r\n"), parsed incrementally as bytes arrive. The parser keeps its place, so a
 * large value arriving in many reads is scanned once. */
#ifndef KV_RESP_H
#define KV_RESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits as in Redis (proto-max-bulk-len, the multibulk and inline caps). */
enum {
    RespInlineBytesMax = 64 * 1024,
    RespMultibulkArgsMax = 1024 * 1024,
};
#define RESP_BULK_BYTES_MAX ((int64_t)512 * 1024 * 1024)

/* One argument of a parsed command. */
struct arg {
    const char *bytes;
    size_t length;
};

/* Where an argument lies, relative to the start of its command (stable when the buffer moves). */
struct arg_span {
    size_t offset;
    size_t length;
};

enum resp_status {
    RespIncomplete,     /* need more bytes */
    RespComplete,       /* a command (possibly empty: ignore it) spans [0, scan) */
    RespProtocolError,  /* reply with `error` and close the connection */
};

struct resp_parser {
    int kind;               /* 0 until the first byte decides: '*' multibulk, else inline */
    int64_t args_expected;  /* multibulk: from the '*' header */
    int64_t bulk_length;    /* multibulk: length of the argument being read, -1 before its '$' */
    size_t scan;            /* where parsing resumes, from the command start */
    size_t argc;
    struct arg_span *spans;
    size_t spans_capacity;
    const char *error;      /* on RespProtocolError: the message, without "-ERR " */
};

void resp_parser_init(struct resp_parser *p);
void resp_parser_free(struct resp_parser *p);
/* Forgets the finished command; call after consuming its `scan` bytes. */
void resp_parser_reset(struct resp_parser *p);
/* `data` starts at the command start. Inline commands are unquoted in place, hence not const. */
enum resp_status resp_parse(struct resp_parser *p, char *data, size_t length);
/* Bytes the parser knows it still needs (a bulk payload), or 0 if unknown: a read-size hint. */
size_t resp_bytes_wanted(const struct resp_parser *p, size_t length);

#endif
