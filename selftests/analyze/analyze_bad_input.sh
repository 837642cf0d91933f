#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: empty, truncated, corrupt and foreign (no preemptlab events)
#              trace.dat files give an error (exit 1) or an empty report
#              (exit 0), never a crash
# requires: trace-cmd, scripts/tools/analyze/plab-analyze
# models: full rt   (model-independent: the same kernel binary serves none,
#                    voluntary and full)

. "$(dirname "$0")/analyze_lib.sh"

# check_no_crash DESC WANT FILE: exit status in WANT (a regex), no signal.
check_no_crash()
{
	local rc

	"$ANALYZE" "$3" > "$ANALYZE_DIR/out.txt" 2>&1
	rc=$?
	ktap_diag "$1: exit $rc: $(head -c 200 "$ANALYZE_DIR/out.txt" | tr '\n' ' ')"
	[ $rc -lt 128 ] && echo "$rc" | grep -qE "^($2)$"
	ktap_result $? "$1"
}

ktap_header
plab_require_root
analyze_prepare
trap analyze_trace_reset EXIT
ktap_plan 8

foreign=$ANALYZE_DIR/foreign.dat
trace-cmd record -q -C local -e sched:sched_switch -o "$foreign" -- sleep 0.5 \
	> /dev/null 2>&1
[ -s "$foreign" ]
ktap_result $? "record a foreign trace (sched_switch only)"

"$ANALYZE" "$foreign" > "$ANALYZE_DIR/foreign.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "no preemptlab:plab_latency samples" "$ANALYZE_DIR/foreign.txt"
ktap_result $? "foreign trace: empty report, exit 0 (got $rc)"

: > "$ANALYZE_DIR/empty.dat"
check_no_crash "empty file: error" "1" "$ANALYZE_DIR/empty.dat"

size=$(stat -c %s "$foreign")
head -c $((size / 2)) "$foreign" > "$ANALYZE_DIR/truncated.dat"
check_no_crash "truncated trace: error or partial report" "0|1" "$ANALYZE_DIR/truncated.dat"

cp "$foreign" "$ANALYZE_DIR/corrupt.dat"
# Overwrite 4 KiB in the middle of the file with random bytes.
dd if=/dev/urandom of="$ANALYZE_DIR/corrupt.dat" bs=4096 count=1 \
	seek=$((size / 8192)) conv=notrunc 2> /dev/null
check_no_crash "corrupt trace: error or report" "0|1" "$ANALYZE_DIR/corrupt.dat"

# Damage in the event pages (the end of the file) rather than the headers.
bad=0
for i in 1 2 3 4 5 6 7 8; do
	cp "$foreign" "$ANALYZE_DIR/pages.dat"
	dd if=/dev/urandom of="$ANALYZE_DIR/pages.dat" bs=512 count=2 \
		seek=$((size / 512 - i * 4)) conv=notrunc 2> /dev/null
	"$ANALYZE" -q "$ANALYZE_DIR/pages.dat" > /dev/null 2>&1
	rc=$?
	[ $rc -lt 128 ] || { bad=1; ktap_diag "damage $i: exit $rc"; }
	head -c $((size - i * 1500)) "$foreign" > "$ANALYZE_DIR/cut.dat"
	"$ANALYZE" -q "$ANALYZE_DIR/cut.dat" > /dev/null 2>&1
	rc=$?
	[ $rc -lt 128 ] || { bad=1; ktap_diag "cut $i: exit $rc"; }
done
ktap_result $bad "8 damaged and 8 cut event sections: no crash"

"$ANALYZE" -q /nonexistent/trace.dat > /dev/null 2>&1
rc=$?
[ $rc -eq 1 ]
ktap_result $? "missing file: exit 1 (got $rc)"

head -c 100000 /dev/urandom > "$ANALYZE_DIR/random.dat"
check_no_crash "random bytes: error" "1" "$ANALYZE_DIR/random.dat"

ktap_finish
