#ifndef KV_CLOCK_H
#define KV_CLOCK_H

#include <stdint.h>

/* Unix time in milliseconds (CLOCK_REALTIME). */
int64_t clock_realtime_ms(void);

#endif
