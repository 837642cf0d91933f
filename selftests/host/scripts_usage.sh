#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every script has -h, and bad arguments give a clear error
#              and a non-zero exit, never a hang

. "$(dirname "$0")/../lib/ktap.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
progs=$(ls "$top"/scripts/plab-* "$top"/scripts/bench-* "$top"/selftests/run.sh)

ktap_header
ktap_plan $(($(echo "$progs" | wc -w) * 2))

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

ktap_finish
