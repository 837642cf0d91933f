#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the matrix summary fails, and names the test, when a test
#              fails or hangs; a passing test still counts as passed

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 5

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
grep -Eq '^fixtures:pass.sh +PASS' "$tmp/out"
ktap_result $? "the passing fixture is PASS in the same run"

ktap_finish
