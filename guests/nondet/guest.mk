# nondet: a RESP service whose state depends on the clock and on randomness. It reuses kv's
# server loop, RESP code and key space; only its commands (nondet/main.c) are its own.
NONDET_SOURCES := nondet/main.c $(addprefix kv/,buffer.c clock.c command.c connection_commands.c expiry_heap.c \
	glob.c intparse.c keyspace_commands.c platform.c reply.c resp.c server.c store.c typed_lookup.c xalloc.c)
NONDET_HEADERS := $(wildcard kv/*.h)
NONDET_WASM_LDFLAGS := -Wl,-z,stack-size=2097152 -Wl,--stack-first

GUESTS += $(BUILD)/nondet.raw.wasm $(BUILD)/nondet.wasm $(BUILD)/nondet-native

$(BUILD)/nondet.raw.wasm: $(NONDET_SOURCES) $(NONDET_HEADERS) nondet/guest.mk | $(BUILD)
	$(CC_WASM) $(CFLAGS) -Ikv -s $(NONDET_WASM_LDFLAGS) -o $@ $(NONDET_SOURCES)

$(BUILD)/nondet.wasm: $(BUILD)/nondet.raw.wasm $(PREPARE_DEPS)
	$(PLOVER) prepare $< -o $@ >/dev/null

$(BUILD)/nondet-native: $(NONDET_SOURCES) $(NONDET_HEADERS) nondet/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -Ikv -o $@ $(NONDET_SOURCES)
