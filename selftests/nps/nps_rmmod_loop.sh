#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: rmmod of plab_nps at any moment of a run, including in the
#              middle of a section and with waiter threads contending for
#              the lock, for each lock mode and the atomic modes; no thread
#              left, no splat, no bad taint

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/nps_lib.sh"

reader=

cleanup()
{
	[ -n "$reader" ] && kill "$reader" 2>/dev/null && wait "$reader" 2>/dev/null
	nps_cleanup
}

ktap_header
nps_prepare
trap cleanup EXIT
ktap_plan 3

probe_dmesg_mark
# Read the stats in a loop so that unloads race with open files.
(while :; do cat "$NPS_DBG/stats" > /dev/null 2>&1; done) &
reader=$!

ok=0
loops=0
for mode in spin mutex raw_spin rwlock_read rwlock_write preempt irq bh rcu migrate none; do
	extra=
	case $mode in
	spin|mutex|raw_spin|rwlock_*) extra="contention=2 policy=fifo prio=10" ;;
	esac
	for _ in 1 2; do
		# shellcheck disable=SC2086
		if ! plab_load plab_nps mode=$mode duration_us=20000 period_us=40000 $extra; then
			ok=1
			break 2
		fi
		sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
		plab_unload_busy plab_nps || { ok=1; break 2; }
		loops=$((loops + 1))
	done
done
ktap_result $ok "$loops x insmod (11 modes, lock modes with 2 waiters), run 0-0.4 s, rmmod"

kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
reader=
! plab_module_loaded plab_nps && ! pgrep '^plab_nps' > /dev/null
ktap_result $? "nothing left: no module, no thread"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
