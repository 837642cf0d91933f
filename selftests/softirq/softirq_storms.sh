#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: each non-NAPI source (tasklet, tasklet_hi, timer,
#              hrtimer_soft) runs its callbacks in softirq context;
#              on PREEMPT_RT, timer and hrtimer_soft run in ktimers/N or
#              ksoftirqd

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/../probe/probe_lib.sh"
. "$(dirname "$0")/softirq_lib.sh"

SOURCES="tasklet tasklet_hi timer hrtimer_soft"

ktap_header
sq_prepare
trap plab_cleanup_modules EXIT
ktap_plan 5

cpu=$(probe_second_cpu)
probe_dmesg_mark
for src in $SOURCES; do
	if ! plab_load plab_softirq source="$src" cpus="$cpu" \
		rate_pps=20000 cost_ns=5000; then
		ktap_fail "$src: loads"
		continue
	fi
	sleep 0.7
	sq_snap
	done_=$(sq_stat "$cpu" processed)
	thr=$(sq_stat "$cpu" units_thread)
	ctx=
	for c in inline ksoftirqd thread ktimers; do
		ctx="$ctx $c=$(sq_stat "$cpu" "units_$c")"
	done
	rx=$(sq_stat "$cpu" received)
	drop=$(sq_stat "$cpu" dropped)
	ktap_diag "$src: received=$rx processed=$done_ dropped=$drop units:$ctx"
	plab_unload plab_softirq
	[ "${done_:-0}" -gt 0 ] && [ "${thr:-1}" -eq 0 ] &&
		! plab_module_loaded plab_softirq
	ktap_result $? "$src: callbacks run in softirq context, unloads"
done
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
