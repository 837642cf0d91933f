#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_softirq at any moment of a flood above one CPU,
#              for every source and threaded NAPI, with a reader on the
#              stats file, six times

. "$(dirname "$0")/softirq_lib.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

RUNS=(
	"source=napi"
	"source=napi threaded=1"
	"source=tasklet"
	"source=tasklet_hi"
	"source=timer"
	"source=hrtimer_soft"
)
cleanup()
{
	plab_reader_stop
	plab_cleanup_modules
	probe_trace_reset
}

plab_begin 3 sq_prepare cleanup

probe_dmesg_mark
probe_trace_reset
plab_reader_start "$SQ_DBG/stats"
common="cpus=1 unsafe=1 rate_pps=150000 cost_ns=10000"
plab_rmmod_loop plab_softirq 4 plab_unload_busy "${RUNS[@]/#/$common }"
ktap_result $? "$PLAB_LOOPS x insmod (150 % of CPU 1), run 0-0.5 s, rmmod"
plab_rmmod_loop_end plab_softirq '^napi/plab_soft' "NAPI thread"

ktap_finish
