# Payload sources that are pure logic (no instructions, no hardware): they
# also compile for the host, where host-tools and tests/unit link them.
# Each may include only <stdint.h> <stddef.h> <stdbool.h> <stdarg.h> <string.h>
# and other pure headers.
PURE_SRCS := \
	payload/lib/crc32.c \
	payload/record/writer.c \
	payload/app/options.c \
	payload/lib/fmt.c \
	payload/platform/cpuid_walk.c \
	payload/platform/smbios.c \
	payload/platform/emu_detect.c \
	payload/platform/acpi.c \
	payload/platform/topology.c \
	payload/platform/handoff_est.c \
	payload/vmx/caps.c \
	payload/vmx/result.c \
	payload/vmx/fields.c \
	payload/vmx/controls.c \
	payload/vmx/outcome.c \
	payload/vmx/entry_rules.c \
	payload/lib/stats.c \
	payload/lib/hist.c \
	payload/measure/timing_record.c \
	payload/measure/timing_cpuid.c \
	payload/vmx/shadow.c \
	payload/vmx/shadow_sets.c \
	payload/suites/exits_text.c \
	payload/boot/efi_cmdline.c \
	payload/boot/efi_config.c \
	payload/boot/efi_memmap.c \
	payload/net/sha256.c \
	payload/net/hmac_sha256.c \
	payload/net/batch.c \
	payload/net/http.c \
	payload/net/url.c \
	payload/net/upload.c \
	payload/net/addr.c \
	payload/app/upload_opts.c
