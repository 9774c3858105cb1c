#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int64_t clock_realtime_ms(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0) {
        perror("clock_gettime");
        abort();
    }
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}
