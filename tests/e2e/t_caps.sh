# caps suite on the emulated matrix: values the CPU models report
# (docs/emulators.md lists what Bochs 2.7 gives; the SDM fixes their meaning).
VC='.records[] | select(.type=="vmx_caps")'
for m in penryn haswell tigerlake; do
	check "$m: VMX available" jqeq "$m" "$VC | .vmx" true
	check "$m: VMXON and VMXOFF succeed" jqeq "$m" '.records[] | select(.type=="vmxon") | "\(.result)/\(.vmxoff)"' ok/ok
	check "$m: every VMX MSR 0x480-0x493 has a record" jqeq "$m" '[.records[] | select(.type=="msr") | .index] | length' 20
done
check "penryn: VMCS revision 0x2b" jqeq penryn "$VC | .revision" 43
check "penryn: no VMCS shadowing" jqeq penryn "$VC | .shadowing" false
check "penryn: EPT/VPID MSR 0x48c absent (#GP)" jqeq penryn '.records[] | select(.type=="msr" and .index=="0x48c") | .present' false
check "haswell: VMCS shadowing allowed" jqeq haswell "$VC | .shadowing" true
check "haswell: MISC bit 29 (VMWRITE to read-only fields)" jqeq haswell "$VC | .misc_vmwrite_ro" true
check "tigerlake: VMCS revision 4" jqeq tigerlake "$VC | .revision" 4
check "tigerlake: VMCS shadowing allowed" jqeq tigerlake "$VC | .shadowing" true
check "ryzen: VMX not available" jqeq ryzen "$VC | .vmx" false
check "ryzen: VMXON skipped" jqeq ryzen '.records[] | select(.type=="vmxon") | .result' skipped
check "qemu: VMX not available (TCG)" jqeq qemu "$VC | .vmx" false
check "haswell: CPUID leaf 0 recorded" jqrun haswell '.records[] | select(.type=="cpuid" and .leaf=="0x0")'
check "haswell: run ends ok" jqeq haswell '.end.status' ok
# Which MSRs exist follows SDM Vol. 4 Table 2-2 / Vol. 3D Appendix A (decoder: payload/vmx/caps.c).
for m in penryn haswell tigerlake; do
	check "$m: VMX MSR presence as Appendix A enumerates it" jqeq "$m" "$VC | .presence_mismatch" 0x0
	check "$m: no allowed-0 bit outside allowed-1" jqeq "$m" "$VC | .inconsistent" 0x0
	check "$m: IA32_FEATURE_CONTROL locked by the Bochs BIOS (0x5)" jqeq "$m" '.records[] | select(.type=="feature_control") | "\(.value)/\(.action)"' 0x5/none
	check "$m: CR0/CR4 fixed bits applied for VMXON (PE NE PG, VMXE)" jqeq "$m" '.records[] | select(.type=="vmxon") | .cr4' 0x2020
	check "$m: no warn records" jqeq "$m" '[.records[] | select(.type=="warn")] | length' 0
	check "$m: SMBIOS from the Bochs BIOS" jqeq "$m" '.records[] | select(.type=="smbios") | .bios_vendor' "The Bochs Project"
done
check "penryn: VMFUNC MSR 0x491 absent (#GP)" jqeq penryn '.records[] | select(.type=="msr" and .index=="0x491") | .present' false
check "haswell: VMFUNC MSR 0x491 present (secondary bit 13)" jqeq haswell '.records[] | select(.type=="msr" and .index=="0x491") | .present' true
check "tigerlake: BASIC bit 56 (injection without error-code checks)" jqeq tigerlake "$VC | .entry_no_errcode" true
check "haswell: display family/model 6/60" jqeq haswell '.records[] | select(.type=="identity") | "\(.family)/\(.model)"' 6/60
check "qemu: SMBIOS from SeaBIOS" jqeq qemu '.records[] | select(.type=="smbios") | .bios_vendor' SeaBIOS
check "qemu: TCG hypervisor signature" jqeq qemu '.records[] | select(.type=="identity") | .hv_signature' TCGTCGTCGTCG
