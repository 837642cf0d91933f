#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a make run boot stopped by the emulator's live-patching
#              hang is booted once more for the scenarios that had not
#              finished only: the finished one keeps its results and is
#              not run again, the lost boot is counted in time.txt

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 5

fx=$top/selftests/fixtures/scn
r=$tmp/run
"$top/scripts/plab-run" -q -m full -s "$fx/first.scn,$fx/emuhang.scn" -o "$r" > "$tmp/out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/out"
raw=$r/raw/full-base

grep -q 'booting once more for the 1 scenario(s) that had not finished' "$tmp/out"
ktap_result $? "the hang is named and only the scenario it stopped runs again"
# One line per trial (plab-run's 3): a second run of it would add 3 more.
[ "$(grep -c . "$raw/first.runs" 2>/dev/null)" = 3 ] && [ -f "$raw/first/metrics-base.txt" ]
ktap_result $? "the scenario that had finished kept its results and ran once"
[ "$(cat "$raw/emuhang/status.base" 2>/dev/null)" = ok ] && [ -f "$raw/emuhang/metrics-base.txt" ] &&
	! grep -Eq '^ *(first|emuhang) .*(not run|failed)' "$r/summary.txt"
ktap_result $? "the hung scenario finished in the second boot, and the report has both"
[ -f "$r/hung-boots/full-base-1/console.log" ] && [ -f "$raw/noise-base-earlier.txt" ]
ktap_result $? "the hung boot's console and noise floor are kept"
[ $rc = 0 ] && grep -q '^time: 1 boot(s), 1 lost to the emulator' "$r/time.txt"
ktap_result $? "plab-run exits 0 and time.txt counts the lost boot (exit $rc)"

ktap_finish
