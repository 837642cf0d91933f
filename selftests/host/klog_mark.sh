#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the kernel log mark (selftests/lib/kernel_log.sh) finds the
#              lines after it, a splat after it and none before it, and
#              refuses a log whose ring buffer wrapped past it
#
# Runs on recorded logs: dmesg is a function that prints one. The wrapped
# log is the case that counting lines got wrong: a full ring buffer keeps
# its line count while lines come and go, so "the lines after line N"
# held nothing new, a FINISH line was not found and a splat was not seen
# (probe_load_default.sh and softirq_load_default.sh failed on none for
# that, after nps_param_race.sh had filled the buffer).

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/kernel_log.sh"

MARK="plab-mark: 42-1"
LOG=

dmesg()
{
	printf '%s\n' "$LOG"
}

before='[    1.0] BUG: a splat before the mark'
marked="[    2.0] $MARK"
after='[    3.0] plab_probe: FINISH in 5 ns'
splat='[    4.0] WARNING: CPU: 1 PID: 7 at somewhere'

ktap_header
ktap_plan 6

LOG=$(printf '%s\n' "$before" "$marked" "$after")
[ "$(plab_klog_since "$MARK")" = "$after" ]
ktap_result $? "since: the lines after the mark, neither it nor those before"

plab_klog_clean "$MARK" > /dev/null
ktap_result $? "clean: a splat before the mark is not this test's"

LOG=$(printf '%s\n' "$before" "$marked" "$after" "$splat")
out=$(plab_klog_clean "$MARK")
[ $? -eq 1 ] && [ "$out" = "$splat" ]
ktap_result $? "clean: a splat after the mark is reported"

# The ring buffer wrapped: the mark and what came right after it are gone.
LOG=$(printf '%s\n' "$after" "$after")
plab_klog_since "$MARK" > /dev/null 2>&1
[ $? -eq 1 ]
ktap_result $? "since: a log without the mark is refused, not read as empty"

LOG=$(printf '%s\n' "$after")
out=$(plab_klog_clean "$MARK")
[ $? -eq 1 ] && [[ $out == *"is gone"* ]]
ktap_result $? "clean: no verdict of clean from a log without the mark"

out=$(plab_klog_clean "")
[ $? -eq 1 ]
ktap_result $? "clean: an empty mark is refused"

ktap_finish
