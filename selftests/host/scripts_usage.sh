#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every script has -h, and bad arguments give a clear error
#              and a non-zero exit, never a hang

. "$(dirname "$0")/../lib/ktap.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
progs=$(ls "$top"/scripts/harness/plab-* "$top"/scripts/bench/bench-* "$top"/selftests/run.sh \
	"$top"/selftests/run_plan.sh)

ktap_header
ktap_plan $(($(echo "$progs" | wc -w) * 2 + 3))

for p in $progs; do
	name=${p#"$top"/}
	help=$(timeout 10 "$p" -h 2>&1)
	rc=$?
	[ $rc -eq 0 ] && echo "$help" | grep -q '^Usage: '
	ktap_result $? "$name -h prints usage and exits 0 (exit $rc)"

	err=$(timeout 10 "$p" --no-such-option 2>&1)
	rc=$?
	[ $rc -eq 2 ] && echo "$err" | grep -q 'error: .*no-such-option'
	ktap_result $? "$name rejects an unknown option by name, exit 2 (exit $rc)"
done

# A scenario file the .scn parser refuses stops plab-run before anything
# is booted or written, with the parser's reason.
tmp=$(mktemp -d)
printf 'claim c\nphse a\n' > "$tmp/bad.scn"
err=$(timeout 20 "$top/scripts/harness/plab-run" -m none -s "$tmp/bad.scn" -o "$tmp/run" 2>&1)
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/run" ] &&
	echo "$err" | grep -q "error: $tmp/bad.scn: unknown keyword 'phse'"
ktap_result $? "plab-run refuses a scenario file that does not parse, before any boot (exit $rc)"

# The executor's -M (the stock models in one boot) takes PREEMPT_DYNAMIC
# models only, each once; it stops before it measures or switches anything.
exe=$top/scripts/scenarios/plab-scenario-exec
err=$(timeout 20 "$exe" -M none,rt -o "$tmp/exec" "$top/scripts/scenarios/hpc.scn" 2>&1)
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/exec" ] &&
	echo "$err" | grep -q "error: -M: 'rt' is not a PREEMPT_DYNAMIC model (allowed: none, voluntary, full)"
ktap_result $? "plab-scenario-exec -M refuses a model that cannot be switched to, by name (exit $rc)"
err=$(timeout 20 "$exe" -M full,none,full -o "$tmp/exec" "$top/scripts/scenarios/hpc.scn" 2>&1)
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/exec" ] && echo "$err" | grep -q "error: -M: 'full' is named twice"
ktap_result $? "plab-scenario-exec -M refuses a model named twice (exit $rc)"
rm -rf "$tmp"

ktap_finish
