#include "reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "intparse.h"

enum { ErrorBytesMax = 512 };

static void reply_prefixed_number(struct buffer *out, char prefix, int64_t value)
{
    char line[1 + Int64DecimalBytesMax + 2];
    size_t length = 0;
    line[length++] = prefix;
    length += format_int64(value, line + length);
    line[length++] = '\r';
    line[length++] = '\n';
    buffer_append(out, line, length);
}

void reply_status(struct buffer *out, const char *status)
{
    buffer_append(out, "+", 1);
    buffer_append(out, status, strlen(status));
    buffer_append(out, "\r\n", 2);
}

void reply_error(struct buffer *out, const char *format, ...)
{
    char message[ErrorBytesMax];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (length < 0) length = 0;
    if ((size_t)length >= sizeof message) length = sizeof message - 1;
    /* An error is one line: a newline inside would end it early and desynchronise the client. */
    for (int i = 0; i < length; i++)
        if (message[i] == '\r' || message[i] == '\n') message[i] = ' ';
    buffer_append(out, "-", 1);
    buffer_append(out, message, (size_t)length);
    buffer_append(out, "\r\n", 2);
}

void reply_integer(struct buffer *out, int64_t value) { reply_prefixed_number(out, ':', value); }

void reply_bulk(struct buffer *out, const char *bytes, size_t length)
{
    reply_prefixed_number(out, '$', (int64_t)length);
    buffer_append(out, bytes, length);
    buffer_append(out, "\r\n", 2);
}

void reply_bulk_text(struct buffer *out, const char *text) { reply_bulk(out, text, strlen(text)); }

void reply_null(struct buffer *out) { buffer_append(out, "$-1\r\n", 5); }

void reply_array(struct buffer *out, size_t count) { reply_prefixed_number(out, '*', (int64_t)count); }
