#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_softirq at any moment of a flood above one CPU,
#              for every source and threaded NAPI, with a reader on the
#              stats file, six times

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/../probe/probe_lib.sh"
. "$(dirname "$0")/softirq_lib.sh"

RUNS=(
	"source=napi"
	"source=napi threaded=1"
	"source=tasklet"
	"source=tasklet_hi"
	"source=timer"
	"source=hrtimer_soft"
)
reader=

cleanup()
{
	[ -n "$reader" ] && kill "$reader" 2>/dev/null && wait "$reader" 2>/dev/null
	plab_cleanup_modules
	probe_trace_reset
}

ktap_header
sq_prepare
trap cleanup EXIT
ktap_plan 3

probe_dmesg_mark
probe_trace_reset
(while :; do cat "$SQ_DBG/stats" > /dev/null 2>&1; done) &
reader=$!

ok=0
for run in "${RUNS[@]}"; do
	# shellcheck disable=SC2086
	if ! plab_load plab_softirq cpus=1 unsafe=1 rate_pps=150000 \
		cost_ns=10000 $run; then
		ktap_diag "cannot load: $run"
		ok=1
		break
	fi
	sleep "0.$((RANDOM % 5))$((RANDOM % 10))"
	plab_unload_busy plab_softirq || { ok=1; break; }
done
ktap_result $ok "${#RUNS[@]} x insmod (150 % of CPU 1), run 0-0.5 s, rmmod"

kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
reader=
! plab_module_loaded plab_softirq && ! pgrep '^napi/plab_soft' > /dev/null
ktap_result $? "nothing left: no module, no NAPI thread"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
