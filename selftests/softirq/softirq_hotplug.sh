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
# fails on two empty reads, which is this test's positive control. So is
# the FINISH check's (sq_finish_ok, softirq_lib.sh) on a recorded FINISH
# line whose counters add up at a tenth of the rate
# (selftests/lib/checks/softirq_finish_slow.txt).

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/../probe/probe_lib.sh"
. "$(dirname "$0")/softirq_lib.sh"

CPU1_ONLINE=/sys/devices/system/cpu/cpu1/online

cleanup()
{
	echo 1 > "$CPU1_ONLINE" 2>/dev/null
	plab_cleanup_modules
}

ktap_header
sq_prepare
[ -w "$CPU1_ONLINE" ] || ktap_skip_all "CPU 1 is absent or cannot go offline"
[ "$(cat "$CPU1_ONLINE")" = 1 ] || ktap_skip_all "CPU 1 is offline"
trap cleanup EXIT
ktap_plan 7

plab_control "the offline check fails on two empty reads" plab_count_still "" ""
plab_control "the FINISH check rejects counters that add up at a tenth of the rate" \
	sq_finish_ok 100000 "$PLAB_CHECKS/softirq_finish_slow.txt"

probe_dmesg_mark
plab_load plab_softirq cpus=1 rate_pps=100000 cost_ns=5000
ktap_result $? "loads: 100000 pps x 5000 ns on CPU 1"
sleep 0.5

ok=0
off_ns=0
for round in 1 2 3; do
	t0=$(date +%s%N)
	echo 0 > "$CPU1_ONLINE" || ok=1
	sleep 0.2
	sq_snap
	r0=$(sq_stat 1 received)
	sleep 0.3
	sq_snap
	r1=$(sq_stat 1 received)
	plab_count_still "$r0" "$r1" || ok=1
	echo 1 > "$CPU1_ONLINE" || ok=1
	off_ns=$((off_ns + $(date +%s%N) - t0))
	sleep 0.3
	sq_snap
	q=$(sq_stat 1 queued)
	ktap_diag "round $round: offline received $r0 -> $r1, queued $q, online again"
done
ktap_result $ok "CPU 1 offline: no arrivals (3 rounds)"

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
