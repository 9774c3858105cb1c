// CPU benchmark: sorts arrays of pseudo-random 32-bit integers with a hand-written introsort
// (quicksort with median-of-three, insertion sort for short runs, heapsort when recursion gets
// deep). Prints a checksum of the sorted arrays; exits non-zero if a result is not sorted.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { ElementCount = 3000000, Rounds = 4, InsertionSortMax = 16 };

static uint32_t values[ElementCount];

static uint64_t xorshift64(uint64_t *state) {
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static void insertion_sort(uint32_t *a, long n) {
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void sift_down(uint32_t *a, long root, long n) {
    for (;;) {
        long child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && a[child + 1] > a[child]) child++;
        if (a[root] >= a[child]) return;
        uint32_t t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static void heap_sort(uint32_t *a, long n) {
    for (long i = n / 2 - 1; i >= 0; i--) sift_down(a, i, n);
    for (long end = n - 1; end > 0; end--) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

static uint32_t median_of_three(uint32_t a, uint32_t b, uint32_t c) {
    if (a < b) return b < c ? b : (a < c ? c : a);
    return a < c ? a : (b < c ? c : b);
}

static void intro_sort(uint32_t *a, long n, int depth_left) {
    while (n > InsertionSortMax) {
        if (depth_left-- == 0) {
            heap_sort(a, n);
            return;
        }
        uint32_t pivot = median_of_three(a[0], a[n / 2], a[n - 1]);
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            uint32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        // Recurse into the smaller side, loop on the larger: stack depth stays logarithmic.
        long left = j + 1;
        if (left < n - left) {
            intro_sort(a, left, depth_left);
            a += left;
            n -= left;
        } else {
            intro_sort(a + left, n - left, depth_left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

int main(void) {
    uint64_t state = 0x9E3779B97F4A7C15ull;
    uint64_t checksum = 0;
    for (int round = 0; round < Rounds; round++) {
        for (long i = 0; i < ElementCount; i++) values[i] = (uint32_t)(xorshift64(&state) >> 32);
        intro_sort(values, ElementCount, 64);
        for (long i = 1; i < ElementCount; i++) {
            if (values[i - 1] > values[i]) {
                printf("not sorted at %ld in round %d\n", i, round);
                return 1;
            }
        }
        for (long i = 0; i < ElementCount; i += 7) checksum = checksum * 31 + values[i];
    }
    printf("sort checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
