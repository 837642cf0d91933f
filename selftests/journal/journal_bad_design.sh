#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: bad design (hold_across_io=1, lock=mutex): the lock waiters
#              (the other writer) wait about the I/O time per commit, on
#              every model; the good design makes them wait only for the
#              checksum; with raw_spin or spin the bad design is refused
#              with a message saying why

. "$(dirname "$0")/journal_lib.sh"

IO_US=40000
COMMITS=8

# waits HOLD: two writers (CPUs 0 and 1 when there are two) contending
# for the mutex; sets WAIT_AVG and WAIT_MAX (ns, over both writers).
waits()
{
	local ret=0 w0 w1 msg

	WAIT_AVG=
	plab_load plab_journal lock=mutex hold_across_io="$1" writers=2 \
		record_kb=64 io_latency_us=$IO_US commits=$COMMITS || return 1
	jr_wait_commits $((COMMITS * 2)) 30 || ret=1
	w0=$(jr_stat 0 lock_wait_avg)
	w1=$(jr_stat 1 lock_wait_avg)
	WAIT_MAX=$(jr_stat total lock_wait_max)
	WAIT_AVG=$(( (${w0:-0} + ${w1:-0}) / 2 ))
	msg="lock=mutex hold_across_io=$1, 2 writers, io_latency_us=$IO_US on $PLAB_MODEL"
	msg+=": lock wait avg $((WAIT_AVG / 1000)) us"
	msg+=" (writers $((${w0:-0} / 1000)), $((${w1:-0} / 1000)))"
	msg+=", max $((${WAIT_MAX:-0} / 1000)) us"
	msg+="; commit avg $(( $(jr_stat 0 commit_avg) / 1000)) us"
	ktap_diag "$msg"
	plab_unload plab_journal || ret=1
	[ -n "$w0" ] && [ -n "$w1" ] || ret=1
	return $ret
}

plab_begin 5 jr_prepare jr_cleanup
probe_dmesg_mark

ok=1
waits 0 && [ "$WAIT_AVG" -lt $((IO_US * 1000 / 4)) ] && ok=0
good=$WAIT_AVG
ktap_result $ok "good design: waiters wait for the checksum only (avg < I/O / 4)"

ok=1
waits 1 && [ "$WAIT_AVG" -ge $(( ${good:-0} + IO_US * 1000 / 2)) ] && ok=0
ktap_result $ok "bad design: waiters' wait grows by about the I/O time (avg >= good + I/O / 2)"

for lock in raw_spin spin; do
	ok=1
	refusal="plab_journal: hold_across_io=1: refused with lock=$lock:"
	refusal+=" the I/O wait sleeps, and sleeping under a spinlock is a bug"
	if ! plab_load plab_journal lock=$lock hold_across_io=1 2>/dev/null &&
	   ! plab_module_loaded plab_journal &&
	   probe_dmesg_since | grep -q "$refusal"; then
		ok=0
	fi
	plab_unload plab_journal
	ktap_result $ok "lock=$lock hold_across_io=1 refused: never sleep under a spinlock"
done
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
