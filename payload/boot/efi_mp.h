/** @file
 * EFI_MP_SERVICES_PROTOCOL, the part the payload uses: which processors the
 * firmware found (UEFI PI specification 1.7, Vol. 2 §13.4). gnu-efi has no
 * definition of it. The payload starts the APs itself (platform/smp.c); the
 * firmware's list stands in for the ACPI MADT where a firmware publishes no
 * ACPI tables (OVMF without QEMU's fw_cfg, as under Bochs).
 */
#ifndef VMXB_BOOT_EFI_MP_H
#define VMXB_BOOT_EFI_MP_H

#include <efi.h>

#define EFI_MP_SERVICES_PROTOCOL_GUID \
	{ 0x3fdda605, 0xa76e, 0x4f46, { 0xad, 0x29, 0x12, 0xf4, 0x53, 0x1b, 0x3d, 0x08 } }

#define EFI_PROCESSOR_AS_BSP 0x1
#define EFI_PROCESSOR_ENABLED 0x2

typedef struct {
	UINT64 ProcessorId; /**< the local APIC id */
	UINT32 StatusFlag;
	UINT32 Package, Core, Thread;
	UINT32 Extended[6]; /**< PI 1.7 extended location: written only when asked (bit 24), room kept */
} EFI_PROCESSOR_INFORMATION;

typedef struct _EFI_MP_SERVICES_PROTOCOL EFI_MP_SERVICES_PROTOCOL;

struct _EFI_MP_SERVICES_PROTOCOL {
	EFI_STATUS(EFIAPI *GetNumberOfProcessors)(EFI_MP_SERVICES_PROTOCOL *This, UINTN *Number,
						 UINTN *Enabled);
	EFI_STATUS(EFIAPI *GetProcessorInfo)(EFI_MP_SERVICES_PROTOCOL *This, UINTN Number,
					    EFI_PROCESSOR_INFORMATION *Info);
	void *StartupAllAPs, *StartupThisAP, *SwitchBSP, *EnableDisableAP, *WhoAmI; /* unused */
};

#endif
