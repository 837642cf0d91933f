# SPDX-License-Identifier: GPL-2.0
#
# scn_check NAME [REQUIRED_MODULE]: run scenario NAME with 1 s phases through
# plab-scenario-exec on this kernel, then check that it ran, that its trace
# holds its events, that it measured numbers, that tracing is reset after
# it and that plab-verdict gives it a verdict on this model.
#
# "Its events" (scn_events): one event of each module the scenario loads
# before its phases (the probe unless "probe off": plab_latency; plab_nps:
# plab_nps_section; ...), or, when it loads none, the exit of its own
# plab-periodic; another process's exit or a user-space plab_job: line is
# not enough.
# "A verdict" (scn_verdict_ok): reproduced, not reproduced or no
# expectation (the value is not checked: cross-model assertions need the
# other models), or inconclusive on this run's numbers; inconclusive because
# one of this run's numbers is missing is no verdict. Boot-dependent phases
# of other boots are skipped: a scenario with a second boot (nohz: "boot
# iso ...") is then "not run: no iso boot of MODEL" here, which is accepted
# (plab-run boots it, this test does not); any other "not run" or "failed"
# is not.
# Positive controls, two cases of every scn_*.sh: the verdict check rejects
# the "failed", "not run: module missing" and missing-number cells of
# plab-verdict's golden summary (scripts/tools/verdict/tests/fixtures/golden), and
# the event check rejects a report with only foreign events
# (selftests/lib/checks/scn_report_foreign.txt).

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$PLAB_TOP/scripts/harness/lib/tracefs.sh"
. "$(dirname "$0")/../lib/checks.sh"
. "$(dirname "$0")/../lib/json.sh"

SCN_DIR=$PLAB_TOP/scripts/scenarios
# Trials per run (plab-scenario-exec -t): 1 keeps a one-phase scenario's
# report and verdict percentiles comparable; a test sets more to run the
# trials path (scn_ddos.sh: 2).
SCN_TRIALS=${SCN_TRIALS:-1}
VERDICT=$PLAB_TOP/scripts/tools/verdict/plab-verdict
SCN_GOLDEN=$PLAB_TOP/scripts/tools/verdict/tests/fixtures/golden

# scn_events SCN: the events the trace of SCN must hold, one extended
# regular expression per line (trace-cmd report lines): the module events
# of what it loads before its first phase, else its plab-periodic's exit.
scn_events()
{
	awk '
		/^[[:space:]]*#/ { next }
		$1 == "phase" { exit }
		$1 == "probe" && $2 == "off" { off = 1 }
		$1 == "load" && $2 == "plab_nps" { ev["plab_nps_section:"] }
		$1 == "load" && $2 == "plab_softirq" { ev["plab_softirq_batch:"] }
		$1 == "load" && $2 == "plab_journal" { ev["plab_journal_commit:"] }
		END {
			if (!off) ev["plab_latency:"]
			for (e in ev) { print e; n++ }
			if (!n) print "sched_process_exit:.*comm=plab-periodic"
		}' "$1" | sort
}

# scn_events_found PATTERN... < REPORT: every PATTERN matches a line of
# the report; prints the ones that match none. Stops reading once all are
# found (a full report is slow under TCG). No pattern: a failure.
scn_events_found()
{
	[ $# -gt 0 ] || return 1
	awk -v want="$*" '
		BEGIN { n = split(want, w, " "); left = n }
		{
			for (i = 1; i <= n; i++)
				if (!(i in seen) && $0 ~ w[i]) { seen[i] = 1; left-- }
			if (!left) exit
		}
		END { for (i = 1; i <= n; i++) if (!(i in seen)) { print w[i]; bad = 1 }; exit bad }'
}

# scn_verdict_ok SUMMARY NAME MODEL SCN: plab-verdict's summary.txt gives
# NAME a verdict on MODEL (see the head of this file). The line read is
# NAME/MODEL's in the "deciding numbers" section: "VERDICT[: WHY]".
scn_verdict_ok()
{
	local sum=$1 name=$2 m=$3 scn=$4 line miss b

	line=$(sed -n "s|^  $name/$m: ||p" "$sum" 2>/dev/null | head -n 1)
	case "$line" in
	reproduced|"reproduced: "*|"not reproduced: "*|"no expectation"|"no expectation: "*)
		return 0 ;;
	"inconclusive: "*)
		# An expression that does not evaluate, or a number of this
		# run (NAME or NAME@MODEL) that is missing, is no data.
		case "$line" in *": error "*) return 1 ;; esac
		for miss in $(echo "$line" | grep -o -E 'missing [^ ;]+' | cut -d' ' -f2); do
			case "$miss" in
			*@"$m") return 1 ;;
			*@*) ;;
			*) return 1 ;;
			esac
		done
		return 0 ;;
	"not run: no "*)
		# Only the base boot runs here; the other boots the scenario
		# declares are plab-run's to make.
		for b in $(sed -n 's/^boot[[:space:]]\+\([^[:space:]]\+\).*/\1/p' "$scn"); do
			[ "$line" = "not run: no $b boot of $m" ] && return 0
		done ;;
	esac
	return 1
}

# scn_verdict_false_ok: the verdict check accepts one of the golden
# summary's cells that are no verdict (its positive control: must fail).
scn_verdict_false_ok()
{
	local sum=$SCN_GOLDEN/expected-summary.txt

	scn_verdict_ok "$sum" nohz full "$SCN_GOLDEN/scn/nohz.scn" ||
		scn_verdict_ok "$sum" miss none "$SCN_GOLDEN/scn/miss.scn" ||
		scn_verdict_ok "$sum" other rt "$SCN_GOLDEN/scn/other.scn"
}

# scn_events_foreign_ok SCN: the event check accepts the recorded report
# of foreign events only (its positive control: must fail).
scn_events_foreign_ok()
{
	# shellcheck disable=SC2046 # one pattern per word
	scn_events_found $(scn_events "$1") < "$PLAB_CHECKS/scn_report_foreign.txt"
}

# scn_probe_agree REPORT METRICS MODEL: the report's probe numbers
# (plab-analyze, from the trace) are the verdict's (plab-hist, from each
# phase's histogram, METRICS): the probe samples during the phases only,
# so the trace holds the phases' samples together; with one phase, the
# report's p50/p99/p99.9 are the phase's, to the ns. 4: no probe.
scn_probe_agree()
{
	local r=".scenarios[0].results.$3.analysis[0].runs[0]" n nph k h t

	nph=$(cat "$2" "${2%.txt}".trial*.txt 2>/dev/null | grep -c '^[^.]*\.probe\.samples=')
	[ "$nph" -gt 0 ] || return 4
	n=$(cat "$2" "${2%.txt}".trial*.txt 2>/dev/null |
		sed -n 's/^[^.]*\.probe\.samples=//p' | awk '{ s += $1 } END { print s }')
	t=$(plab_jq "$1" "$r.samples")
	echo "probe samples: the report's $t, the phases' $n ($nph phases)"
	[ -n "$t" ] && [ "$t" = "$n" ] || return 1
	[ "$nph" = 1 ] || return 0
	for k in p50 p99 p999; do
		h=$(sed -n "s/^[^.]*\.probe\.thr_${k}_us=//p" "$2")
		t=$(plab_jq "$1" "$r.stats[] | select(.cpu == \"all\") | .thread.$k")
		echo "$k: the verdict's $h us, the report's $t us"
		awk -v a="$h" -v b="$t" 'BEGIN { exit !(a != "" && b != "" && a + 0 == b + 0) }' ||
			return 1
	done
}

# scn_probe_results DIR NAME MODEL: two KTAP cases, the agreement of the
# report and the verdict (scn_probe_agree), and its positive control: the
# verdict's metrics with the p99 (one phase) or a phase's samples 1 off.
scn_probe_results()
{
	local what="$2: the report's probe samples and percentiles are the verdict's"
	local metrics=$1/raw/$3-base/$2/metrics-base.txt out rc

	out=$(scn_probe_agree "$1/report.json" "$metrics" "$3")
	rc=$?
	[ -n "$out" ] && ktap_diag "$(echo "$out" | paste -sd ';')"
	if [ $rc = 4 ]; then
		ktap_skip "$what" "probe off"
		ktap_skip "positive control: the agreement check rejects numbers 1 off" "probe off"
		return
	fi
	ktap_result $rc "$what"
	awk -F= -v one="$(grep -c '^[^.]*\.probe\.samples=' "$metrics")" '
		!done && (one == 1 ? $1 ~ /\.probe\.thr_p99_us$/ : $1 ~ /\.probe\.samples$/) {
			$2 = $2 + 1; done = 1 }
		{ print $1 "=" $2 }' "$metrics" > "$1/metrics-off.txt"
	plab_control "the agreement check rejects numbers 1 off" \
		scn_probe_agree "$1/report.json" "$1/metrics-off.txt" "$3"
}

# scn_trial_names_ok METRICS N: trials 2..N each have trial 1's names
# (metrics-BOOT.txt, metrics-BOOT.trialT.txt), and there is no trial N+1.
scn_trial_names_ok()
{
	local base=${1%.txt} t

	[ ! -f "$base.trial$(($2 + 1)).txt" ] || { echo "a trial $(($2 + 1))"; return 1; }
	for ((t = 2; t <= $2; t++)); do
		cmp -s <(cut -d= -f1 "$1") <(cut -d= -f1 "$base.trial$t.txt" 2>/dev/null) ||
			{ echo "trial $t's names are not trial 1's"; return 1; }
	done
}

# scn_trials_ok METRICS MODEL REPORT N: N trials (scn_trial_names_ok), and
# the report says N for the cell.
scn_trials_ok()
{
	local got

	got=$(plab_jq "$3" ".scenarios[0].results.$2.trials") || return 1
	echo "trials: the report's $got, asked $4"
	[ "$got" = "$4" ] && scn_trial_names_ok "$1" "$4"
}

# scn_trials DIR NAME MODEL: two KTAP cases, the trials (scn_trials_ok)
# and its positive control: a trial file with a name left out is refused.
scn_trials()
{
	local metrics=$1/raw/$3-base/$2/metrics-base.txt out rc

	out=$(scn_trials_ok "$metrics" "$3" "$1/report.json" "$SCN_TRIALS")
	rc=$?
	ktap_diag "$(echo "$out" | paste -sd ';')"
	ktap_result $rc "$2: $SCN_TRIALS trial(s), each with the same measurements"
	mkdir -p "$1/ctl"
	sed 1d "$metrics" > "$1/ctl/metrics-base.trial2.txt"
	cp "$metrics" "$1/ctl/metrics-base.txt"
	plab_control "the trials check refuses a trial with a measurement left out" \
		scn_trial_names_ok "$1/ctl/metrics-base.txt" 2
}

# The harness's own tasks: the executor's shell and the helpers it starts.
SCN_HARNESS_RE='^task (bash|sh|awk|mawk|gawk|sed|grep|sleep|cat|tr|cut|head|tail|sort|uniq|wc|date|mktemp|taskset|trace-cmd|plab-hist|plab-scn|jq|plab-scenario-e|insmod|rmmod)$'

# scn_harness_causes REPORT MODEL CPU: the harness tasks among the ranked
# causes of CPU's samples in REPORT (report.json), one per line; status 4
# when the report ranks no cause on CPU, 1 when none is the harness's, 0
# when some are (the executor keeps to the other CPUs: see
# plab-scenario-exec).
scn_harness_causes()
{
	local causes

	causes=$(plab_jq "$1" ".scenarios[0].results.$2.analysis[0].runs[0].causes.per_cpu[] |
		select(.cpu == $3) | .causes" 2>/dev/null) ||
		return 4
	echo "$causes" | grep -oE '"cause":"[^"]*"' | sed 's/^"cause":"//; s/"$//' | grep -E "$SCN_HARNESS_RE"
}

# scn_hygiene DIR NAME MODEL CPU: two KTAP cases, no harness task among the
# causes on the measured CPU, and its positive control: a report recorded
# before the executor kept off that CPU (awk, bash, sed, grep, sleep and
# trace-cmd among CPU 1's causes) is refused.
scn_hygiene()
{
	local what="$2: no harness task among the causes on the measured CPU $4" found rc

	found=$(scn_harness_causes "$1/report.json" "$3" "$4")
	rc=$?
	# Every ranked cause on the CPU, for a failure seen only in CI.
	ktap_diag "causes on CPU $4: $(plab_jq "$1/report.json" ".scenarios[0].results.$3.analysis[0].runs[0].causes.per_cpu[] |
		select(.cpu == $4) | .causes[] | \"\\(.cause) x\\(.samples)\"" 2>/dev/null | paste -sd ',')"
	if [ $rc = 4 ]; then
		ktap_skip "$what" "no cause ranked on CPU $4"
	else
		[ -n "$found" ] && ktap_diag "harness tasks on CPU $4: $(echo "$found" | paste -sd ' ')"
		[ $rc = 1 ]
		ktap_result $? "$what"
	fi
	plab_control "the hygiene check finds the harness tasks of a recorded report" \
		eval '! scn_harness_causes "$PLAB_CHECKS/scn_report_harness.json" full 1'
}

# scn_rcu_settings: the RCU grace-period settings the executor expedites
# between its phases (rcu_expedited, rcu_normal), on one line.
scn_rcu_settings()
{
	cat /sys/kernel/rcu_expedited /sys/kernel/rcu_normal 2>/dev/null | tr '\n' ' '
}

# scn_same_ok BEFORE AFTER: a setting read before a run is the same after.
scn_same_ok()
{
	[ -n "$1" ] && [ "$1" = "$2" ]
}

scn_check()
{
	local name=$1 req=${2:-} dir scn st n ev miss m v tracefs buf0 buf1 on rcu0 rcu1

	ktap_header
	plab_require_root
	plab_require_module plab_probe
	command -v trace-cmd > /dev/null || ktap_skip_all "trace-cmd not installed"
	plab_require_jq
	[ -x "$PLAB_TOP/scripts/tools/periodic/plab-periodic" ] || ktap_skip_all "plab-periodic not built (make tools)"
	[ -x "$VERDICT" ] || ktap_skip_all "plab-verdict not built (make tools)"
	[ -z "$req" ] || plab_require_module "$req"
	trap plab_cleanup_modules EXIT
	ktap_plan 15
	dir=$(mktemp -d /tmp/scn-$name.XXXXXX)
	scn=$dir/$name.scn
	# Same scenario, 1 s phases: the duration line is the only change.
	sed 's/^duration.*/duration 1 1/' "$SCN_DIR/$name.scn" > "$scn"
	plab_control "the verdict check rejects failed, not run and missing-number cells" \
		scn_verdict_false_ok
	plab_control "the event check rejects a report of foreign events only" \
		scn_events_foreign_ok "$scn"
	plab_control "the RCU check rejects a setting left changed" scn_same_ok "0 0 " "1 0 "
	rcu0=$(scn_rcu_settings)
	m=${PLAB_MODEL:-host}
	mkdir -p "$dir/raw/$m-base"
	tracefs=$(plab_tracefs)
	buf0=$(plab_trace_buf_kb $tracefs)
	grep -l 1 $tracefs/events/*/*/enable 2>/dev/null | sort > "$dir/on0"
	"$SCN_DIR/plab-scenario-exec" -b base -n 1 -t "$SCN_TRIALS" -o "$dir/raw/$m-base" "$scn" \
		> "$dir/exec.log" 2>&1
	# The executor records with trace-cmd -k and resets tracing once at
	# its end: no event it enabled may stay on, the buffer size comes back
	# (to the page: the kernel rounds it).
	buf1=$(plab_trace_buf_kb $tracefs)
	grep -l 1 $tracefs/events/*/*/enable 2>/dev/null | sort > "$dir/on1"
	on=$(comm -13 "$dir/on0" "$dir/on1" | sed "s|^$tracefs/events/||; s|/enable$||" | head -3 | tr '\n' ' ')
	ktap_diag "after the run: buffer ${buf1:-?} kB per CPU (before ${buf0:-?}), events left on: ${on:-none}"
	[ -z "$on" ] && [ "${buf1:-0}" -ge $((${buf0:-0} - 4)) ] && [ "${buf1:-0}" -le $((${buf0:-0} + 4)) ]
	ktap_result $? "$name: tracing is reset after the run"
	rcu1=$(scn_rcu_settings)
	ktap_diag "RCU expedited/normal before the run: ${rcu0:-?}, after: ${rcu1:-?}"
	scn_same_ok "$rcu0" "$rcu1"
	ktap_result $? "$name: the RCU grace-period settings are the kernel's again after the run"
	st=$(cat "$dir/raw/$m-base/$name/status.base" 2>/dev/null)
	ktap_diag "status: $st"
	[ "$st" = ok ]
	ktap_result $? "$name: runs on this kernel"
	n=$(grep -c = "$dir/raw/$m-base/$name/metrics-base.txt" 2>/dev/null)
	ktap_diag "$n measurements"
	[ "${n:-0}" -gt 3 ]
	ktap_result $? "$name: measurements written"
	ev=$(scn_events "$scn" | tr '\n' ' ')
	# shellcheck disable=SC2086 # one pattern per word
	miss=$(trace-cmd report "$dir/raw/$m-base/$name/trace-base.dat" 2>/dev/null |
		scn_events_found $ev)
	ev=$?
	ktap_diag "events wanted: $(scn_events "$scn" | tr '\n' ' ')missing: ${miss:-none}"
	ktap_result $ev "$name: its events are in the trace"
	PLAB_RUN_MODELS=$m PLAB_RUN_CPU=$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online) \
		"$VERDICT" "$dir" "$scn" > "$dir/verdict.log" 2>&1
	v=$(sed -n "s|^  $name/$m: ||p" "$dir/summary.txt" 2>/dev/null | head -n 1)
	ktap_diag "verdict on $m: ${v:-none}"
	scn_verdict_ok "$dir/summary.txt" "$name" "$m" "$scn"
	ktap_result $? "$name: yields a verdict"
	scn_probe_results "$dir" "$name" "$m"
	scn_trials "$dir" "$name" "$m"
	scn_hygiene "$dir" "$name" "$m" "$(awk -F'[-,]' '{ print $NF }' /sys/devices/system/cpu/online)"
	rm -rf "$dir"
	ktap_finish
}
