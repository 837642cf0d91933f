#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab-vm returns the command's status, and distinct
#              statuses with a reason for timeout, panic and a bad taint;
#              a guest whose heartbeat stops and that prints nothing is
#              reported wedged within the heartbeat limit, a quiet guest
#              with a heartbeat is not

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

vm=$top/scripts/harness/plab-vm
host_setup 9

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

# The wedge cases use the shortest heartbeat limit plab-vm allows (15 s,
# three beats) to keep this test short; the default is 30 s.
HB=(--heartbeat-limit 15)

# Silent for longer than the heartbeat limit, but with a heartbeat: the
# negative control of the wedged cases below.
run hang -k full "${HB[@]}" -t 40 -- sleep 3600
[ $rc -eq 124 ] && echo "$res" | grep -q timeout && [ ! -e "$tmp/hang/wedged" ] &&
	[ -s "$tmp/hang/heartbeat.log" ]
ktap_result $? "a quiet command with a heartbeat is a timeout (124) with its reason, not wedged"

# elapsed: the run's seconds, from the result line.
elapsed()
{
	echo "$res" | sed -n 's/.*, \([0-9]*\)s, .*/\1/p'
}

# The guest's heartbeat stops and nothing is printed: wedged, long before
# the 300 s timeout.
run nobeat -k full "${HB[@]}" -- sh -c 'kill $(cat /run/plab-heartbeat.pid); sleep 3600'
t=$(elapsed)
[ $rc -eq 125 ] && echo "$res" | grep -q 'guest wedged: no heartbeat' && [ "${t:-999}" -lt 120 ]
ktap_result $? "a silent guest without heartbeat is reported wedged (125) in ${t:-?}s"

# The whole emulator stopped (SIGSTOP): the same, and the boot ends.
"$vm" -q -o "$tmp/stop" -k full "${HB[@]}" -- sh -c 'echo ready; sleep 3600' > "$tmp/stop.out" 2>&1 &
vmpid=$!
qpid=
# Until the guest is up (plab-vm may first wait for another guest's lock).
while kill -0 $vmpid 2>/dev/null; do
	grep -q ready "$tmp/stop/output.log" 2>/dev/null &&
		qpid=$(pgrep -f -- "^[^ ]*qemu-system-x86_64 .*path=$tmp/stop/heartbeat.log") && break
	sleep 1
done
[ -n "$qpid" ] && kill -STOP $qpid
wait $vmpid
rc=$?
res=$(cat "$tmp/stop/result" 2>/dev/null)
ktap_diag "stop: exit $rc: $res"
t=$(elapsed)
[ -n "$qpid" ] && [ $rc -eq 125 ] && echo "$res" | grep -q 'guest wedged: no heartbeat' &&
	[ "${t:-999}" -lt 120 ]
ktap_result $? "a stopped emulator is reported wedged (125) in ${t:-?}s"

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
