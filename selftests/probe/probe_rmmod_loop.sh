#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_probe at any moment of a run at period_us=100,
#              with tracing on and a reader on the histogram, ten times

. "$(dirname "$0")/probe_lib.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

LOOPS=10

cleanup()
{
	plab_reader_stop
	plab_cleanup_modules
	probe_trace_reset
}

plab_begin 3 probe_prepare cleanup

probe_dmesg_mark
probe_trace_reset
# The events exist only while the module is loaded: on after each load.
events_on()
{
	echo 1 > "$TRACEFS/events/preemptlab/enable"
}

runs=()
for _ in $(seq $LOOPS); do
	runs+=("period_us=100 threshold_us=100")
done
plab_reader_start "$PROBE_DBG/stats"
# shellcheck disable=SC2034 # read by plab_rmmod_loop (lifecycle.sh)
PLAB_LOOP_HOOK=events_on
plab_rmmod_loop plab_probe 4 plab_unload_busy "${runs[@]}"
ktap_result $? "$PLAB_LOOPS x insmod period_us=100, run 0-0.5 s, rmmod"
plab_rmmod_loop_end plab_probe '^plab_probe/' "probe thread"

ktap_finish
