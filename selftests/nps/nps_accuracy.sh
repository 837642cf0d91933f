#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every section's actual length is within 2 % (or 50 us) of
#              the requested one, from the trace events (mode=irq and
#              mode=preempt); jittered lengths stay within their range and
#              repeat with the same seed

. "$(dirname "$0")/nps_lib.sh"

COUNT=10

# run_traced PARAM...: COUNT sections on CPU 1, their events in $EVENTS.
run_traced()
{
	local cpu

	cpu=$(probe_second_cpu)
	probe_trace_reset
	EVENTS=
	# Loaded stopped: the event exists only once the module is loaded,
	# and must be on before the first section, however slow the guest.
	plab_load plab_nps cpus="$cpu" count=$COUNT enabled=0 "$@" ||
		return 1
	echo 1 > "$TRACEFS/events/preemptlab/plab_nps_section/enable"
	echo 1 > "$NPS_PARAMS/enabled"
	nps_wait_sections "$cpu" $COUNT 20 || return 1
	# Before rmmod: unloading a module with events clears the buffer.
	EVENTS=$(grep -o 'plab_nps_section: .*' "$TRACEFS/trace")
	plab_unload plab_nps || return 1
	[ "$(echo "$EVENTS" | grep -c .)" -eq $COUNT ] || {
		ktap_diag "expected $COUNT events, got $(echo "$EVENTS" | grep -c .)"
		return 1
	}
}

# check_each: each section within 2 % or 50 us of its request, or late by
# no more than the time the CPU was taken away from the loop (away_ns:
# interrupts, or with interrupts off the host descheduling the VM, not the
# module). Prints the worst. Returns 0 when accurate, 1 when a section is
# off by more than that, 4 when more than one in five were late by time
# away: the host's noise decided those, so the case is inconclusive.
check_each()
{
	echo "$EVENTS" | awk '
		{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		  d = v["actual_ns"] - v["requested_ns"]; if (d < 0) d = -d
		  tol = v["requested_ns"] * 2 / 100; if (tol < 50000) tol = 50000
		  if (d > worst) worst = d
		  if (v["cut"] != 0) bad++
		  else if (d > tol) { if (d <= v["away_ns"] + tol) away++; else bad++ } }
		END { printf "# worst deviation %d ns over %d sections, ", worst, NR
		      printf "%d late by host time away\n", away
		      exit bad > 0 ? 1 : (away * 5 > NR ? 4 : 0) }'
}

# accuracy_result STATUS DESCRIPTION: check_each's status as a case.
accuracy_result()
{
	if [ "$1" -eq 4 ]; then
		ktap_skip "$2" \
			"inconclusive: most sections were late by time the CPU was taken away"
	else
		ktap_result "$1" "$2"
	fi
}

ktap_header
nps_prepare
[ -f "$TRACEFS/trace" ] || ktap_skip_all "tracefs not available"
trap nps_cleanup EXIT
ktap_plan 4

run_traced mode=irq duration_us=10000 period_us=50000 && check_each
accuracy_result $? "mode=irq: each of $COUNT sections of 10 ms within 2 % or 50 us"

run_traced mode=preempt duration_us=10000 period_us=50000 && check_each
accuracy_result $? "mode=preempt: each of $COUNT sections of 10 ms within 2 % or 50 us"

ok=1
if run_traced mode=irq duration_us=10000 jitter_us=5000 seed=42 period_us=50000; then
	first=$(echo "$EVENTS" | sed 's/.*requested_ns=\([0-9]*\).*/\1/' | tr '\n' ' ')
	ktap_diag "seed=42 lengths: $first"
	check_each; [ $? -ne 1 ] && echo "$first" | awk '{
		for (i = 1; i <= NF; i++) if ($i < 5000000 || $i > 15000000) exit 1
		n = split($0, a); for (i = 2; i <= n; i++) if (a[i] != a[1]) d = 1
		exit !d }' && ok=0
fi
ktap_result $ok "jitter_us=5000: lengths vary within 5..15 ms and are each met"

ok=1
if run_traced mode=irq duration_us=10000 jitter_us=5000 seed=42 period_us=50000; then
	again=$(echo "$EVENTS" | sed 's/.*requested_ns=\([0-9]*\).*/\1/' | tr '\n' ' ')
	[ "$again" = "$first" ] && ok=0
fi
ktap_result $ok "seed=42 again: the same sequence of lengths"

ktap_finish
