#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab-vm returns the command's status, and distinct
#              statuses with a reason for timeout, panic and a bad taint

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

vm=$top/scripts/plab-vm
host_setup 7

# run NAME ARGS...: plab-vm -q with its own results folder; sets rc, res.
run()
{
	local name=$1

	shift
	"$vm" -q -o "$tmp/$name" "$@" > "$tmp/$name.out" 2>&1
	rc=$?
	res=$(cat "$tmp/$name/result" 2>/dev/null)
	ktap_diag "$name: exit $rc: $res"
}

run ok -k full -- sh -c 'echo hello > /plab-out/hello; echo out-line'
[ $rc -eq 0 ] && [ "$(cat "$tmp/ok/hello" 2>/dev/null)" = hello ] &&
	grep -q out-line "$tmp/ok/output.log"
ktap_result $? "a passing command exits 0, writes the results share, output is saved"

run fail -k full -- sh -c 'exit 3'
[ $rc -eq 3 ]
ktap_result $? "a failing command's status (3) is returned"

run reserved -k full -- sh -c 'exit 125'
[ $rc -eq 1 ]
ktap_result $? "a command status that collides with the runner's own is reported as 1"

run hang -k full -t 20 -- sleep 3600
[ $rc -eq 124 ] && echo "$res" | grep -q timeout
ktap_result $? "a hanging command is a timeout (124) with its reason"

run panic -k full -- sh -c 'echo c > /proc/sysrq-trigger; sleep 30'
[ $rc -eq 125 ] && echo "$res" | grep -q 'kernel panic'
ktap_result $? "a panic is an infrastructure failure (125) with its reason"

run taint -k full -- sh -c 'echo 512 > /proc/sys/kernel/tainted'
[ $rc -eq 123 ] && echo "$res" | grep -q 'tainted'
ktap_result $? "a W taint fails a passing command (123) with its reason"

"$vm" -k nosuchmodel -- true > "$tmp/bad.out" 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q "nosuchmodel" "$tmp/bad.out"
ktap_result $? "an unknown model is a usage error naming it (exit $rc)"

ktap_finish
