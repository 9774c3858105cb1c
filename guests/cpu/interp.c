// CPU benchmark: a stack-machine bytecode interpreter (a switch in a loop) running a program that
// counts the primes below a bound by trial division, several times. Prints the counts.
#include <stdint.h>
#include <stdio.h>

enum Op { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, INC, HALT };

typedef struct {
    uint8_t op;
    int32_t arg;
} Instruction;

// Variables: 0 n (candidate), 1 d (divisor), 2 count, 3 limit, 4 is_prime.
static const Instruction program[] = {
    /* 0 */ {PUSH, 2}, {STORE, 0}, {PUSH, 0}, {STORE, 2},
    /* 4  outer: n < limit ? */ {LOAD, 0}, {LOAD, 3}, {LT, 0}, {JZ, 40},
    /* 8 */ {PUSH, 1}, {STORE, 4}, {PUSH, 2}, {STORE, 1},
    /* 12 inner: d * d < n + 1 ? */ {LOAD, 1}, {LOAD, 1}, {MUL, 0}, {LOAD, 0}, {PUSH, 1}, {ADD, 0}, {LT, 0}, {JZ, 32},
    /* 20 n % d == 0 ? */ {LOAD, 0}, {LOAD, 1}, {MOD, 0}, {JZ, 26},
    /* 24 */ {INC, 1}, {JMP, 12},
    /* 26 divisible */ {PUSH, 0}, {STORE, 4}, {JMP, 32}, {JMP, 32}, {JMP, 32}, {JMP, 32},
    /* 32 after inner */ {LOAD, 2}, {LOAD, 4}, {ADD, 0}, {STORE, 2},
    /* 36 */ {INC, 0}, {JMP, 4}, {JMP, 4}, {JMP, 4},
    /* 40 */ {HALT, 0},
};

static int32_t run(int32_t limit) {
    int32_t stack[64];
    int32_t vars[8] = {0};
    int sp = 0;
    vars[3] = limit;
    for (int pc = 0;;) {
        Instruction in = program[pc++];
        switch (in.op) {
        case PUSH: stack[sp++] = in.arg; break;
        case LOAD: stack[sp++] = vars[in.arg]; break;
        case STORE: vars[in.arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: if (stack[--sp] == 0) pc = in.arg; break;
        case JMP: pc = in.arg; break;
        case INC: vars[in.arg]++; break;
        case HALT: return vars[2];
        }
    }
}

int main(void) {
    int64_t total = 0;
    for (int round = 0; round < 4; round++) {
        int32_t count = run(200000 + round);
        total = total * 1000003 + count;
        printf("interp primes below %d: %d\n", 200000 + round, count);
    }
    printf("interp checksum %lld\n", (long long)total);
    return 0;
}
