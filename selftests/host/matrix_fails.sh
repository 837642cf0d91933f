#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the matrix summary fails, and names the test, when a test
#              fails or hangs (and where it was stuck); a passing test
#              still counts as passed

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 6

"$top/scripts/harness/plab-selftest" -m full -c fixtures -o "$tmp/m" > "$tmp/out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/out"
last=$(tail -n 1 "$tmp/out")

[ $rc -ne 0 ]
ktap_result $? "plab-selftest exits non-zero (exit $rc)"
echo "$last" | grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed'
ktap_result $? "the final line counts failures: $last"
grep -Eq '^fixtures:fail.sh +FAIL' "$tmp/out"
ktap_result $? "the failing fixture is FAIL in the table"
grep -Eq '^fixtures:hang.sh +FAIL' "$tmp/out" && grep -q 'TIMEOUT' "$tmp/m/full/output.log"
ktap_result $? "the hanging fixture is a TIMEOUT and FAIL in the table"
# Where the hanging fixture was, read before the kill: its sleep(1) in
# the kernel's nanosleep; the control: the passing fixture's result says
# nothing of the kind.
grep -Eq '^not ok [0-9]+ selftests: fixtures: hang.sh # TIMEOUT .*; stuck: .*sleep\[[0-9]+\] S [a-z_]*nanosleep' \
	"$tmp/m/full/output.log" &&
	! grep -Eq '^ok [0-9]+ selftests: fixtures: pass.sh .*stuck' "$tmp/m/full/output.log" &&
	grep -Eq '^problem: full: fixtures:hang.sh: TIMEOUT .*; stuck: ' "$tmp/out"
ktap_result $? "the TIMEOUT names where the test was stuck (sleep in nanosleep), also on the summary's problem line; a passing test nothing"
grep -Eq '^fixtures:pass.sh +PASS' "$tmp/out"
ktap_result $? "the passing fixture is PASS in the same run"

ktap_finish
