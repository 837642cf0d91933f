#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the kernel runs the preemption model the harness asked for
#
# On the stock kernel, /sys/kernel/debug/sched/preempt brackets the active
# PREEMPT_DYNAMIC mode, e.g. "none voluntary (full)". The RT kernel has no
# dynamic modes: PREEMPT_RT shows in uname -v and /sys/kernel/realtime.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"

ktap_header
plab_require_root
case "$PLAB_MODEL" in
none|voluntary|full|rt) ;;
*) ktap_skip_all "PLAB_MODEL '$PLAB_MODEL' is not one of the default models" ;;
esac
ktap_plan 4

version=$(uname -v)
ktap_diag "uname -r: $(uname -r); uname -v: $version"

if [ "$PLAB_MODEL" = rt ]; then
	case "$version" in *PREEMPT_RT*) rc=0 ;; *) rc=1 ;; esac
	ktap_result $rc "uname -v names PREEMPT_RT"
	# The RT patch set (Debian's 6.1 rt) has it; mainline 6.12 does not.
	if [ -e /sys/kernel/realtime ]; then
		[ "$(cat /sys/kernel/realtime)" = 1 ]
		ktap_result $? "/sys/kernel/realtime is 1"
	else
		ktap_skip "/sys/kernel/realtime is 1" "this kernel has no /sys/kernel/realtime"
	fi
	[ ! -e /sys/kernel/debug/sched/preempt ]
	ktap_result $? "no dynamic preemption modes on the RT kernel"
else
	case "$version" in *PREEMPT_RT*) rc=1 ;; *) rc=0 ;; esac
	ktap_result $rc "stock kernel (no PREEMPT_RT)"
	modes=$(cat /sys/kernel/debug/sched/preempt 2>/dev/null)
	ktap_diag "sched/preempt: $modes"
	[ -n "$modes" ]
	ktap_result $? "/sys/kernel/debug/sched/preempt is readable"
	case " $modes " in *"($PLAB_MODEL)"*) rc=0 ;; *) rc=1 ;; esac
	ktap_result $rc "active mode is ($PLAB_MODEL)"
fi

[ -f /sys/kernel/tracing/trace ] || [ -f /sys/kernel/debug/tracing/trace ]
ktap_result $? "tracefs is mounted"

ktap_finish
