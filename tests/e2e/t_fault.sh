# A suite that faults is contained: exception record, the next suite still runs.
check "fault: exception record with vector" jqrun fault '.records[] | select(.type=="exception") | .vector'
check "fault: faulting suite ends aborted" jqeq fault '.records[] | select(.type=="suite_end" and .name=="selftest-fault") | .status' aborted
check "fault: caps suite still runs afterwards" jqeq fault '.records[] | select(.type=="suite_end" and .name=="caps") | .status' ok
check "fault: run status is aborted" jqeq fault '.end.status' aborted
# A suite that faults inside VMX operation: the runner cleans up (VMCLEAR, VMXOFF).
check "vmxabort: the VMCS was current when the suite faulted" \
	jqeq vmxabort '.records[] | select(.type=="selftest" and .check=="vmx-abort") | .vmptrld' true
check "vmxabort: the faulting suite ends aborted, cleaned up with VMCLEAR and VMXOFF" \
	jqeq vmxabort '.records[] | select(.type=="suite_end" and .name=="selftest-vmx-abort") | "\(.status)/\(.cleanup)"' "aborted/VMCLEAR and VMXOFF"
check "vmxabort: the next suite's VMXON succeeds" \
	jqeq vmxabort '.records[] | select(.type=="vmxon") | .result' ok
check "vmxabort: caps ends without a cleanup" \
	jqeq vmxabort '.records[] | select(.type=="suite_end" and .name=="caps") | "\(.status)/\(.cleanup)"' "ok/null"
