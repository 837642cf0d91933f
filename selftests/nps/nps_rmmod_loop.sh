#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_nps at any moment of a run, including in the
#              middle of a section and with waiter threads contending for
#              the lock, for each lock mode and the atomic modes; no thread
#              left, no splat, no bad taint

. "$(dirname "$0")/nps_lib.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

cleanup()
{
	plab_reader_stop
	nps_cleanup
}

plab_begin 3 nps_prepare cleanup

probe_dmesg_mark
runs=()
for mode in spin mutex raw_spin rwlock_read rwlock_write preempt irq bh rcu migrate none; do
	extra=
	case $mode in
	spin|mutex|raw_spin|rwlock_*) extra=" contention=2 policy=fifo prio=10" ;;
	esac
	runs+=("mode=$mode duration_us=20000 period_us=40000$extra")
	runs+=("mode=$mode duration_us=20000 period_us=40000$extra")
done
plab_reader_start "$NPS_DBG/stats"
plab_rmmod_loop plab_nps 3 plab_unload_busy "${runs[@]}"
ktap_result $? "$PLAB_LOOPS x insmod (11 modes, lock modes with 2 waiters), run 0-0.4 s, rmmod"
plab_rmmod_loop_end plab_nps '^plab_nps' thread

ktap_finish
