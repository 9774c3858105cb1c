// CPU benchmark: dense double-precision matrix product C = A x B (i-k-j loop order), repeated
// with B replaced by C rescaled to the spread of the inputs each round (values stay normal, never
// denormal). Prints a checksum of the final matrix (the sum of its elements and the raw bits of
// one element, so any difference in rounding shows).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { N = 384, Rounds = 70 };

static double a[N][N], b[N][N], c[N][N];

static void multiply(void) {
    memset(c, 0, sizeof c);
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++) {
            double aik = a[i][k];
            for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
        }
}

int main(void) {
    uint32_t x = 12345u;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            x = x * 1664525u + 1013904223u;
            a[i][j] = (double)(x >> 8) / 16777216.0 - 0.5;
            x = x * 1664525u + 1013904223u;
            b[i][j] = (double)(x >> 8) / 16777216.0 - 0.5;
        }
    for (int round = 0; round < Rounds; round++) {
        multiply();
        double squares = 0;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) squares += c[i][j] * c[i][j];
        // Uniform values in [-0.5, 0.5) have a root mean square of 1/sqrt(12).
        double scale = 0.28867513459481287 / sqrt(squares / (N * N));
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) b[i][j] = c[i][j] * scale;
    }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) sum += c[i][j];
    uint64_t bits;
    memcpy(&bits, &c[N / 2][N / 3], sizeof bits);
    printf("matrix sum %.17g element %016llx\n", sum, (unsigned long long)bits);
    return 0;
}
