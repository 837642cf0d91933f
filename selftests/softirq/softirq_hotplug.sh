#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: CPU 1 going offline and online during a NAPI flood on it:
#              arrivals stop while it is offline and resume after, queued
#              work is not lost, no splat; the FINISH line's arrivals
#              are rate_pps x the time CPU 1 was online
#
# The offline check (the CPU's counter read twice, 0.3 s apart, does not
# move) takes numbers only: plab_count_still (selftests/lib/checks.sh)
# fails on two empty reads, which is this test's positive control; the
# thread check (plab_threads_gone) must find kthreadd, its other one, and so is
# the FINISH check's (sq_finish_ok, softirq_lib.sh) on a recorded FINISH
# line whose counters add up at a tenth of the rate
# (selftests/lib/checks/softirq_finish_slow.txt).

. "$(dirname "$0")/softirq_lib.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

cleanup()
{
	plab_hotplug_restore
	plab_cleanup_modules
}

# cpu1_received: the packets CPU 1 has received so far, from a fresh read.
cpu1_received()
{
	sq_snap
	sq_stat 1 received
}

ktap_header
sq_prepare
plab_hotplug_require
trap cleanup EXIT
ktap_plan 8

plab_control "the offline check fails on two empty reads" plab_count_still "" ""
plab_control "the thread check finds a thread that runs" plab_threads_gone kthreadd
plab_control "the FINISH check rejects counters that add up at a tenth of the rate" \
	sq_finish_ok 100000 "$PLAB_CHECKS/softirq_finish_slow.txt"

probe_dmesg_mark
plab_load plab_softirq cpus=1 rate_pps=100000 cost_ns=5000
ktap_result $? "loads: 100000 pps x 5000 ns on CPU 1"
sleep 0.5

plab_hotplug_rounds cpu1_received 0.3
ktap_result $? "CPU 1 offline: no arrivals (3 rounds)"
off_ns=$PLAB_HOTPLUG_OFF_NS

sq_snap
r0=$(sq_stat 1 received)
p0=$(sq_stat 1 processed)
sleep 0.5
sq_snap
r1=$(sq_stat 1 received)
p1=$(sq_stat 1 processed)
ktap_diag "online: received $r0 -> $r1, processed $p0 -> $p1"
[ "$r1" -gt "$r0" ] && [ "$p1" -gt "$p0" ]
ktap_result $? "CPU 1 online: packets arrive and are processed again"

plab_unload plab_softirq
ktap_diag "FINISH: $(dmesg | grep 'plab_softirq: FINISH' | tail -1 | sed 's/.*FINISH //')"
ktap_diag "CPU 1 was offline for at most $((off_ns / 1000000)) ms of it (no arrivals then)"
sq_finish_ok 100000 "" "$off_ns"
ktap_result $? "unloads; received = 100000 pps x time online, = processed + dropped + queued"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
