# Fuzzing (tests/fuzz, docs/fuzzing.md) and the ASan/UBSan lane; included by
# the top Makefile after HOST_CFLAGS, HOST_LIB_SRCS and UNIT_SRCS are set.

# --- ASan/UBSan lane: host library and unit tests in $(O)/asan -------------
ASAN_CC ?= $(CC)
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_LIB_OBJS := $(patsubst %,$(O)/asan/host/%.o,$(HOST_LIB_SRCS))
ASAN_UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/asan/tests/%,$(UNIT_SRCS))

$(O)/asan/host/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(HOST_CFLAGS) $(ASAN_FLAGS) -MMD -MP -c -o $@ $<
$(O)/asan/libvmxbench.a: $(ASAN_LIB_OBJS)
	rm -f $@ && ar rcs $@ $^
# Same TESTDATA_DIR as the normal unit tests: they read the same real-CPU data.
$(O)/asan/tests/%: tests/unit/%.c $(O)/asan/libvmxbench.a tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(HOST_CFLAGS) $(ASAN_FLAGS) -Itests/unit -DTESTDATA_DIR='"$(TESTDATA)"' -o $@ $< \
		$(O)/asan/libvmxbench.a $(HOST_LIBS) $(UNIT_LIBS)

# --- libFuzzer harnesses in $(O)/fuzz ----------------------------------------
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# VMXB_FUZZING: recline.c accepts any well-formed CRC (mutated lines stay parseable).
FUZZ_CFLAGS := -std=gnu11 -O1 -g $(WARN) -Ipayload -Ihost-tools -DVMXB_FUZZING \
	-fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_HARNESSES := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS := $(addprefix $(O)/fuzz/,$(FUZZ_HARNESSES))
FUZZ_LIB_OBJS := $(patsubst %,$(O)/fuzz/host/%.o,$(HOST_LIB_SRCS))
FUZZ_SECONDS ?= 60
FUZZ_MERGE ?= 0
FUZZ_KEEP_GOING ?= 0

$(O)/fuzz/host/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(O)/fuzz/libvmxbench.a: $(FUZZ_LIB_OBJS)
	rm -f $@ && ar rcs $@ $^
$(O)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzztmp.h $(O)/fuzz/libvmxbench.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(O)/fuzz/libvmxbench.a $(HOST_LIBS)

.PHONY: asan fuzz-build fuzz
asan: $(ASAN_UNIT_BINS)
fuzz-build: $(FUZZ_BINS)
# One harness at a time (the machine is shared), FUZZ_SECONDS each.
fuzz: fuzz-build
	O=$(O) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_MERGE=$(FUZZ_MERGE) \
		FUZZ_KEEP_GOING=$(FUZZ_KEEP_GOING) tests/fuzz/run-fuzz.sh $(FUZZ_HARNESSES)

# Regenerate the seed corpus (normal build, real record writer and collect).
$(O)/fuzz-seedgen: tests/fuzz/seedgen.c tests/unit/loggen.h $(O)/libvmxbench.a
	$(CC) $(HOST_CFLAGS) -Itests/unit -o $@ $< $(O)/libvmxbench.a $(HOST_LIBS)
.PHONY: fuzz-seeds
fuzz-seeds: $(O)/fuzz-seedgen
	$(O)/fuzz-seedgen tests/fuzz/corpus $(TESTDATA)/real-cpus/cpuid
