#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: run.sh's report of where a timed-out test was stuck
#              (selftests/lib/stuck.sh) names every process below the
#              test, and only those, with its state and wait channel,
#              also when a comm holds blanks and parentheses; each check
#              with a control that must fail

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/stuck.sh"

tmp=$(mktemp -d)
pids=()
cleanup()
{
	kill "${pids[@]}" 2> /dev/null
	wait 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ktap_header
ktap_plan 5

# A tree like a test's: a shell whose child sleeps, both named with the
# characters a naive split of /proc/PID/stat gets wrong.
cp "$(command -v sleep)" "$tmp/x) R 1 (y"
bash -c '"$1" 300 & wait' "odd" "$tmp/x) R 1 (y" &
root=$!
pids+=("$root")
sleep 300 &
other=$!
pids+=("$other")
for _ in $(seq 50); do
	[ -n "$(stuck_tasks "$root")" ] && break
	sleep 0.1
done
child=$(stuck_tasks "$root")
stuck_report "$root" > "$tmp/report"
sed 's/^/# /' "$tmp/report"

# Its parent, the second field after the comm's closing parenthesis.
stat=$(< "/proc/$child/stat")
read -r _ ppid _ <<< "${stat##*) }"
[[ $child =~ ^[0-9]+$ ]] && [ "$ppid" = "$root" ]
ktap_result $? "stuck_tasks finds the one child of the test's process ($child)"

# The control: the unrelated sleep is not below the test's process.
! grep -qw "$other" <<< "$child"
ktap_result $? "control: a process outside the test's tree is not named"

grep -qx "x) R 1 (y\[$child\] S hrtimer_nanosleep" "$tmp/report"
ktap_result $? "the comm 'x) R 1 (y' with its state S and wait channel hrtimer_nanosleep"

# The control: the first field after the first ')' (a naive parse) is
# not the state for this comm.
line=$(< "/proc/$child/stat")
naive=${line#*) }
[ "${naive%% *}" != S ]
ktap_result $? "control: a parse at the first ')' reads '${naive%% *}', not the state"

stuck_summary "$tmp/report" | grep -qx "x) R 1 (y\[$child\] S hrtimer_nanosleep"
ktap_result $? "the summary is the task's line"

ktap_finish
