#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run selftests/run.sh once per line of a plan, in one boot: the stock
# kernel is PREEMPT_DYNAMIC, so none, voluntary and full need not be three
# boots. Each line is "MODEL [run.sh options...]"; before a line's tests
# the model is made the active one through /sys/kernel/debug/sched/preempt
# (when the kernel has it: the RT kernel and a kernel built for one model
# run the model they were booted with), and checked there.
#
# Each run starts with a line "plab-model: MODEL" on stdout, on which
# plab-selftest splits the stream into one KTAP stream per model. A model
# that cannot be switched to prints "plab-model-error: MODEL: why" and
# runs nothing: its tests then never report, which the host counts as
# failures.

set -u
here=$(cd "$(dirname "$0")" && pwd)
PROG=selftests/run_plan.sh

usage()
{
	cat <<EOF
Usage: $PROG PLAN TAPDIR

  PLAN    file of lines "MODEL [run.sh options...]", run in order
  TAPDIR  each model's test outputs go to TAPDIR/MODEL (run.sh -o)

Exit status: 0 when every run passed, 1 otherwise, 2 on usage errors.
EOF
}

die()
{
	echo "$PROG: error: $*" >&2
	exit 2
}

case "${1:-}" in
-h|--help) usage; exit 0 ;;
-?*) die "unknown option '$1' (see $PROG -h)" ;;
esac
[ $# -eq 2 ] || die "needs PLAN and TAPDIR (see $PROG -h)"
plan=$1
tapdir=$2
[ -r "$plan" ] || die "cannot read the plan '$plan'"

# plab_switch_model: the one switch (the executor's -M uses it too).
. "$here/../scripts/harness/lib/preempt_model.sh"

rc=0
while read -r -u 3 model args; do
	[ -n "$model" ] || continue
	[[ "$model" =~ ^[a-z0-9_]+$ ]] || die "plan line with a bad model name '$model'"
	echo "plab-model: $model"
	if ! why=$(plab_switch_model "$model"); then
		echo "plab-model-error: $model: $why"
		rc=1
		continue
	fi
	# shellcheck disable=SC2086 # the plan's options are words (C:T names)
	PLAB_MODEL=$model "$here/run.sh" $args -o "$tapdir/$model" < /dev/null || rc=1
done 3< "$plan"
exit $rc
