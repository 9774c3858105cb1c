# wasi-demo: a plain WASI command (not prepared with Asyncify) for `plover run PROG.wasm`, and the
# same source built natively so its behaviour can be tested before a runtime exists.
GUESTS += $(BUILD)/wasi-demo.wasm $(BUILD)/wasi-demo-native

$(BUILD)/wasi-demo.wasm: wasi-demo/main.c wasi-demo/guest.mk | $(BUILD)
	$(CC_WASM) $(CFLAGS) -s -o $@ wasi-demo/main.c

$(BUILD)/wasi-demo-native: wasi-demo/main.c wasi-demo/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -o $@ wasi-demo/main.c
