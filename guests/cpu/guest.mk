# cpu: CPU-bound programs for the sandbox benchmark (bench/Cpu). Each is built from the same
# source natively with clang -O2 and to wasm32-wasi with clang -O2 -msimd128 -s (wasm SIMD, so
# clang vectorises the wasm as it vectorises the native build with SSE2); the benchmark runs both
# and compares their output and time. A third, native build without auto-vectorisation gives
# context: how much of the native speed is vectorisation.
CPU_PROGRAMS := sort hash matrix interp

GUESTS += $(foreach p,$(CPU_PROGRAMS),$(BUILD)/cpu-$(p).wasm $(BUILD)/cpu-$(p)-native $(BUILD)/cpu-$(p)-native-scalar)

# Clang 14 runs `wasm-opt -O2` after linking whenever an -O flag is given, without enabling SIMD,
# so wasm-opt would reject the module: compile, link without -O, then run wasm-opt with SIMD on.
$(BUILD)/cpu-%.wasm: cpu/%.c cpu/guest.mk | $(BUILD)
	$(CC_WASM) $(CFLAGS) -msimd128 -c -o $(BUILD)/cpu-$*.wasm.o $<
	$(CC_WASM) -s -o $(BUILD)/cpu-$*.unoptimized.wasm $(BUILD)/cpu-$*.wasm.o -lm
	wasm-opt --enable-simd -O2 -o $@ $(BUILD)/cpu-$*.unoptimized.wasm
	rm -f $(BUILD)/cpu-$*.wasm.o $(BUILD)/cpu-$*.unoptimized.wasm

$(BUILD)/cpu-%-native: cpu/%.c cpu/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -o $@ $< -lm

$(BUILD)/cpu-%-native-scalar: cpu/%.c cpu/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -fno-vectorize -fno-slp-vectorize -o $@ $< -lm
