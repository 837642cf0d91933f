#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: with RT throttling off (sched_rt_runtime_us=-1), policy=fifo
#              is held to the 90 % duty cycle in every mode, and rmmod in
#              the middle of a long SCHED_FIFO section returns at once
#              (the holder stops on the unload flag, not only when cpuhp/N
#              gets the CPU between two sections)
#
# The rmmod time is compared with an rmmod of the same configuration with
# enabled=0 in the same boot (trace event and RCU teardown cost included),
# so TCG's slowness cancels out; the section left at rmmod is ~0.7 s.

. "$(dirname "$0")/nps_lib.sh"

RT_RUNTIME=/proc/sys/kernel/sched_rt_runtime_us
# Over the baseline rmmod; the holder would keep the CPU ~700 ms more.
SLACK_MS=300
rt_orig=

cleanup()
{
	nps_cleanup
	[ -n "$rt_orig" ] && echo "$rt_orig" > "$RT_RUNTIME"
}

now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# rmmod_ms: rmmod plab_nps, print how long it took in ms (-1 on failure).
rmmod_ms()
{
	local t0 t1

	t0=$(now_ms)
	plab_unload plab_nps || { echo -1; return 1; }
	t1=$(now_ms)
	echo $((t1 - t0))
}

ktap_header
nps_prepare
[ -w "$RT_RUNTIME" ] || ktap_skip_all "$RT_RUNTIME not writable"
trap cleanup EXIT
ktap_plan 3

rt_orig=$(cat "$RT_RUNTIME")
echo -1 > "$RT_RUNTIME"
cpu=$(probe_second_cpu)
# mode=none: preemptible on full and rt, where only the duty bound of
# policy=fifo applies; unsafe=1 for the 800 ms sections on none/voluntary.
fifo="mode=none policy=fifo prio=10 cpus=$cpu unsafe=1"

# shellcheck disable=SC2086 # a list of parameters
! plab_load plab_nps $fifo duration_us=95000 period_us=100000 2>/dev/null
ok=$?
plab_unload plab_nps
ktap_result $ok "policy=fifo at a 95 % duty cycle refused, on a preemptible mode too"

base=-1
# shellcheck disable=SC2086
plab_load plab_nps $fifo duration_us=800000 period_us=890000 enabled=0 &&
	sleep 0.5 && base=$(rmmod_ms)
ktap_diag "baseline rmmod (enabled=0): $base ms"

took=-1
# shellcheck disable=SC2086
if plab_load plab_nps $fifo duration_us=800000 period_us=890000; then
	# The first section starts at once and lasts 800 ms.
	sleep 0.1
	took=$(rmmod_ms)
fi
ktap_diag "rmmod in an 800 ms SCHED_FIFO section: $took ms"
[ "$base" -ge 0 ] && [ "$took" -ge 0 ] && [ "$took" -le $((base + SLACK_MS)) ]
ktap_result $? "rmmod mid-section within ${SLACK_MS} ms of the baseline ($took vs $base ms)"

! plab_module_loaded plab_nps && ! pgrep '^plab_nps' > /dev/null
ktap_result $? "nothing left: no module, no thread"

ktap_finish
