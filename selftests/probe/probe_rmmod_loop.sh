#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_probe at any moment of a run at period_us=100,
#              with tracing on and a reader on the histogram, ten times

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/probe_lib.sh"

LOOPS=10
reader=

cleanup()
{
	[ -n "$reader" ] && kill "$reader" 2>/dev/null && wait "$reader" 2>/dev/null
	plab_cleanup_modules
	probe_trace_reset
}

ktap_header
probe_prepare
trap cleanup EXIT
ktap_plan 3

probe_dmesg_mark
probe_trace_reset
# Read the histogram in a loop so that unloads race with open files.
(while :; do cat "$PROBE_DBG/stats" > /dev/null 2>&1; done) &
reader=$!

ok=0
for _ in $(seq $LOOPS); do
	if ! plab_load plab_probe period_us=100 threshold_us=100; then
		ok=1
		break
	fi
	# The events exist only while the module is loaded.
	echo 1 > "$TRACEFS/events/preemptlab/enable" || ok=1
	sleep "0.$((RANDOM % 5))$((RANDOM % 10))"
	plab_unload_busy plab_probe || { ok=1; break; }
done
ktap_result $ok "$LOOPS x insmod period_us=100, run 0-0.5 s, rmmod"

kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
reader=
! plab_module_loaded plab_probe && ! pgrep '^plab_probe/' > /dev/null
ktap_result $? "nothing left: no module, no probe thread"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
