#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: writes to every writable parameter and debugfs file of
#              plab_nps, concurrently, while it loads and while it runs,
#              never let a section exceed the cap: the timing is checked
#              as a whole and published under one lock, and lengths are
#              clamped
#
# mode=irq on the second CPU: the cap is 100 ms. Writers race the insmod
# (the parameters are writable in sysfs before the module's init runs)
# with jitter_us above duration_us, then keep writing random values, valid
# or not, to duration_us, jitter_us, period_us, burst and enabled, and to
# the reset and enabled debugfs files.

. "$(dirname "$0")/nps_lib.sh"

CAP_NS=100000000
# An irq-off section under TCG may end up to this late (host stalls).
LATE_NS=50000000
RUN_S=4
pids=()

cleanup()
{
	local p

	for p in "${pids[@]}"; do
		kill "$p" 2> /dev/null
	done
	wait 2> /dev/null
	nps_cleanup
}

# writer FILE VALUE...: write the values round robin until killed.
writer()
{
	local f=$1 v

	shift
	while :; do
		for v in "$@"; do
			echo "$v" > "$f" 2> /dev/null
		done
	done
}

# cap_check: every section in the trace (the section's own events, resets
# of the stats cannot hide one) within the cap; prints what it saw.
cap_check()
{
	sed -n 's/.*plab_nps_section: .* requested_ns=\([0-9]*\) actual_ns=\([0-9]*\).*/\1 \2/p' \
		"$TRACEFS/trace" |
		awk -v cap="$CAP_NS" -v late="$LATE_NS" '
			{ n++; if ($1 > r) r = $1; if ($2 > a) a = $2 }
			END { print "# " n + 0 " sections, requested max " r + 0 " ns," \
				" actual max " a + 0 " ns"
			      exit !(n > 0 && r <= cap && a <= cap + late) }'
}

# stats_check: the requested and actual maxima of the stats (no reset
# written meanwhile) within the cap; prints what it saw.
stats_check()
{
	awk -v cap="$CAP_NS" -v late="$LATE_NS" '
		/^cpu=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			  print "# " $1 " sections=" v["sections"] " req_max=" v["req_max"] \
				" act_max=" v["act_max"]
			  if (v["req_max"] + 0 > cap || v["act_max"] + 0 > cap + late) bad = 1 }
		END { exit bad }' "$NPS_DBG/stats"
}

# trace_start: an empty buffer with the section event on (the module's
# events exist once it is loaded).
trace_start()
{
	probe_trace_reset
	echo 1 > "$TRACEFS/events/preemptlab/plab_nps_section/enable"
}

plab_begin 3 nps_prepare cleanup

cpu=$(probe_second_cpu)
probe_dmesg_mark

# Race the load: jitter_us=5000 > duration_us=1000 must never run.
ok=0
loads=0
for _ in 1 2 3 4 5; do
	(for ((i = 0; i < 20000; i++)); do [ -w "$NPS_PARAMS/jitter_us" ] && break; done
	 for _ in $(seq 200); do echo 5000 > "$NPS_PARAMS/jitter_us"; done) 2> /dev/null &
	racer=$!
	if plab_load plab_nps mode=irq cpus="$cpu" duration_us=1000 \
		period_us=10000 2> /dev/null; then
		loads=$((loads + 1))
		wait "$racer"
		sleep 0.3
		j=$(cat "$NPS_PARAMS/jitter_us")
		[ "$j" -lt 1000 ] || { ok=1; ktap_diag "loaded with jitter_us=$j"; }
		seen=$(stats_check) || { ok=1; echo "$seen"; }
		plab_unload plab_nps || ok=1
	else
		wait "$racer"
	fi
done
ktap_result $ok "insmod raced by jitter_us=5000: refused or checked ($loads of 5 loaded)"

ok=1
if plab_load plab_nps mode=irq cpus="$cpu" duration_us=5000 period_us=20000 &&
	trace_start; then
	writer "$NPS_PARAMS/duration_us" 1 90000 100000 120000 5000 1000000 & pids+=($!)
	writer "$NPS_PARAMS/jitter_us" 0 50000 99999 4999 1000 & pids+=($!)
	writer "$NPS_PARAMS/period_us" 100 20000 200000 1000000 & pids+=($!)
	writer "$NPS_PARAMS/burst" 1 2 100 & pids+=($!)
	writer "$NPS_PARAMS/enabled" 1 0 1 & pids+=($!)
	writer "$NPS_DBG/enabled" 0 1 1 & pids+=($!)
	writer "$NPS_DBG/reset" 1 & pids+=($!)
	sleep "$RUN_S"
	kill "${pids[@]}" 2> /dev/null
	wait 2> /dev/null
	pids=()
	echo 1 > "$NPS_DBG/enabled"
	sleep 0.5
	d=$(cat "$NPS_PARAMS/duration_us") j=$(cat "$NPS_PARAMS/jitter_us")
	p=$(cat "$NPS_PARAMS/period_us") b=$(cat "$NPS_PARAMS/burst")
	ktap_diag "after the writes: duration_us=$d jitter_us=$j period_us=$p burst=$b"
	# Read while loaded: the unload clears the buffer.
	cap_check && [ "$j" -lt "$d" ] && [ $((d + j)) -le 100000 ] &&
		[ $((b * (d + j) * 100)) -le $((p * 90)) ] && ok=0
fi
ktap_result $ok "$RUN_S s of concurrent writes: lengths within the cap, the timing consistent"
plab_unload plab_nps

probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
