/* The reply side of RESP2, appended to a connection's output buffer. */
#ifndef KV_REPLY_H
#define KV_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"

void reply_status(struct buffer *out, const char *status);          /* +OK */
void reply_error(struct buffer *out, const char *format, ...)       /* -ERR ... (format gives the code) */
    __attribute__((format(printf, 2, 3)));
void reply_integer(struct buffer *out, int64_t value);              /* :42 */
void reply_bulk(struct buffer *out, const char *bytes, size_t length); /* $3 abc */
void reply_bulk_text(struct buffer *out, const char *text);
void reply_null(struct buffer *out);                                /* $-1 */
void reply_array(struct buffer *out, size_t count);                 /* *3, then count replies */

#endif
