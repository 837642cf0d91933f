#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the tp_btf and the raw_tp program sets both load, attach and
#              count wakeups; with --threshold-us every event lands in the
#              ftrace buffer as one "plab_wakelat: ..." line through
#              trace_marker, as many as the report says were written
# requires: root, /sys/kernel/btf/vmlinux, tracefs, jq

. "$(dirname "$0")/wakelat_lib.sh"
. "$PLAB_TOP/scripts/harness/lib/tracefs.sh"

T=/sys/kernel/tracing
ktap_header
wl_require_bpf
[ -w $T/trace_marker ] || ktap_skip_all "no tracefs at $T"
orig_on=$(cat $T/tracing_on)
orig_kb=$(plab_trace_buf_kb $T)
restore()
{
	echo "$orig_on" > $T/tracing_on
	echo "$orig_kb" > $T/buffer_size_kb
	echo > $T/trace
	wl_cleanup
}
trap restore EXIT
ktap_plan 5

wakeups()	# a few hundred wakeups of our own
{
	local i

	for i in $(seq 25); do sleep 0.02; done
}

echo 4096 > $T/buffer_size_kb
echo > $T/trace
echo 1 > $T/tracing_on
wl_start "$WL_DIR/btf.out" "$WL_DIR/btf.err" -d 2 --threshold-us 50 -j "$WL_DIR/btf.json"
wl_wait_ready "$WL_DIR/btf.err"
wakeups
wait "$WL_LAST"
rc=$?
sed 's/^/# /' "$WL_DIR/btf.err" | head -5
attach=$(wl_json "$WL_DIR/btf.json" '.runs[0].attach' 2> /dev/null)
samples=$(wl_json "$WL_DIR/btf.json" '.runs[0].samples' 2> /dev/null)
[ $rc -eq 0 ] && [ "$attach" = tp_btf ] && [ "${samples:-0}" -gt 10 ]
ktap_result $? "tp_btf programs count wakeups (exit $rc, $attach, $samples samples)"

events=$(wl_json "$WL_DIR/btf.json" '.runs[0].events' 2> /dev/null)
lines=$(grep -c 'plab_wakelat: cpu=' $T/trace)
[ "${events:-0}" -gt 0 ] && [ "$lines" -eq "$events" ]
ktap_result $? "every event above 50 us is in the ftrace buffer ($events events, $lines lines)"

bad=$(grep 'plab_wakelat: ' $T/trace | grep -cvE 'plab_wakelat: cpu=[0-9]+ pid=[0-9]+ tgid=[0-9]+ comm=[^ =]+ lat_ns=[0-9]+ waking_ns=[0-9]+ run_ns=[0-9]+ prev_comm=[^ =]+ prev_pid=[0-9]+ prev_state=[0-9]+$')
grep -m 2 'plab_wakelat: ' $T/trace | sed 's/^/# /'
# lat_ns, waking_ns, run_ns of the first "lat_ns=N waking_ns=N run_ns=N" of
# each line (awk), compared in the shell's 64-bit integers.
wrong=0
while read -r lat waking run; do
	(( 10#$run - 10#$waking != 10#$lat || 10#$lat < 50000 )) && wrong=1
done < <(awk 'match($0, /lat_ns=[0-9]+ waking_ns=[0-9]+ run_ns=[0-9]+/) {
	split(substr($0, RSTART, RLENGTH), f, /[ =]/)
	print f[2], f[4], f[6]
}' $T/trace)
[ $wrong -eq 0 ] && [ "$bad" -eq 0 ]
ktap_result $? "marker lines follow the documented format, lat_ns = run_ns - waking_ns >= 50 us ($bad malformed)"

wl_start "$WL_DIR/raw.out" "$WL_DIR/raw.err" -d 1 --raw-tp -q -j "$WL_DIR/raw.json"
wl_wait_ready "$WL_DIR/raw.err"
wakeups
wait "$WL_LAST"
rc=$?
attach=$(wl_json "$WL_DIR/raw.json" '.runs[0].attach' 2> /dev/null)
samples=$(wl_json "$WL_DIR/raw.json" '.runs[0].samples' 2> /dev/null)
[ $rc -eq 0 ] && [ "$attach" = raw_tp ] && [ "${samples:-0}" -gt 10 ]
ktap_result $? "raw_tp fallback programs count wakeups (exit $rc, $attach, $samples samples)"

wl_start "$WL_DIR/ival.out" "$WL_DIR/ival.err" -d 2 -i 1 --no-hist
wait "$WL_LAST"
rc=$?
n=$(grep -cE '^[0-9:]{8} all ' "$WL_DIR/ival.out")
sed 's/^/# /' "$WL_DIR/ival.out" | head -12
[ $rc -eq 0 ] && [ "$n" -ge 1 ] && [ "$n" -le 2 ]
ktap_result $? "interval mode: one 'all' line per second ($n in 2 s)"
ktap_finish
