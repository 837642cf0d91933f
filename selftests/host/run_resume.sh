#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a make run boot stopped by the emulator's live-patching
#              hang is booted once more for the scenarios that had not
#              finished only: the finished one keeps its results and is
#              not run again, the lost boot is counted in time.txt; with
#              the stock models in one boot (none and full, switched)

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 5

fx=$top/selftests/fixtures/scn
r=$tmp/run
"$top/scripts/harness/plab-run" -q -m none,full -s "$fx/first.scn,$fx/emuhang.scn" -o "$r" > "$tmp/out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/out"

grep -q 'booting once more for the 1 scenario(s) that had not finished' "$tmp/out"
ktap_result $? "the hang is named and only the scenario it stopped runs again"
# One line per trial (plab-run's 3) and model: a second run of it would
# add 6 more. The boot's own folder holds what the guest wrote there.
[ "$(grep -c . "$r/raw/stock-base/first.runs" 2>/dev/null)" = 6 ] &&
	[ -f "$r/raw/none-base/first/metrics-base.txt" ] && [ -f "$r/raw/full-base/first/metrics-base.txt" ]
ktap_result $? "the scenario that had finished kept its results and ran once per model"
ok=1
for m in none full; do
	[ "$(cat "$r/raw/$m-base/emuhang/status.base" 2>/dev/null)" = ok ] &&
		[ -f "$r/raw/$m-base/emuhang/metrics-base.txt" ] &&
		grep -q "^model=$m\$" "$r/raw/$m-base/env-base.txt" || ok=0
done
[ $ok = 1 ] && ! grep -Eq '^ *(first|emuhang) .*(not run|failed)' "$r/summary.txt"
ktap_result $? "the hung scenario finished in the second boot on both models, and the report has both"
# The resumed boot runs only emuhang (no probe): it measures no floor of
# its own, and each model's floor is the hung boot's.
ok=1
for m in none full; do
	[ -f "$r/raw/$m-base/noise-base-earlier.txt" ] &&
		grep -q '^noise.thr_max_us=' "$r/raw/$m-base/noise-base.txt" 2>/dev/null || ok=0
done
[ -f "$r/hung-boots/stock-base-1/console.log" ] && [ $ok = 1 ]
ktap_result $? "the hung boot's console and each model's noise floor are kept"
[ $rc = 0 ] && grep -q '^time: 1 boot(s), 1 lost to the emulator' "$r/time.txt"
ktap_result $? "plab-run exits 0 and time.txt counts the lost boot (exit $rc)"

ktap_finish
