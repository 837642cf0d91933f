#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a NAPI flood well below the budget (4 % of a CPU, 20 packets
#              per interrupt) is processed inline on interrupt exit and
#              drops nothing; on PREEMPT_RT the hard interrupt cannot run
#              softirqs, so the work runs in ksoftirqd or in a task that
#              re-enabled bottom halves, still without drops

. "$(dirname "$0")/softirq_lib.sh"

plab_begin 4 sq_prepare plab_cleanup_modules

cpu=$(probe_second_cpu)
probe_dmesg_mark
# A ring of 16384 absorbs the bursts that TCG's timer stalls bring.
plab_load plab_softirq cpus="$cpu" rate_pps=20000 cost_ns=2000 \
	ring_size=16384
ktap_result $? "loads: 20000 pps x 2000 ns on CPU $cpu"
sleep 2
sq_snap
done_=$(sq_stat "$cpu" processed)
drop=$(sq_stat "$cpu" dropped)
inl=$(sq_stat "$cpu" units_inline)
ksd=$(sq_stat "$cpu" units_ksoftirqd)
thr=$(sq_stat "$cpu" units_thread)
sq=$(sq_stat "$cpu" time_squeeze)
ktap_diag "processed=$done_ dropped=$drop inline=$inl ksoftirqd=$ksd thread=$thr time_squeeze=$sq"
[ "${drop:-1}" -eq 0 ] && [ "${done_:-0}" -gt 0 ]
ktap_result $? "nothing dropped"
if sq_rt; then
	[ "${thr:-1}" -eq 0 ]
	ktap_result $? "RT: processed in softirq context (ksoftirqd, ktimers or bh enable)"
else
	[ $((inl * 2)) -ge "$done_" ]
	ktap_result $? "most packets processed inline (not in ksoftirqd)"
fi
plab_unload plab_softirq && probe_clean_check
ktap_result $? "unloads, no splat, taint only O/E/N"

ktap_finish
