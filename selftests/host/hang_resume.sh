#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a boot stopped by the emulator's live-patching hang is
#              booted once more for the tests that had not reported only,
#              and both boots count as one run
. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 4

"$top/scripts/plab-selftest" -m full -t fixtures:pass.sh -t fixtures:emuhang_once.sh \
	-o "$tmp/m" > "$tmp/out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/out"

grep -q 'booting once more for the 1 test(s) that did not report' "$tmp/out"
ktap_result $? "the hang is named and the one test left runs again"
[ "$(grep -c '^# selftests: fixtures: pass.sh' "$tmp/m/full/output.log")" = 1 ]
ktap_result $? "the test that had reported is not run twice"
grep -Eq '^fixtures:pass.sh +PASS' "$tmp/out" &&
	grep -Eq '^fixtures:emuhang_once.sh +PASS' "$tmp/out" &&
	grep -Eq '^vm:boot +PASS' "$tmp/out"
ktap_result $? "both tests and the boot are PASS in one table"
[ $rc -eq 0 ] && tail -n 1 "$tmp/out" | grep -Eq '^[1-9][0-9]* passed, 0 failed'
ktap_result $? "plab-selftest exits 0 and counts no failure (exit $rc)"

ktap_finish
