#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: on a kernel with the series' irq:softirq_defer tracepoint,
#              bursts of packet work longer than any softirq time limit
#              make the kernel give up inline softirq processing: the
#              event fires on the flooded CPU with NET_RX pending and a
#              reason (time_limit, restart_limit or need_resched); a quiet
#              second shows fewer there. Debian's kernels lack the event:
#              a skip that says so.
#
# Why bursts, not a saturating flood: once ksoftirqd is runnable, the
# kernel leaves all pending softirqs to it (ksoftirqd_running()), so a
# flood that never lets ksoftirqd sleep defers once and then not again.
# A burst every 50 ms of 500 packets x 30 us (15 ms of work, 30% of the
# CPU) outlasts MAX_SOFTIRQ_TIME (2 ms, at least one jiffy: 10 ms at
# HZ=100) every time, and ksoftirqd drains it and sleeps before the next.

. "$(dirname "$0")/softirq_lib.sh"

EV=$TRACEFS/events/irq/softirq_defer
NET_RX_BIT=8	# 1 << NET_RX_SOFTIRQ

cleanup()
{
	[ -f "$EV/enable" ] && echo 0 > "$EV/enable"
	plab_cleanup_modules
}

# count_defer CPU: deferral events of CPU in the trace, as "ALL NET_RX".
count_defer()
{
	local p n=0 net=0

	for p in $(grep 'softirq_defer:' "$TRACEFS/trace" | grep -F "[00$1]" |
		   sed -n 's/.* pending=\(0x[0-9a-f]*\) .*/\1/p'); do
		n=$((n + 1))
		[ $((p & NET_RX_BIT)) -ne 0 ] && net=$((net + 1))
	done
	echo "$n $net"
}

ktap_header
sq_prepare
[ -d "$EV" ] ||
	ktap_skip_all "this kernel has no irq:softirq_defer event (patches/: the series' patch 2)"
trap cleanup EXIT
ktap_plan 4

cpu=$(probe_second_cpu)
echo 0 > "$TRACEFS/tracing_on"
echo > "$TRACEFS/trace"
echo 1 > "$EV/enable"
echo 1 > "$TRACEFS/tracing_on"
sleep 1
read -r quiet _ < <(count_defer "$cpu")
ktap_diag "quiet second: $quiet deferral(s) on CPU $cpu"

echo > "$TRACEFS/trace"
plab_load plab_softirq cpus="$cpu" irq_us=50000 rate_pps=10000 cost_ns=30000
ktap_result $? "loads: bursts of 500 packets x 30000 ns every 50 ms on CPU $cpu"
sleep 2
echo 0 > "$TRACEFS/tracing_on"
read -r all net < <(count_defer "$cpu")
ktap_diag "flood: $all deferral(s) on CPU $cpu, $net with NET_RX pending"
ktap_diag "e.g. $(grep -m1 'softirq_defer:' "$TRACEFS/trace" | sed 's/^ *//')"
[ "$all" -gt 0 ] && [ "$net" -gt 0 ]
ktap_result $? "the flood defers NET_RX to ksoftirqd on CPU $cpu"
grep 'softirq_defer:' "$TRACEFS/trace" |
	grep -q -v -E 'reason=(time_limit|restart_limit|need_resched) '
[ $? -ne 0 ]
ktap_result $? "every event names its reason"
[ "$quiet" -lt "$all" ]
ktap_result $? "fewer deferrals without the flood ($quiet) than with it ($all)"

ktap_finish
