#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: with -p PID the tool reports that process only: of two
#              identical periodic tasks A and B, a second wakelat without
#              the PID filter (by comm) sees both, the filtered one only A
# requires: root, /sys/kernel/btf/vmlinux, cc, jq

. "$(dirname "$0")/wakelat_lib.sh"

ktap_header
wl_require_bpf
wl_prepare_helper
ktap_plan 4

# A and B block opening a FIFO (before exec) until both tools trace.
mkfifo "$WL_DIR/go"
"$WL_HELPER" 2000 400 200 < "$WL_DIR/go" > "$WL_DIR/a.out" &
a=$!
"$WL_HELPER" 2000 400 200 < "$WL_DIR/go" > "$WL_DIR/b.out" &
b=$!
WL_PIDS="$a $b"
wl_start "$WL_DIR/p.out" "$WL_DIR/p.err" -p $a -q -j "$WL_DIR/p.json"
filtered=$WL_LAST
wl_start "$WL_DIR/c.out" "$WL_DIR/c.err" -c wl_periodic -q -j "$WL_DIR/c.json"
control=$WL_LAST
WL_LAST=$filtered wl_wait_ready "$WL_DIR/p.err"
wl_wait_ready "$WL_DIR/c.err"
exec 3> "$WL_DIR/go"
exec 3>&-
wait $a $b
wl_stop $filtered
rc1=$?
wl_stop $control
rc2=$?
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
ktap_result $? "both tools exit 0 ($rc1, $rc2)"

ca=$(wl_json_or 0 "$WL_DIR/c.json" "$(wl_task count "$a")")
cb=$(wl_json_or 0 "$WL_DIR/c.json" "$(wl_task count "$b")")
pa=$(wl_json_or 0 "$WL_DIR/p.json" "$(wl_task count "$a")")
# The pids of the filtered report's tasks but A's, sorted, as "[p1, p2]".
others=
pids=$(wl_json "$WL_DIR/p.json" '[.runs[0].tasks[].pid] | map(tostring) | join("\n")') &&
	others=$(printf '%s\n' "$pids" | sort -nu |
		awk -v a="$a" 'NF && $0 + 0 != a + 0 { s = s (s == "" ? "" : ", ") $0 }
			END { print "[" s "]" }')
ktap_diag "A=$a B=$b: control saw A $ca, B $cb times; -p A saw A $pa times, other processes $others"
# Each sleep that blocked is a wakeup the tools must count; a few more
# (before the periods: exec, the FIFO) may come on top. With fewer than
# half of the sleeps blocking (an emulator stalled past most deadlines)
# the run is no evidence either way; no blocked= at all is a failure.
ba=$(wl_summary blocked "$WL_DIR/a.out")
bb=$(wl_summary blocked "$WL_DIR/b.out")
pb=$(wl_json_or 0 "$WL_DIR/p.json" "$(wl_task count "$b")")
ktap_diag "sleeps that blocked: A ${ba:-none}, B ${bb:-none} of 401 each; -p A saw B $pb times"
# sees_all COUNT BLOCKED: a report's count of a task covers its blocked
# sleeps.
sees_all()
{
	[[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$1" -ge "$2" ]
}
if [[ $ba =~ ^[0-9]+$ && $bb =~ ^[0-9]+$ ]] && { [ "$ba" -lt 200 ] || [ "$bb" -lt 200 ]; }; then
	ktap_skip "control (by comm) sees every wakeup of both tasks" \
		"inconclusive: fewer than 200 of 401 sleeps blocked"
	ktap_skip "-p A sees every wakeup of A, and not B's (control)" \
		"inconclusive: fewer than 200 of 401 sleeps blocked"
else
	sees_all "$ca" "$ba" && sees_all "$cb" "$bb"
	ktap_result $? "control (by comm) sees every wakeup of both tasks"
	# The control of the count: the filtered report's B, which it must
	# not see, fails the same test.
	sees_all "$pa" "$ba" && ! sees_all "$pb" "$bb"
	ktap_result $? "-p A sees every wakeup of A, and not B's (control)"
fi
[ "$others" = "[]" ]
ktap_result $? "-p A sees no other process"
ktap_finish
