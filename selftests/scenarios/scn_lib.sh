# SPDX-License-Identifier: GPL-2.0
#
# scn_check NAME [REQUIRED_MODULE]: run scenario NAME with 1 s phases through
# plab-scenario-exec on this kernel, then check that it ran, that its trace
# holds its events, that it measured numbers, that tracing is reset after
# it and that plab-verdict gives it a verdict on this model.
# Boot-dependent phases of other boots are skipped: a scenario with a
# second boot (nohz: "boot iso ...") is then "not run: no iso boot of
# MODEL" here, which is accepted (plab-run boots it, this test does not);
# any other "not run" or "failed" is not.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$PLAB_TOP/scripts/lib/tracefs.sh"

SCN_DIR=$PLAB_TOP/scripts/scenarios
VERDICT=$PLAB_TOP/scripts/verdict/plab-verdict

scn_check()
{
	local name=$1 req=${2:-} dir scn st n ev m v why b ok tracefs buf0 buf1 on

	ktap_header
	plab_require_root
	plab_require_module plab_probe
	command -v trace-cmd > /dev/null || ktap_skip_all "trace-cmd not installed"
	[ -x "$PLAB_TOP/scripts/periodic/plab-periodic" ] || ktap_skip_all "plab-periodic not built (make tools)"
	[ -x "$VERDICT" ] || ktap_skip_all "plab-verdict not built (make tools)"
	[ -z "$req" ] || plab_require_module "$req"
	trap plab_cleanup_modules EXIT
	ktap_plan 5
	dir=$(mktemp -d /tmp/scn-$name.XXXXXX)
	scn=$dir/$name.scn
	# Same scenario, 1 s phases: the duration line is the only change.
	sed 's/^duration.*/duration 1 1/' "$SCN_DIR/$name.scn" > "$scn"
	m=${PLAB_MODEL:-host}
	mkdir -p "$dir/raw/$m-base"
	tracefs=$(plab_tracefs)
	buf0=$(plab_trace_buf_kb $tracefs)
	grep -l 1 $tracefs/events/*/*/enable 2>/dev/null | sort > "$dir/on0"
	"$SCN_DIR/plab-scenario-exec" -b base -n 1 -o "$dir/raw/$m-base" "$scn" > "$dir/exec.log" 2>&1
	# The executor records with trace-cmd -k and resets tracing once at
	# its end: no event it enabled may stay on, the buffer size comes back
	# (to the page: the kernel rounds it).
	buf1=$(plab_trace_buf_kb $tracefs)
	grep -l 1 $tracefs/events/*/*/enable 2>/dev/null | sort > "$dir/on1"
	on=$(comm -13 "$dir/on0" "$dir/on1" | sed "s|^$tracefs/events/||; s|/enable$||" | head -3 | tr '\n' ' ')
	ktap_diag "after the run: buffer ${buf1:-?} kB per CPU (before ${buf0:-?}), events left on: ${on:-none}"
	[ -z "$on" ] && [ "${buf1:-0}" -ge $((${buf0:-0} - 4)) ] && [ "${buf1:-0}" -le $((${buf0:-0} + 4)) ]
	ktap_result $? "$name: tracing is reset after the run"
	st=$(cat "$dir/raw/$m-base/$name/status.base" 2>/dev/null)
	ktap_diag "status: $st"
	[ "$st" = ok ]
	ktap_result $? "$name: runs on this kernel"
	n=$(grep -c = "$dir/raw/$m-base/$name/metrics-base.txt" 2>/dev/null)
	ktap_diag "$n measurements"
	[ "${n:-0}" -gt 3 ]
	ktap_result $? "$name: measurements written"
	# The first matching event is enough (a full report is slow under TCG).
	ev=$(trace-cmd report "$dir/raw/$m-base/$name/trace-base.dat" 2>/dev/null |
		grep -m1 -o -E 'plab_latency|plab_nps_section|plab_job:|plab_softirq[a-z_]*|plab_journal[a-z_]*|sched_process_exit')
	ktap_diag "first event in the trace: ${ev:-none}"
	[ -n "$ev" ]
	ktap_result $? "$name: its events are in the trace"
	PLAB_RUN_MODELS=$m PLAB_RUN_CPU=$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online) \
		"$VERDICT" "$dir" "$scn" > "$dir/verdict.log" 2>&1
	v=$(awk -v s="$name" '$1 == s { $1 = ""; print }' "$dir/summary.txt" 2>/dev/null)
	why=$(sed -n "s|^  $name/$m: ||p" "$dir/summary.txt" 2>/dev/null | head -n 1)
	ktap_diag "verdict on $m:$v"
	ok=1
	if echo "$v" | grep -q -E 'reproduced|inconclusive|no expectation'; then
		ok=0
	elif [ "$(echo $v)" = "not run" ]; then
		# Only the base boot ran here; the other boots the scenario
		# declares are plab-run's to make.
		for b in $(sed -n 's/^boot[[:space:]]\+\([^[:space:]]\+\).*/\1/p' "$scn"); do
			[ "$why" = "not run: no $b boot of $m" ] || continue
			ktap_diag "$why: accepted, this test runs the base boot only"
			ok=0
		done
		[ $ok = 0 ] || ktap_diag "$why"
	fi
	[ $ok = 0 ]
	ktap_result $? "$name: yields a verdict"
	rm -rf "$dir"
	ktap_finish
}
