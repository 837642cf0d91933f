#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: record the probe plus a known 50 ms non-preemptible section
#              injected on one CPU, analyze the trace, and check that the
#              top cause on that CPU is the injected section and the max
#              thread latency there covers its length
# requires: plab_probe.ko, plab_nps.ko (or plab_probe_selftest.ko),
#           trace-cmd, jq, scripts/tools/analyze/plab-analyze

. "$(dirname "$0")/analyze_lib.sh"

SECTION_MS=50
SECTIONS=6
PERIOD_US=1000

cleanup()
{
	plab_cleanup_modules
	analyze_trace_reset
}

ktap_header
plab_require_root
plab_require_module plab_probe
plab_require_jq
analyze_prepare
if [ -f "$PLAB_KO_DIR/plab_nps.ko" ]; then
	injector=nps
	want_cause="^nps preempt$"
else
	plab_require_module plab_probe_selftest
	injector=selftest
	want_cause="preemption disabled"
fi
trap cleanup EXIT
ktap_plan 7

cpu=$(cat /sys/devices/system/cpu/cpu1/online 2>/dev/null)
[ "$cpu" = 1 ] || cpu=0
trace=$ANALYZE_DIR/injected.dat
json=$ANALYZE_DIR/injected.json
ktap_diag "injector $injector, CPU $cpu, ${SECTION_MS} ms, files in $ANALYZE_DIR"

plab_load plab_probe cpus="0,$cpu" period_us=$PERIOD_US threshold_us=1000
ok=$?
if [ "$injector" = nps ] && [ $ok -eq 0 ]; then
	# Loaded before recording so that trace-cmd enables its event.
	plab_load plab_nps mode=preempt duration_us=$((SECTION_MS * 1000)) \
		period_us=250000 cpus="$cpu" count=$SECTIONS enabled=0
	ok=$?
	inject="echo 1 > /sys/module/plab_nps/parameters/enabled"
else
	inject="insmod $PLAB_KO_DIR/plab_probe_selftest.ko cpu=$cpu duration_ms=$SECTION_MS"
fi
ktap_result $ok "probe and $injector injector load"

trace-cmd record -q -C local -b 4096 -e preemptlab -e sched:sched_switch \
	-e irq -o "$trace" -- \
	sh -c "sleep 0.5; $inject; sleep 2" > "$ANALYZE_DIR/record.log" 2>&1
ok=$?
[ $ok -eq 0 ] && [ -s "$trace" ]
ktap_result $? "trace-cmd record -C local of probe and section"
[ $ok -eq 0 ] || ktap_diag "$(tail -3 "$ANALYZE_DIR/record.log")"
plab_cleanup_modules

# Causes of the samples over 80 % of the section: under TCG, virtio irq
# handlers alone take 10 ms, so a lower threshold ranks them first.
"$ANALYZE" -t $((SECTION_MS * 800)) -k "$(uname -r)" -m "$PLAB_MODEL" --json "$json" \
	"$trace" > "$ANALYZE_DIR/report.txt" 2>&1
rc=$?
sed 's/^/# /' "$ANALYZE_DIR/report.txt" | head -40
[ $rc -eq 0 ]
ktap_result $? "plab-analyze exits 0 (got $rc)"

samples=$(plab_jq "$json" ".runs[0].stats[] | select(.cpu == $cpu) | .thread.count" 2> /dev/null)
ktap_diag "CPU $cpu: ${samples:-no} samples"
[ "${samples:-0}" -gt 100 ]
ktap_result $? "samples on CPU $cpu in the JSON report"

# The timer expires within one period of the section start, so the thread
# waits at least the section's length minus one period.
max=$(plab_jq "$json" ".runs[0].stats[] | select(.cpu == $cpu) | .thread.max" 2> /dev/null |
	awk '/^-?[0-9]/ { printf "%d\n", int($0) }')
ktap_diag "CPU $cpu: max thread latency ${max:-?} us"
[ "${max:-0}" -ge $((SECTION_MS * 1000 - PERIOD_US)) ]
ktap_result $? "max thread latency on CPU $cpu >= section length - period"

# Ranked by time explained, or by the samples where it is the main cause:
# a TCG guest on a loaded host adds long idle gaps (vCPU not running).
# The CPU's causes (at most one entry per CPU) as "top<TAB>cause" lines.
percpu=".runs[0].causes.per_cpu[] | select(.cpu == $cpu)"
top=$(plab_jq "$json" "$percpu | .causes[0].cause" 2> /dev/null)
causes=$(plab_jq "$json" \
	"[$percpu | .causes[] | \"\\(.top)\\t\\(.cause)\"] | join(\"\\n\")" 2> /dev/null)
json_rc=$?
# By samples: the first of the causes with the most samples.
top_n=$(printf '%s\n' "$causes" | awk -F '\t' 'NF == 2 && (!n++ || $1 + 0 > best) {
	best = $1 + 0; c = $2 } END { if (n) print c }')
# Each section must also be the main cause of its own sample, which holds
# even when a loaded host steals more time (idle gaps of 100s of ms under
# TCG) than the sections add up to. 0 when the CPU has no causes, nothing
# when the report is unreadable.
mains=
[ $json_rc -le 1 ] && mains=$(printf '%s\n' "$causes" | awk -F '\t' -v re="$want_cause" \
	'NF == 2 && $2 ~ re { sum += $1 } END { printf "%d\n", sum }')
ktap_diag "CPU $cpu: top cause by time '${top:-none}', by samples '${top_n:-none}'; '$want_cause' is the main cause of ${mains:-0} samples"
echo "$top" | grep -qE "$want_cause" || echo "$top_n" | grep -qE "$want_cause" ||
	{ [ "$injector" = nps ] && [ "${mains:-0}" -ge $((SECTIONS - 1)) ]; }
ktap_result $? "top cause on CPU $cpu is the injected section"

"$ANALYZE" -q -b "$json" -m "$PLAB_MODEL" "$trace" > "$ANALYZE_DIR/self.txt" 2>&1
rc=$?
[ $rc -eq 0 ]
ktap_result $? "no regression against its own baseline (exit $rc)"

ktap_finish
