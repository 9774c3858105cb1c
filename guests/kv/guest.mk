# kv: the Redis-compatible key-value guest. One source, two builds: kv.raw.wasm (wasm32-wasi, fd 3
# preopened as the listener), prepared with Asyncify into kv.wasm, and kv-native (--listen HOST:PORT).
KV_SOURCES := $(wildcard kv/*.c)
KV_HEADERS := $(wildcard kv/*.h)
# wasi-libc's poll() keeps ~160 bytes per descriptor on the stack (ConnectionsMax in server.c);
# stack-first makes an overflow trap below address 0 instead of overwriting static data.
KV_WASM_LDFLAGS := -Wl,-z,stack-size=2097152 -Wl,--stack-first

GUESTS += $(BUILD)/kv.raw.wasm $(BUILD)/kv.wasm $(BUILD)/kv-native $(BUILD)/kv-asan

$(BUILD)/kv.raw.wasm: $(KV_SOURCES) $(KV_HEADERS) kv/guest.mk | $(BUILD)
	$(CC_WASM) $(CFLAGS) -s $(KV_WASM_LDFLAGS) -o $@ $(KV_SOURCES) -lm

# Asyncify instruments only what can reach the blocking imports (see PLOVER in the Makefile).
$(BUILD)/kv.wasm: $(BUILD)/kv.raw.wasm $(PREPARE_DEPS)
	$(PLOVER) prepare $< -o $@ >/dev/null

$(BUILD)/kv-native: $(KV_SOURCES) $(KV_HEADERS) kv/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -o $@ $(KV_SOURCES) -lm

# The native build under AddressSanitizer, LeakSanitizer and UBSan, for the tests: any memory error
# or undefined behaviour aborts it, and on SIGTERM it frees everything so leaks are reported.
$(BUILD)/kv-asan: $(KV_SOURCES) $(KV_HEADERS) kv/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -o $@ $(KV_SOURCES) -lm
