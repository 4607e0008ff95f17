# vmxbench: payload (freestanding x86-64, booted as Multiboot v1 ELF32 and
# as a UEFI application, PE32+), host tools and tests. `make help` lists the targets.
O ?= build
# Test data (real CPUs' CPUID dumps and VMX MSRs) lives in the repository.
TESTDATA := $(abspath tests/data)
CC ?= cc
OBJCOPY ?= objcopy

# One version for the payload's begin record and `vmxbench --version`; the
# host tool also names the git revision it was built from (version.h).
VERSION := $(shell cat VERSION)
GITREV := $(shell git describe --always --dirty --abbrev=12 --match 'v[0-9]*' 2>/dev/null || echo unknown)
PREFIX ?= /usr/local

WARN := -Wall -Wextra -Werror
HOST_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Ipayload -Ihost-tools -DVMXB_VERSION='"$(VERSION)"'
HOST_LIBS := -ljansson -lcpuid $(shell pkg-config --libs libmicrohttpd nettle) -lpthread -lm
# Unit tests: cmocka; nettle (in HOST_LIBS for the collector) is also the reference the
# payload's SHA-256 and HMAC are checked against.
UNIT_LIBS := -lcmocka

# The payload: no libc, no red zone (interrupts share the stack), no SSE
# (the IDT does not save vector state), fixed -O2 for measured code.
PAYLOAD_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -isystem payload/include \
	-Ipayload -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=kernel -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-DVMXB_VERSION='"$(VERSION)"'
PAYLOAD_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 \
	-Wl,-T,payload/link.ld

# The UEFI image (docs/uefi.md): the same core built again as position-
# independent code (the firmware loads it anywhere), linked by Debian's
# gnu-efi (its crt0 converts the MS-ABI entry and applies the ELF
# R_X86_64_RELATIVE relocations to itself) and converted to PE32+. The EFI
# headers are used only by boot/efi*, through ms_abi function pointers.
GNUEFI_LIB ?= /usr/lib
GNUEFI_INC ?= /usr/include/efi
EFI_CFLAGS := $(filter-out -mcmodel=kernel -fno-pic -fno-pie,$(PAYLOAD_CFLAGS)) \
	-fpic -fvisibility=hidden -fno-plt -mcmodel=small \
	-isystem $(GNUEFI_INC) -isystem $(GNUEFI_INC)/x86_64 -DGNU_EFI_USE_MS_ABI
EFI_LDFLAGS := -nostdlib -shared -Wl,-Bsymbolic -Wl,-z,nocombreloc -Wl,--build-id=none \
	-Wl,-z,max-page-size=0x1000 -Wl,--no-undefined -Wl,-T,payload/efi.lds

include payload/pure.mk

# Every payload source at any depth. boot/<image>* belong to that image
# only; the rest is the common core every image links (one tree, several
# images: today the Multiboot one).
PAYLOAD_SRCS := $(sort $(shell find payload -name '*.c' -o -name '*.S'))
PAYLOAD_COMMON_SRCS := $(filter-out payload/boot/%,$(PAYLOAD_SRCS))
PAYLOAD_COMMON_OBJS := $(patsubst payload/%,$(O)/payload/%.o,$(PAYLOAD_COMMON_SRCS))
MULTIBOOT_OBJS := $(patsubst payload/%,$(O)/payload/%.o,$(filter payload/boot/multiboot%,$(PAYLOAD_SRCS)))
EFI_OBJS := $(patsubst payload/%,$(O)/efi/payload/%.o,\
	$(PAYLOAD_COMMON_SRCS) $(filter payload/boot/efi%,$(PAYLOAD_SRCS)))
HOST_LIB_SRCS := $(sort $(wildcard host-tools/lib/*.c)) $(PURE_SRCS)
HOST_LIB_OBJS := $(patsubst %,$(O)/host/%.o,$(HOST_LIB_SRCS))
HOST_CMD_SRCS := $(sort $(wildcard host-tools/*.c))
HOST_CMD_OBJS := $(patsubst %,$(O)/host/%.o,$(HOST_CMD_SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))

include tests/fuzz/fuzz.mk

.PHONY: all payload host unit deps run test check bench clean help install FORCE
all: payload host unit

help:
	@echo "make            build payload ($(O)/payload.elf and $(O)/payload.efi), host tools ($(O)/vmxbench), unit tests"
	@echo "make run        install missing packages, build, netboot the emulated CPU matrix, collect, report"
	@echo "make test       install missing packages, build, run unit (also under ASan/UBSan), fuzz corpus replay and end-to-end tests"
	@echo "make check      the fast lane: build, run the unit tests only (seconds)"
	@echo "make fuzz       build the libFuzzer harnesses ($(O)/fuzz/), run each FUZZ_SECONDS (default $(FUZZ_SECONDS)) in turn"
	@echo "                (FUZZ_MERGE=1: merge new inputs into tests/fuzz/corpus/); see docs/fuzzing.md"
	@echo "make asan       unit tests built with ASan+UBSan into $(O)/asan/ (make test builds and runs them)"
	@echo "make bench      build, run the shadow and migrate suites on the emulated matrix, write their tables into BENCHMARKS.md"
	@echo "make install    install vmxbench, its man page, bash completion and the payload images (PREFIX=$(PREFIX), DESTDIR=)"
	@echo "make deps       only install missing Debian packages (scripts/install-deps.sh)"
	@echo "make clean      remove $(O)/"
	@echo "Fuzz variables: FUZZ_SECONDS=N (per harness), FUZZ_MERGE=1, FUZZ_KEEP_GOING=1, FUZZ_CC=clang; make fuzz-build only builds"
	@echo "Variables: O=DIR (build directory, default build)"

payload: $(O)/payload.elf $(O)/payload.efi
host: $(O)/vmxbench $(O)/vmxbench.1
unit: $(UNIT_BINS)

# Linked as ELF64, shipped as ELF32: iPXE's multiboot loader refuses ELF64.
# Debug info stays in payload64.elf (addr2line), not in the netbooted image.
$(O)/payload64.elf: $(MULTIBOOT_OBJS) $(PAYLOAD_COMMON_OBJS) payload/link.ld
	$(CC) $(PAYLOAD_CFLAGS) $(PAYLOAD_LDFLAGS) -o $@ $(MULTIBOOT_OBJS) $(PAYLOAD_COMMON_OBJS)
$(O)/payload.elf: $(O)/payload64.elf
	$(OBJCOPY) -O elf32-i386 --strip-debug $< $@

# crt0 first: its _start is the PE entry point. Only the sections the
# firmware loads go into the PE file; .reloc is crt0's dummy base-relocation
# block, which marks the image relocatable.
$(O)/payload-efi.so: $(EFI_OBJS) payload/efi.lds
	$(CC) $(EFI_CFLAGS) $(EFI_LDFLAGS) -o $@ $(GNUEFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) \
		$(GNUEFI_LIB)/libgnuefi.a
$(O)/payload.efi: $(O)/payload-efi.so
	$(OBJCOPY) -j .text -j .data -j .bss -j .dynamic -j .dynsym -j .rela -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@

$(O)/efi/payload/%.c.o: payload/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c -o $@ $<
$(O)/efi/payload/%.S.o: payload/%.S
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/payload/%.c.o: payload/%.c
	@mkdir -p $(dir $@)
	$(CC) $(PAYLOAD_CFLAGS) -MMD -MP -c -o $@ $<
$(O)/payload/%.S.o: payload/%.S
	@mkdir -p $(dir $@)
	$(CC) $(PAYLOAD_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/host/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

# Rewritten only when the revision changed, so a build without changes relinks nothing.
$(O)/host/version.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define VMXB_GITREV "%s"\n' '$(GITREV)' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(O)/host/host-tools/vmxbench.c.o: $(O)/host/version.h
$(O)/host/host-tools/vmxbench.c.o: HOST_CFLAGS += -I$(O)/host

# The real CPUs' VMX MSRs (tests/data/real-cpus/vmx-msrs.csv) as the host
# tool's per-generation reference (host-tools/lib/genref.c).
$(O)/host/realcpus.h: tests/data/real-cpus/vmx-msrs.csv scripts/gen-realcpus.sh
	@mkdir -p $(dir $@)
	scripts/gen-realcpus.sh $< >$@.tmp && mv $@.tmp $@
# (the normal, ASan and fuzz builds of the host library all compile genref.c)
GENREF_OBJS := $(addsuffix /host/host-tools/lib/genref.c.o,$(O) $(O)/asan $(O)/fuzz)
$(GENREF_OBJS): $(O)/host/realcpus.h
$(GENREF_OBJS): HOST_CFLAGS += -I$(O)/host
$(GENREF_OBJS): FUZZ_CFLAGS += -I$(O)/host

# The manual page, generated from the command table (vmxbench help --man).
$(O)/vmxbench.1: $(O)/vmxbench
	$(O)/vmxbench help --man >$@.tmp && mv $@.tmp $@

$(O)/libvmxbench.a: $(HOST_LIB_OBJS)
	rm -f $@ && ar rcs $@ $^
$(O)/vmxbench: $(HOST_CMD_OBJS) $(O)/libvmxbench.a
	$(CC) -o $@ $(HOST_CMD_OBJS) $(O)/libvmxbench.a $(HOST_LIBS)

$(O)/tests/%: tests/unit/%.c $(O)/libvmxbench.a tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Itests/unit -DTESTDATA_DIR='"$(TESTDATA)"' -o $@ $< \
		$(O)/libvmxbench.a $(HOST_LIBS) $(UNIT_LIBS)

deps:
	scripts/install-deps.sh

run: deps
	$(MAKE) all
	scripts/lab/run-matrix.sh

# Also the ASan/UBSan unit lane and the fuzz corpus replay (tests/run.sh runs both).
test: deps
	$(MAKE) all asan fuzz-build
	tests/run.sh

# The fast lane: unit tests only (seconds), no emulator boots, no installs.
check: all
	tests/run.sh --unit-only

# Shadow suite (and noise) on the emulated matrix; tables into BENCHMARKS.md.
bench: deps
	$(MAKE) all
	O=$(O) scripts/bench.sh
	O=$(O) scripts/bench-migrate.sh

# PREFIX (default /usr/local) and DESTDIR as usual: the host tool, its manual page
# and bash completion, and the payload images (share/vmxbench/) for a lab's TFTP root.
install: payload host
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/vmxbench
	install -m 755 $(O)/vmxbench $(DESTDIR)$(PREFIX)/bin/vmxbench
	install -m 644 $(O)/vmxbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/vmxbench.1
	install -m 644 scripts/completion/vmxbench.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/vmxbench
	install -m 644 $(O)/payload.elf $(O)/payload.efi $(DESTDIR)$(PREFIX)/share/vmxbench/

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
