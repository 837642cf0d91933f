#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a SCHED_FIFO writer that never sleeps (io_latency_us=0)
#              leaves SCHED_OTHER tasks some of its CPU with RT throttling
#              off, and a raw_spin waiter's spin plus its own checksum
#              section stay under the 500 ms hard limit, sections stretched
#              by a softirq flood included

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/journal_lib.sh"

RT_RUNTIME=/proc/sys/kernel/sched_rt_runtime_us
# The writer sleeps >= 10 % of its time; a CFS hog on its CPU gets a share
# of that, minus TCG noise.
HOG_MIN_PCT=3
# JR_CSUM_MAX_NS plus TCG noise (a 64 KiB chunk, interrupts), in ms.
SPIN_MAX_MS=650
rt_orig=
hog=

cleanup()
{
	[ -n "$hog" ] && kill "$hog" 2>/dev/null && wait "$hog" 2>/dev/null
	jr_cleanup
	[ -n "$rt_orig" ] && echo "$rt_orig" > "$RT_RUNTIME"
}

# cpu_ticks PID: user + system clock ticks of PID.
cpu_ticks()
{
	local stat

	read -r stat < "/proc/$1/stat"
	stat=${stat##*) }
	# shellcheck disable=SC2086 # fields
	set -- $stat
	echo $((${12} + ${13}))
}

ktap_header
jr_prepare
[ -w "$RT_RUNTIME" ] || ktap_skip_all "$RT_RUNTIME not writable"
trap cleanup EXIT
ktap_plan 3
probe_dmesg_mark

rt_orig=$(cat "$RT_RUNTIME")
echo -1 > "$RT_RUNTIME"
cpu=$(probe_second_cpu)
pct=-1
if plab_load plab_journal cpus="$cpu" writers=1 policy=fifo prio=10 \
	io_latency_us=0 record_kb=1024; then
	taskset -c "$cpu" bash -c 'while :; do :; done' &
	hog=$!
	sleep 0.2
	t0=$(cpu_ticks "$hog")
	sleep 2
	t1=$(cpu_ticks "$hog")
	pct=$(((t1 - t0) * 100 / (2 * $(getconf CLK_TCK))))
	kill "$hog" && wait "$hog" 2>/dev/null
	hog=
fi
ktap_diag "SCHED_OTHER hog on CPU $cpu next to a FIFO writer: ${pct}% of the CPU; commits $(jr_stat total commits)"
[ "$pct" -ge "$HOG_MIN_PCT" ]
ktap_result $? "FIFO writer with io_latency_us=0 leaves >= ${HOG_MIN_PCT}% to SCHED_OTHER (${pct}%)"
plab_unload plab_journal
echo "$rt_orig" > "$RT_RUNTIME"

ok=1
if [ "$(cat /sys/devices/system/cpu/online)" = 0 ]; then
	ktap_skip "one CPU online: no second spinning waiter"
else
	# Two writers on two CPUs take turns at a 16 MiB crc32c under a
	# raw_spinlock: each one waits for the other's section. A softirq
	# flood (80 % of each CPU, run on interrupt exit inside the
	# sections on !RT) stretches the sections to the cap.
	if plab_load plab_softirq cpus=0-1 rate_pps=80000 cost_ns=10000 &&
		plab_load plab_journal cpus=0-1 writers=2 lock=raw_spin \
		record_kb=16384 journal_kb=16384 io_latency_us=100000 &&
		jr_wait_commits 4 20; then
		wait_ms=$(($(jr_stat total lock_wait_max) / 1000000))
		csum_ms=$(($(jr_stat total csum_max) / 1000000))
		ktap_diag "lock_wait_max ${wait_ms} ms, csum_max ${csum_ms} ms, cut $(jr_stat total cut)"
		[ $((wait_ms + csum_ms)) -le "$SPIN_MAX_MS" ] && ok=0
	fi
	ktap_result $ok "raw_spin under a softirq flood: longest spin + longest section <= ${SPIN_MAX_MS} ms"
	plab_unload plab_journal
	plab_unload plab_softirq
fi

probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
