#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a boot stopped by the emulator's live-patching hang is
#              booted once more for the tests that had not reported only,
#              and both boots count as one run; a hang in another test on
#              that boot gets a third boot; a test that hangs in two
#              boots is a failure
. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 7

# Two models of the stock kernel share a boot: the hang in the first model
# leaves its one test and the whole second model to the next boot.
"$top/scripts/harness/plab-selftest" -m none,full -t fixtures:pass.sh -t fixtures:emuhang_once.sh \
	-o "$tmp/m" > "$tmp/out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/out"

grep -q 'booting once more for the 3 test(s) that did not report' "$tmp/out"
ktap_result $? "the hang is named and the three tests left (one on none, two on full) run again"
[ "$(grep -c '^# selftests: fixtures: pass.sh' "$tmp/m/none/output.log")" = 1 ] &&
	[ "$(grep -c '^# selftests: fixtures: pass.sh' "$tmp/m/full/output.log")" = 1 ]
ktap_result $? "the test that had reported is not run twice, the other model's once"
grep -Eq '^fixtures:pass.sh +PASS +PASS' "$tmp/out" &&
	grep -Eq '^fixtures:emuhang_once.sh +PASS +PASS' "$tmp/out" &&
	grep -Eq '^vm:boot +PASS +PASS' "$tmp/out"
ktap_result $? "both tests and the boot are PASS on both models in one table"
[ $rc -eq 0 ] && tail -n 1 "$tmp/out" | grep -Eq '^[1-9][0-9]* passed, 0 failed'
ktap_result $? "plab-selftest exits 0 and counts no failure (exit $rc)"

# Hangs strike at random: one in each of two tests is three boots, no failure.
"$top/scripts/harness/plab-selftest" -m full -t fixtures:emuhang_once.sh -t fixtures:emuhang_once_b.sh \
	-t fixtures:pass.sh -o "$tmp/m2" > "$tmp/out2" 2>&1
rc=$?
sed 's/^/# 2| /' "$tmp/out2"
[ "$(grep -c 'booting once more' "$tmp/out2")" = 2 ] &&
	grep -q 'booting once more for the 2 test(s) that did not report' "$tmp/out2"
ktap_result $? "a hang in another test on the second boot gets a third boot"
[ $rc -eq 0 ] && grep -Eq '^fixtures:emuhang_once_b.sh +PASS' "$tmp/out2" &&
	grep -Eq '^fixtures:pass.sh +PASS' "$tmp/out2" &&
	tail -n 1 "$tmp/out2" | grep -Eq '^[1-9][0-9]* passed, 0 failed'
ktap_result $? "the three boots count as one run with no failure (exit $rc)"

# The same test hanging again is not the emulator's luck: it fails.
"$top/scripts/harness/plab-selftest" -m full -t fixtures:emuhang_always.sh -t fixtures:pass.sh \
	-o "$tmp/m3" > "$tmp/out3" 2>&1
rc=$?
sed 's/^/# 3| /' "$tmp/out3"
[ $rc -ne 0 ] && grep -q 'emuhang_always.sh hung in two boots' "$tmp/out3" &&
	[ "$(grep -c 'booting once more' "$tmp/out3")" = 1 ] &&
	tail -n 1 "$tmp/out3" | grep -Eq ' [1-9][0-9]* failed'
ktap_result $? "a test that hangs in two boots is reported as a failure (exit $rc)"

ktap_finish
