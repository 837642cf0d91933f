#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_journal at any moment of a run: inside a
#              checksum section, during the I/O (sleep or file), with the
#              mutex held across the I/O and waiters blocked on it, while
#              the stats are read; no thread or module left, no splat

. "$(dirname "$0")/journal_lib.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

JR_DIR=/tmp/plab_journal_rmmod.$$

cleanup()
{
	plab_reader_stop
	jr_cleanup
	rm -rf "$JR_DIR"
}

ktap_header
jr_prepare
trap cleanup EXIT
mkdir -p "$JR_DIR"
ktap_plan 3
probe_dmesg_mark

plab_reader_start "$JR_DBG/stats"
plab_rmmod_loop plab_journal 3 plab_unload_busy \
	"lock=raw_spin writers=2 record_kb=1024 journal_kb=1024 io_latency_us=5000" \
	"lock=spin writers=3 record_kb=1024 journal_kb=2048 io_latency_us=0 policy=fifo prio=10" \
	"lock=mutex writers=3 hold_across_io=1 record_kb=256 io_latency_us=100000" \
	"lock=mutex writers=2 record_kb=64 io_latency_us=500000" \
	"lock=spin writers=2 io=file record_kb=64 io_latency_us=1000 path=$JR_DIR/j4" \
	"lock=mutex writers=2 hold_across_io=1 io=file record_kb=64 io_latency_us=0 path=$JR_DIR/j5"
what="insmod (spinlocks, mutex held across I/O, long sleeps, file I/O), run 0-0.4 s, rmmod"
ktap_result $? "$PLAB_LOOPS x $what"
plab_rmmod_loop_end plab_journal '^plab_journal' thread

ktap_finish
