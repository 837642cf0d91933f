#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_journal at any moment of a run: inside a
#              checksum section, during the I/O (sleep or file), with the
#              mutex held across the I/O and waiters blocked on it, while
#              the stats are read; no thread or module left, no splat

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/journal_lib.sh"

JR_DIR=/tmp/plab_journal_rmmod.$$
reader=

cleanup()
{
	[ -n "$reader" ] && kill "$reader" 2>/dev/null && wait "$reader" 2>/dev/null
	jr_cleanup
	rm -rf "$JR_DIR"
}

ktap_header
jr_prepare
trap cleanup EXIT
mkdir -p "$JR_DIR"
ktap_plan 3
probe_dmesg_mark

# Read the stats in a loop so that unloads race with open files.
(while :; do cat "$JR_DBG/stats" > /dev/null 2>&1; done) &
reader=$!

CONFIGS=(
	"lock=raw_spin writers=2 record_kb=1024 journal_kb=1024 io_latency_us=5000"
	"lock=spin writers=3 record_kb=1024 journal_kb=2048 io_latency_us=0 policy=fifo prio=10"
	"lock=mutex writers=3 hold_across_io=1 record_kb=256 io_latency_us=100000"
	"lock=mutex writers=2 record_kb=64 io_latency_us=500000"
	"lock=spin writers=2 io=file record_kb=64 io_latency_us=1000"
	"lock=mutex writers=2 hold_across_io=1 io=file record_kb=64 io_latency_us=0"
)
ok=0
loops=0
for cfg in "${CONFIGS[@]}"; do
	extra=
	case $cfg in *io=file*) extra="path=$JR_DIR/j$loops" ;; esac
	# shellcheck disable=SC2086
	if ! plab_load plab_journal $cfg $extra; then
		ktap_diag "cannot load: $cfg $extra"
		ok=1
		break
	fi
	sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
	jr_unload || { ok=1; break; }
	loops=$((loops + 1))
done
what="insmod (spinlocks, mutex held across I/O, long sleeps, file I/O), run 0-0.4 s, rmmod"
ktap_result $ok "$loops x $what"

kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
reader=
! plab_module_loaded plab_journal && ! pgrep '^plab_journal' > /dev/null
ktap_result $? "nothing left: no module, no thread"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
