# cpu: CPU-bound programs for the sandbox benchmark (bench/Cpu). Each is built from the same
# source natively with clang -O2 and to wasm32-wasi with clang -O2 -s; the benchmark runs both and
# compares their output and time. A third, native build without auto-vectorisation gives context:
# the wasm has no SIMD, so it shows how much of a gap is vectorisation rather than the sandbox.
CPU_PROGRAMS := sort hash matrix interp

GUESTS += $(foreach p,$(CPU_PROGRAMS),$(BUILD)/cpu-$(p).wasm $(BUILD)/cpu-$(p)-native $(BUILD)/cpu-$(p)-native-scalar)

$(BUILD)/cpu-%.wasm: cpu/%.c cpu/guest.mk | $(BUILD)
	$(CC_WASM) $(CFLAGS) -s -o $@ $< -lm

$(BUILD)/cpu-%-native: cpu/%.c cpu/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -o $@ $< -lm

$(BUILD)/cpu-%-native-scalar: cpu/%.c cpu/guest.mk | $(BUILD)
	$(CC_NATIVE) $(CFLAGS) -fno-vectorize -fno-slp-vectorize -o $@ $< -lm
