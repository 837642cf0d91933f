#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab_softirq loads with no parameters (a light NAPI flood on
#              CPU 1), counts packets, and unloads with a FINISH summary

. "$(dirname "$0")/softirq_lib.sh"

plab_begin 4 sq_prepare plab_cleanup_modules

cpu=$(probe_second_cpu)
probe_dmesg_mark
plab_load plab_softirq
ktap_result $? "loads with defaults"
sleep 1
sq_snap
rx=$(sq_stat "$cpu" received)
done_=$(sq_stat "$cpu" processed)
ktap_diag "CPU $cpu: received=$rx processed=$done_ dropped=$(sq_stat "$cpu" dropped)"
[ "${rx:-0}" -gt 0 ] && [ "${done_:-0}" -gt 0 ]
ktap_result $? "packets arrive and are processed on CPU $cpu"
plab_unload plab_softirq
ktap_result $? "unloads"
probe_dmesg_since | grep -q 'plab_softirq: FINISH' && probe_clean_check
ktap_result $? "FINISH summary, no splat, taint only O/E/N"

ktap_finish
