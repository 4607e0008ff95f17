# A suite that faults is contained: exception record, the next suite still runs.
check "fault: exception record with vector" jqrun fault '.records[] | select(.type=="exception") | .vector'
check "fault: faulting suite ends aborted" jqeq fault '.records[] | select(.type=="suite_end" and .name=="selftest-fault") | .status' aborted
check "fault: caps suite still runs afterwards" jqeq fault '.records[] | select(.type=="suite_end" and .name=="caps") | .status' ok
check "fault: run status is aborted" jqeq fault '.end.status' aborted
