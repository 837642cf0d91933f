#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: ground truth from the kernel's own tracers: with the
#              preemptoff tracer, a mode=preempt section of 20 ms gives a
#              tracing_max_latency of about 20 ms, and likewise irqsoff
#              with mode=irq; the tracer's worst section starts or ends
#              in the injector's functions
#
# Needs CONFIG_PREEMPT_TRACER and CONFIG_IRQSOFF_TRACER (the
# latency-tracing fragment); Debian's kernels have neither, so there it is
# a skip that says so.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/nps_lib.sh"

SECTION_US=20000
COUNT=3
# Longer than the section by at most this: an interrupt inside an
# irq-enabled preempt-off section, or the host descheduling the vCPU.
SLACK_US=10000
tracer0=
ftrace0=
FTOPT=$TRACEFS/options/function-trace

cleanup()
{
	if [ -n "$tracer0" ]; then
		echo 0 > "$TRACEFS/tracing_max_latency"
		echo "$tracer0" > "$TRACEFS/current_tracer"
	fi
	[ -n "$ftrace0" ] && echo "$ftrace0" > "$FTOPT"
	nps_cleanup
}

# truth TRACER MODE: run COUNT sections of MODE under TRACER and check the
# tracer's maximum against the section length.
truth()
{
	local tracer=$1 mode=$2 cpu max_us ok=0 range msg snap=

	cpu=$(probe_second_cpu)
	echo 0 > "$TRACEFS/tracing_on"
	echo "$tracer" > "$TRACEFS/current_tracer" || {
		ktap_fail "$tracer: selected as current_tracer"
		return
	}
	echo 0 > "$TRACEFS/tracing_max_latency"
	echo 1 > "$TRACEFS/tracing_on"
	if plab_load plab_nps cpus="$cpu" mode="$mode" duration_us=$SECTION_US \
		period_us=100000 count=$COUNT; then
		nps_wait_sections "$cpu" $COUNT 20 || ok=1
		# Read while the module is loaded: its symbols name the
		# section's start and end in the tracer's snapshot.
		snap=$(cat "$TRACEFS/trace")
		plab_unload plab_nps || ok=1
	else
		ok=1
	fi
	echo 0 > "$TRACEFS/tracing_on"
	max_us=$(cat "$TRACEFS/tracing_max_latency")
	msg="for $COUNT sections of $SECTION_US us (mode=$mode)"
	ktap_diag "$tracer: tracing_max_latency=${max_us} us $msg"
	range="$((SECTION_US * 98 / 100))..$((SECTION_US + SLACK_US))"
	[ $ok = 0 ] && [ "$max_us" -ge $((SECTION_US * 98 / 100)) ] &&
		[ "$max_us" -le $((SECTION_US + SLACK_US)) ]
	ktap_result $? "$tracer: max latency within $range us"
	# The snapshot of the worst section starts or ends in the injector.
	echo "$snap" | grep -E '=> (started|ended) at:' | sed 's/^/# /'
	echo "$snap" | grep -q -E '=> (started|ended) at: +nps_'
	ktap_result $? "$tracer: the worst section's trace shows the injector"
	echo nop > "$TRACEFS/current_tracer"
}

ktap_header
nps_prepare
[ -f "$TRACEFS/available_tracers" ] || ktap_skip_all "tracefs not available"
for t in preemptoff irqsoff; do
	why="this kernel has no $t tracer (CONFIG_PREEMPT_TRACER, CONFIG_IRQSOFF_TRACER:"
	why+=" kconfig-fragments/latency-tracing.config)"
	grep -q -w $t "$TRACEFS/available_tracers" || ktap_skip_all "$why"
done
tracer0=$(cat "$TRACEFS/current_tracer")
trap cleanup EXIT
# Without function tracing the latency tracers patch no function entries:
# the maximum is the same, and live text patching under TCG once left a
# stale int3 behind (an oops in pick_next_task_fair on 6.12 RT).
if [ -f "$FTOPT" ]; then
	ftrace0=$(cat "$FTOPT")
	echo 0 > "$FTOPT"
fi
ktap_plan 4

truth preemptoff preempt
truth irqsoff irq

ktap_finish
