# caps suite on the emulated matrix: values the CPU models report
# (emulators.md lists what Bochs 2.7 gives; the SDM fixes their meaning).
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
