# bad: services that misbehave on their first input (trap, endless loop, memory exhaustion), for
# the tests that a node serving one reports the fault and stays up. One source, one build each.
BAD_KINDS := trap loop memory
GUESTS += $(foreach k,$(BAD_KINDS),$(BUILD)/bad-$(k).raw.wasm $(BUILD)/bad-$(k).wasm)

$(BUILD)/bad-trap.raw.wasm: BAD_MODE := 1
$(BUILD)/bad-loop.raw.wasm: BAD_MODE := 2
$(BUILD)/bad-memory.raw.wasm: BAD_MODE := 3

$(BUILD)/bad-%.raw.wasm: bad/bad.c bad/guest.mk | $(BUILD)
	$(CC_WASM) $(CFLAGS) -DMISBEHAVIOUR=$(BAD_MODE) -s -o $@ bad/bad.c

$(BUILD)/bad-%.wasm: $(BUILD)/bad-%.raw.wasm $(PREPARE_DEPS)
	$(PLOVER) prepare $< -o $@ >/dev/null
