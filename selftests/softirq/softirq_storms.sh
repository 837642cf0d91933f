#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: each non-NAPI source (tasklet, tasklet_hi, timer,
#              hrtimer_soft) runs its callbacks in softirq context;
#              on PREEMPT_RT, timer and hrtimer_soft run in ktimers/N or
#              ksoftirqd (none inline)
#
# The context check is sq_softirq_ctx_ok (softirq_lib.sh): work was done,
# none in a thread, and on RT none of the timer sources' inline. Positive
# control (case 1): it rejects two recorded snapshots, a tasklet whose
# callbacks ran in a thread (selftests/lib/checks/softirq_stats_thread.txt)
# and, judged as RT, timer callbacks run inline (softirq_stats_inline.txt).

. "$(dirname "$0")/softirq_lib.sh"

SOURCES="tasklet tasklet_hi timer hrtimer_soft"

plab_begin 6 sq_prepare plab_cleanup_modules

plab_control "the context check rejects thread work, and RT timer work run inline" \
	sq_softirq_ctx_false_ok

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
	ctx=
	for c in inline ksoftirqd thread ktimers; do
		ctx="$ctx $c=$(sq_stat "$cpu" "units_$c")"
	done
	ktap_diag "$src: received=$(sq_stat "$cpu" received)" \
		"processed=$(sq_stat "$cpu" processed)" \
		"dropped=$(sq_stat "$cpu" dropped) units:$ctx"
	rt=0
	sq_rt && rt=1
	sq_softirq_ctx_ok "$src" $rt "$cpu"
	ok=$?
	plab_unload plab_softirq
	plab_module_loaded plab_softirq && ok=1
	if [ $rt = 1 ] && { [ "$src" = timer ] || [ "$src" = hrtimer_soft ]; }; then
		ktap_result $ok "$src: callbacks run in ktimers/N or ksoftirqd, unloads"
	else
		ktap_result $ok "$src: callbacks run in softirq context, unloads"
	fi
done
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
