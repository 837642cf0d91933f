#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: bad options give "wakelat: error: ..." and exit 2 before
#              touching the system; -h exits 0; without permission the
#              tool says BPF is unavailable and exits 4
# requires: scripts/tools/wakelat/wakelat (setpriv for the permission case)
# models: full rt   (model-independent: user-space only; the same kernel binary
#                    serves none, voluntary and full)

. "$(dirname "$0")/wakelat_lib.sh"

ktap_header
wl_require_bin

# case WANT DESC ARGS...
check()
{
	local want=$1 desc=$2 rc out

	shift 2
	out=$(timeout 20 "$WL_BIN" "$@" 2>&1)
	rc=$?
	if [ $rc -ne "$want" ]; then
		ktap_diag "$desc: exit $rc, want $want: $(echo "$out" | head -2)"
		ktap_fail "$desc"
	elif [ "$want" -eq 2 ] && ! echo "$out" | grep -q "^wakelat: error: "; then
		ktap_diag "$desc: no 'wakelat: error:' message: $(echo "$out" | head -2)"
		ktap_fail "$desc"
	else
		ktap_pass "$desc: $(echo "$out" | head -1 | cut -c1-90)"
	fi
}

ktap_plan 14
check 0 "-h" -h
check 2 "unknown long option" --bogus
check 2 "missing value" -p
check 2 "pid 0" -p 0
check 2 "pid not a number" -p abc
check 2 "comm too long" -c 0123456789abcdef
check 2 "cpu list malformed" -C 1-
check 2 "cpu beyond limit" -C 5000
check 2 "duration 0" -d 0
check 2 "interval longer than duration" -i 5 -d 2
check 2 "entries 0" -E 0
check 2 "cgroup not a folder" --cgroup /nonexistent/cgroup
check 2 "stray argument" -d 1 extra

if [ "$(id -u)" -ne 0 ]; then
	check 4 "unprivileged: BPF unavailable" -d 1
elif command -v setpriv > /dev/null; then
	out=$(timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$WL_BIN" -d 1 2>&1)
	rc=$?
	[ $rc -eq 4 ] && echo "$out" | grep -q "BPF unavailable"
	ktap_result $? "unprivileged: BPF unavailable, exit 4 (got $rc: $(echo "$out" | head -1 | cut -c1-80))"
else
	ktap_skip "unprivileged: BPF unavailable" "no setpriv"
fi
ktap_finish
