/** @file
 * UEFI entry: translate what the firmware gives into struct boot_info
 * (command line from LoadOptions, ACPI and SMBIOS from the configuration
 * table, the extent of the memory map, a page below 1 MiB for the APs),
 * remember the firmware's CPU state (platform/fw.h), then take over with the
 * payload's own page tables and, in payload_main, its GDT, TSS and IDT.
 *
 * Boot services stay alive (no ExitBootServices): the firmware console and
 * network are called between measurements through fw_enter()/fw_leave().
 * gnu-efi's crt0 calls efi_main with the SysV ABI after relocating the image.
 */
#include "app/main.h"
#include "boot/efi.h"
#include "boot/efi_mp.h"
#include "boot/efi_tables.h"
#include "platform/cpu.h"
#include "platform/fw.h"
#include "platform/paging.h"
#include "platform/smp.h"

_Static_assert(sizeof(EFI_CONFIGURATION_TABLE) == sizeof(struct efi_config), "configuration table");
_Static_assert(sizeof(EFI_GUID) == sizeof(struct efi_guid), "GUID");

#define LOW_MEM_TOP 0xfffffull /* the AP start-up page: real mode, below 1 MiB */
#define MEMMAP_BYTES 16384 /* OVMF's map: about 5 KiB */

EFI_SYSTEM_TABLE *efi_st;
static EFI_HANDLE efi_image;
static struct boot_info bi = { .boot_path = "uefi" };
static char cmdline[1024];
static uint8_t memmap[MEMMAP_BYTES] __attribute__((aligned(8)));

static void leave_payload(int status)
{
	smp_stop_aps(); /* the firmware frees this image: no AP may run in it */
	efi_return(status ? EFI_ABORTED : EFI_SUCCESS);
}

static const struct fw_ops efi_fw_ops = {
	.text = efi_con_text,
	.status = efi_con_status,
	.leave_payload = leave_payload,
};

static void read_cmdline(void)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE_PROTOCOL *li = NULL;

	if (efi_st->BootServices->HandleProtocol(efi_image, &li_guid, (void **)&li) != EFI_SUCCESS ||
	    !li)
		return;
	bi.image_base = (uint64_t)(uintptr_t)li->ImageBase;
	if (li->LoadOptions && li->LoadOptionsSize) {
		efi_cmdline_ascii(li->LoadOptions, li->LoadOptionsSize, cmdline, sizeof(cmdline));
		bi.cmdline = cmdline;
	}
}

static void read_memmap(void)
{
	EFI_BOOT_SERVICES *bs = efi_st->BootServices;
	UINTN size = sizeof(memmap), key, desc_size;
	UINT32 desc_version;
	void *map = memmap;
	EFI_STATUS rc;

	rc = bs->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &desc_size, &desc_version);
	if (rc == EFI_BUFFER_TOO_SMALL) {
		/* a large machine: room for the map and what the allocation adds to it */
		size += 8 * sizeof(EFI_MEMORY_DESCRIPTOR);
		if (bs->AllocatePool(EfiLoaderData, size, &map) != EFI_SUCCESS)
			return;
		rc = bs->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &desc_size,
				      &desc_version);
	}
	/* no map: the identity map keeps its 4 GiB (begin then has no mem_end) */
	if (rc == EFI_SUCCESS)
		bi.mem_end = efi_memmap_end(map, size, desc_size, PAGING_MAX_END);
}

/* The processors the firmware found (only used without an ACPI MADT). */
static void read_cpus(void)
{
	static uint32_t ids[BOOT_FW_CPU_MAX];
	EFI_GUID mp_guid = EFI_MP_SERVICES_PROTOCOL_GUID;
	EFI_MP_SERVICES_PROTOCOL *mp = NULL;
	UINTN n = 0, enabled = 0;

	if (efi_st->BootServices->LocateProtocol(&mp_guid, NULL, (void **)&mp) != EFI_SUCCESS || !mp ||
	    mp->GetNumberOfProcessors(mp, &n, &enabled) != EFI_SUCCESS)
		return;
	for (UINTN i = 0; i < n && bi.fw_ncpus < BOOT_FW_CPU_MAX; i++) {
		EFI_PROCESSOR_INFORMATION info;

		if (mp->GetProcessorInfo(mp, i, &info) == EFI_SUCCESS &&
		    (info.StatusFlag & EFI_PROCESSOR_ENABLED))
			ids[bi.fw_ncpus++] = (uint32_t)info.ProcessorId;
	}
	bi.fw_cpus = ids;
}

static void alloc_ap_page(void)
{
	EFI_PHYSICAL_ADDRESS a = LOW_MEM_TOP;

	if (efi_st->BootServices->AllocatePages(AllocateMaxAddress, EfiLoaderData, 1, &a) ==
	    EFI_SUCCESS)
		bi.ap_tramp = a;
	/* else the APs are not started: smp.c says so in each cpu record */
}

static void start(void *arg)
{
	(void)arg;
	cli();
	paging_init_to(bi.mem_end);
	payload_main(&bi);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	const struct efi_config *ct = (const struct efi_config *)st->ConfigurationTable;

	efi_st = st;
	efi_image = image;
	bi.fw_image = image;
	bi.fw_systab = st;
	/* the boot manager's 5-minute watchdog would reset the machine mid-run */
	st->BootServices->SetWatchdogTimer(0, 0, 0, NULL);
	read_cmdline();
	bi.rsdp = efi_config_rsdp(ct, st->NumberOfTableEntries);
	bi.smbios = efi_config_smbios(ct, st->NumberOfTableEntries);
	read_memmap();
	read_cpus();
	alloc_ap_page();
	if (!bi.ap_tramp)
		bi.ap_tramp = ~0ull; /* none: smp.c refuses to start APs */
	fw_capture(&efi_fw_ops);
	return (EFI_STATUS)efi_run(start, NULL);
}
