#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: ground truth from the kernel's own preemptirq events: every
#              mode=preempt and mode=irq section of 20 ms that plab_nps
#              makes lasts 20 ms by the kernel's preempt_disable/enable and
#              irq_disable/enable events of its holder thread (the span
#              that holds each section the injector reports)
#
# Needs the preemptirq events (CONFIG_PREEMPT_TRACER, CONFIG_IRQSOFF_TRACER:
# kconfig-fragments/latency-tracing.config); Debian's kernels have neither,
# so there it is a skip that says so.
#
# Decided on the sections' own events in a trace instance of their own,
# not on the latency tracers' system-wide maximum: under TCG that maximum
# is often an interrupt handler that the host stalled (0.5 to 1 s from
# irqentry_enter), which says nothing about the injector. Positive control
# (cases 2 and 4): the same measured lengths held against a section twice
# as long must be refused.

. "$(dirname "$0")/nps_lib.sh"

SECTION_US=20000
COUNT=3
# Longer than the section by at most this: the host descheduling the vCPU
# between the busy wait's last clock read and the enable.
SLACK_US=10000
INST=$TRACEFS/instances/plab_truth_$$

cleanup()
{
	[ -d "$INST" ] && rmdir "$INST"
	nps_cleanup
}

# section_lengths OFF ON TASK: from a trace of one CPU on stdin, for each
# plab_nps_section event (the injector's own record of a section: start
# and length on the trace clock), the length (us) of the kernel's span
# from an OFF event to the next ON event (the kernel traces the 0 -> 1
# and 1 -> 0 transitions only, so spans do not nest), both in TASK, that
# covers more than half of it (the injector reads its clock just inside
# the span, and the trace prints microseconds); one per line, "none" for
# a section no span covers. The events'
# caller is no help: the kernel records its own preempt_count_add/sub
# there, not the injector. Both ends in TASK: a span that a context
# switch ends is not a section. Other spans of TASK (a host stall inside
# a short preempt-off region) are not sections either, and are ignored.
section_lengths()
{
	awk -v off="$1:" -v on="$2:" -v task="$3-" '
	function stamp(ev,   i, t) {
		for (i = 1; i < NF; i++)
			if ($(i + 1) == ev) { t = $i; sub(/:$/, "", t); return t }
		return ""
	}
	function field(name,   i) {
		for (i = 1; i <= NF; i++)
			if (index($i, name "=") == 1) return substr($i, length(name) + 2)
		return ""
	}
	# How long span K and section I overlap, in s.
	function overlap(k, i,   a, b) {
		a = ps[k] > ss[i] ? ps[k] : ss[i]
		b = pe[k] < se[i] ? pe[k] : se[i]
		return b - a
	}
	{ mine = index($1, task) == 1 }
	/ plab_nps_section: / {
		ss[++ns] = field("start") / 1e9
		se[ns] = ss[ns] + field("actual_ns") / 1e9
		next
	}
	{ t = stamp(off) }
	t != "" { start = mine ? t : ""; next }
	{ t = stamp(on) }
	t != "" && start != "" && mine { ps[++np] = start; pe[np] = t }
	t != "" { start = "" }
	END {
		for (i = 1; i <= ns; i++) {
			us = "none"
			for (k = 1; k <= np; k++)
				if (overlap(k, i) * 2 > se[i] - ss[i])
					us = int((pe[k] - ps[k]) * 1000000 + 0.5)
			print us
		}
	}'
}

# lengths_ok LENGTHS US: COUNT lengths, each within the section of US
# microseconds (2 % short at most, SLACK_US long at most).
lengths_ok()
{
	local n=0 l

	for l in $1; do
		plab_is_number "$l" && [ "$l" -ge $(($2 * 98 / 100)) ] &&
			[ "$l" -le $(($2 + SLACK_US)) ] || return 1
		n=$((n + 1))
	done
	[ "$n" -eq "$COUNT" ]
}

# truth MODE OFF ON: COUNT sections of MODE on the second CPU, with the
# OFF and ON events of that CPU recorded in an instance of our own.
truth()
{
	local mode=$1 off=$2 on=$3 cpu ev ok=0 lengths what trace=

	cpu=$(probe_second_cpu)
	mkdir "$INST" || { ktap_fail "mode=$mode: trace instance created"; return; }
	echo 4096 > "$INST/buffer_size_kb"
	# The injector's start is on the local clock (plab/clock.h); a kernel
	# that finds its TSC unstable defaults new buffers to "global".
	echo local > "$INST/trace_clock"
	# The module's own event exists once it is loaded: load it paused,
	# enable every event, then start the sections.
	if plab_load plab_nps cpus="$cpu" mode="$mode" enabled=0 \
		duration_us=$SECTION_US period_us=100000 count=$COUNT; then
		for ev in "preemptirq/$off" "preemptirq/$on" preemptlab/plab_nps_section; do
			if ! echo "CPU == $cpu" > "$INST/events/$ev/filter" ||
				! echo 1 > "$INST/events/$ev/enable"; then
				ktap_diag "$ev: the CPU filter or the enable was refused"
				ok=1
			fi
		done
		echo 1 > /sys/module/plab_nps/parameters/enabled || ok=1
		nps_wait_sections "$cpu" $COUNT 20 || ok=1
		# Read before the unload: removing a module whose events are in
		# a buffer resets the buffers.
		sleep 0.2
		echo 0 > "$INST/tracing_on"
		trace=$(cat "$INST/trace")
		plab_unload plab_nps || ok=1
	else
		ok=1
	fi
	lengths=$(section_lengths "$off" "$on" "plab_nps/$cpu" <<< "$trace" | xargs)
	[ -n "$lengths" ] || ktap_diag "$(grep -c -v '^#' <<< "$trace") events recorded"
	rmdir "$INST"
	ktap_diag "mode=$mode: $off..$on spans of plab_nps/$cpu over its sections:" \
		"${lengths:-none} us"
	[ $ok = 0 ] && lengths_ok "$lengths" $SECTION_US
	ktap_result $? "mode=$mode: $COUNT sections of $SECTION_US us by the kernel's $off/$on"
	! lengths_ok "$lengths" $((2 * SECTION_US))
	what="positive control: mode=$mode: the lengths are refused"
	ktap_result $? "$what as sections of $((2 * SECTION_US)) us"
}

ktap_header
nps_prepare
[ -d "$TRACEFS/instances" ] || ktap_skip_all "tracefs instances not available"
for ev in preempt_disable preempt_enable irq_disable irq_enable; do
	why="this kernel has no preemptirq:$ev event (CONFIG_PREEMPT_TRACER, CONFIG_IRQSOFF_TRACER:"
	why+=" kconfig-fragments/latency-tracing.config)"
	[ -d "$TRACEFS/events/preemptirq/$ev" ] || ktap_skip_all "$why"
done
trap cleanup EXIT
ktap_plan 4

truth preempt preempt_disable preempt_enable
truth irq irq_disable irq_enable

ktap_finish
