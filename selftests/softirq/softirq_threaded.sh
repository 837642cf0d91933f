#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: threaded=1 moves the NAPI polls out of softirq context into
#              the napi/plab_softirq-N kthread: the counters and the
#              plab_softirq_batch events show ctx=thread only

. "$(dirname "$0")/softirq_lib.sh"

cleanup()
{
	plab_cleanup_modules
	probe_trace_reset
}

ktap_header
sq_prepare
[ -f "$TRACEFS/trace" ] || ktap_skip_all "tracefs not available"
trap cleanup EXIT
ktap_plan 5

cpu=$(probe_second_cpu)
probe_dmesg_mark
probe_trace_reset
plab_load plab_softirq cpus="$cpu" threaded=1 rate_pps=50000 cost_ns=5000
ktap_result $? "loads with threaded=1 (50000 pps x 5000 ns)"
echo 1 > "$TRACEFS/events/preemptlab/plab_softirq_batch/enable"
sleep 1.5
# The event is disabled by the unload, once the flood is stopped: live
# code patching on a busy TCG vCPU can stall it.
trace=$(grep "plab_softirq_batch: cpu=$cpu " "$TRACEFS/trace")

pgrep '^napi/plab_soft' > /dev/null
ktap_result $? "a napi/plab_softirq-N thread exists"

sq_snap
done_=$(sq_stat "$cpu" processed)
thr=$(sq_stat "$cpu" units_thread)
inl=$(sq_stat "$cpu" units_inline)
ksd=$(sq_stat "$cpu" units_ksoftirqd)
ktap_diag "processed=$done_ units_thread=$thr inline=$inl ksoftirqd=$ksd"
[ "${done_:-0}" -gt 0 ] && [ "$thr" = "$done_" ]
ktap_result $? "every packet is processed in thread context"

ev=$(echo "$trace" | grep -c .)
evthr=$(echo "$trace" | grep -c ' ctx=thread ')
first=$(echo "$trace" | head -1 | sed 's/^ *//')
ktap_diag "$ev batch events, $evthr with ctx=thread; e.g. $first"
[ "$ev" -gt 0 ] && [ "$ev" -eq "$evthr" ]
ktap_result $? "the batch events all say ctx=thread"

plab_unload plab_softirq && ! pgrep '^napi/plab_soft' > /dev/null &&
	probe_clean_check
ktap_result $? "unloads, thread gone, no splat, taint only O/E/N"

ktap_finish
