# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by the plab_nps selftests. This sources the probe's
# helpers (../probe/probe_lib.sh, which sources ktap.sh and module.sh) for
# loading the probe and reading its histogram. The stats format is
# described in Documentation/nps.rst.
#
# The far_below verdict needs the probe's samples: with none (an event
# that did not enable, an empty trace) it fails instead of passing. Its
# positive control runs in nps_expect before every far_below verdict: the
# verdict on the recorded trace selftests/lib/checks/
# nps_trace_no_samples.txt (sections, no sample of their CPU) must fail.

. "$(dirname "${BASH_SOURCE[0]}")/../probe/probe_lib.sh"

NPS_DBG=/sys/kernel/debug/plab_nps
# shellcheck disable=SC2034 # used by the tests that source this
NPS_PARAMS=/sys/module/plab_nps/parameters
# Sections of 50 ms, far above the TCG noise (5-11 ms max).
NPS_SECTION_US=${NPS_SECTION_US:-50000}
NPS_SECTIONS=${NPS_SECTIONS:-6}
# Probe samples (1 ms period) a far_below verdict needs: half of those the
# sections' own time gives.
NPS_MIN_SAMPLES=$((NPS_SECTIONS * NPS_SECTION_US / 1000 / 2))
NPS_NO_SAMPLES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib/checks" && pwd)
NPS_NO_SAMPLES=$NPS_NO_SAMPLES/nps_trace_no_samples.txt

# nps_prepare: common prerequisites; skips the whole test when unmet.
nps_prepare()
{
	probe_prepare
	plab_require_module plab_nps
}

# nps_stat CPU KEY: one value of the CPU's line in the stats file.
nps_stat()
{
	sed -n "s/^cpu=$1 .* $2=\([0-9]*\).*/\1/p" "$NPS_DBG/stats" 2>/dev/null
}

# nps_wait_sections CPU N SECONDS: wait until N sections ran on CPU.
nps_wait_sections()
{
	local i n

	for ((i = 0; i < $3 * 10; i++)); do
		n=$(nps_stat "$1" sections)
		[ "${n:-0}" -ge "$2" ] && return 0
		sleep 0.1
	done
	ktap_diag "CPU $1: only ${n:-0} of $2 sections after $3 s"
	return 1
}

# nps_probe_spikes CPU US: probe thread samples of CPU with a latency of at
# least US microseconds (the histogram has 1 us rows up to hist_max_us).
nps_probe_spikes()
{
	awk -F'\t' -v col="$(printf 'Thr-%03d' "$1")" -v us="$2" '
		$1 == "# Index" { for (i = 2; i <= NF; i++) if ($i == col) c = i }
		$1 ~ /^[0-9]+$/ && c && $1 + 0 >= us { n += $c }
		$1 == "over:" && c { n += $c }
		END { print n + 0 }' "$PROBE_DBG/stats"
}

# nps_sched_spikes CPU US [TRACE]: "SPIKES SAMPLES": the probe samples of
# CPU in the trace buffer (or in the recorded TRACE), and how many of them
# have a scheduling part, thread_ns - irq_ns, of at least US microseconds;
# then empties the buffer. A host that stops the VM's CPU makes the timer
# interrupt itself late (irq_ns), which is noise, not preemption: the
# scheduling part is what a preemptible section must keep small.
nps_sched_spikes()
{
	awk -v cpu="$1" -v ns=$(($2 * 1000)) '
		/plab_latency: / {
			for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			if (v["cpu"] != cpu) next
			all++
			if (v["thread_ns"] - v["irq_ns"] >= ns) n++
		}
		END { print n + 0, all + 0 }' "${3:-$TRACEFS/trace}"
	[ -n "${3:-}" ] || echo > "$TRACEFS/trace"
}

# nps_noise_window CPU: the probe alone on CPU (freshly reset) for as long
# as the sections take; keeps the worst of the windows in NPS_NOISE_HI,
# NPS_NOISE_LO (samples of at least 0.9 and 0.5 section), NPS_NOISE_SLO
# (scheduling part of at least 0.5 section) and NPS_NOISE_MAX.
nps_noise_window()
{
	local hi lo slo max

	sleep "$(awk -v n="$NPS_SECTIONS" -v us="$NPS_SECTION_US" \
		'BEGIN { print n * us * 5 / 1e6 }')"
	hi=$(nps_probe_spikes "$1" $((NPS_SECTION_US * 9 / 10)))
	lo=$(nps_probe_spikes "$1" $((NPS_SECTION_US / 2)))
	slo=$(nps_sched_spikes "$1" $((NPS_SECTION_US / 2)))
	slo=${slo% *}
	max=$(probe_hist_value Thr "$1" max_ns:)
	[ "$hi" -gt "$NPS_NOISE_HI" ] && NPS_NOISE_HI=$hi
	[ "$lo" -gt "$NPS_NOISE_LO" ] && NPS_NOISE_LO=$lo
	[ "$slo" -gt "$NPS_NOISE_SLO" ] && NPS_NOISE_SLO=$slo
	[ "${max:-0}" -gt "$NPS_NOISE_MAX" ] 2>/dev/null && NPS_NOISE_MAX=$max
	echo 1 > "$PROBE_DBG/reset"
}

# nps_probe_max MODE [PARAM=VALUE...]: run NPS_SECTIONS sections of
# NPS_SECTION_US under MODE on the second CPU, with the probe (FIFO 95) on
# the same CPU. Sets NPS_PROBE_MAX (ns, probe max thread latency),
# NPS_SPIKES_HI and NPS_SPIKES_LO (probe samples of at least 0.9 and 0.5
# section), NPS_ACT_MAX and NPS_ACT_AVG (ns, longest and mean section);
# returns 1 when something failed.
nps_probe_max()
{
	local mode=$1 cpu ret msg

	shift
	cpu=$(probe_second_cpu)
	NPS_PROBE_MAX=
	NPS_ACT_MAX=
	NPS_ACT_AVG=
	NPS_SPIKES_HI=
	NPS_SPIKES_LO=
	NPS_SCHED_LO=
	NPS_SAMPLES=
	plab_load plab_probe cpus="$cpu" hist_max_us=100000 || return 1
	probe_trace_reset
	if ! echo 1 > "$TRACEFS/events/preemptlab/plab_latency/enable"; then
		ktap_diag "cannot enable preemptlab:plab_latency"
		plab_unload plab_probe
		return 1
	fi
	# The noise floor of this boot, right now: the probe alone for as
	# long as the sections will take, before and again after them.
	NPS_NOISE_HI=0
	NPS_NOISE_LO=0
	NPS_NOISE_SLO=0
	NPS_NOISE_MAX=0
	nps_noise_window "$cpu"
	if ! plab_load plab_nps mode="$mode" cpus="$cpu" \
		duration_us=$NPS_SECTION_US period_us=$((NPS_SECTION_US * 5)) \
		count=$NPS_SECTIONS "$@"; then
		plab_unload plab_probe
		return 1
	fi
	nps_wait_sections "$cpu" $NPS_SECTIONS 30
	ret=$?
	NPS_PROBE_MAX=$(probe_hist_value Thr "$cpu" max_ns:)
	NPS_SPIKES_HI=$(nps_probe_spikes "$cpu" $((NPS_SECTION_US * 9 / 10)))
	NPS_SPIKES_LO=$(nps_probe_spikes "$cpu" $((NPS_SECTION_US / 2)))
	read -r NPS_SCHED_LO NPS_SAMPLES <<< "$(nps_sched_spikes "$cpu" $((NPS_SECTION_US / 2)))"
	NPS_ACT_MAX=$(nps_stat "$cpu" act_max)
	NPS_ACT_AVG=$(nps_stat "$cpu" act_avg)
	plab_unload plab_nps || ret=1
	echo 1 > "$PROBE_DBG/reset"
	nps_noise_window "$cpu"
	echo 0 > "$TRACEFS/events/preemptlab/plab_latency/enable"
	plab_unload plab_probe || ret=1
	msg="mode=$mode $* on CPU $cpu, model $PLAB_MODEL: $NPS_SECTIONS sections"
	msg+=", mean $((${NPS_ACT_AVG:-0} / 1000)) us, max $((${NPS_ACT_MAX:-0} / 1000)) us"
	msg+="; probe max $((${NPS_PROBE_MAX:-0} / 1000)) us"
	msg+=", samples >= 0.9 section: $NPS_SPIKES_HI, >= 0.5 section: $NPS_SPIKES_LO"
	msg+=", scheduling part >= 0.5 section: $NPS_SCHED_LO of $NPS_SAMPLES samples in the trace"
	ktap_diag "$msg"
	msg="noise floor (probe alone, same length, before and after; worst)"
	msg+=": max $((${NPS_NOISE_MAX:-0} / 1000)) us"
	msg+=", samples >= 0.9 section: $NPS_NOISE_HI, >= 0.5 section: $NPS_NOISE_LO"
	msg+=", scheduling part >= 0.5 section: $NPS_NOISE_SLO"
	ktap_diag "$msg"
	return $ret
}

# nps_verdict WANT: on the last nps_probe_max, "at_least": the probe waited
# for the section (max >= 0.9 section, and a sample that late for at least
# half of the sections); "far_below": it did not (fewer than half of the
# sections gave a sample whose scheduling part, thread minus IRQ latency,
# is 0.5 section or more). Counting samples instead of taking only the max
# keeps the verdict when the host deschedules the VM for a while (a lone
# spike), which the max alone does not. far_below also needs the samples
# it counts: at least NPS_MIN_SAMPLES of the CPU in the trace (half of
# what the 1 ms probe takes during the sections alone), else no sample
# would pass it.
nps_verdict()
{
	local section_ns=$((NPS_SECTION_US * 1000))

	[ -n "$NPS_PROBE_MAX" ] || return 1
	case "$1" in
	at_least)
		[ "$NPS_PROBE_MAX" -ge $((section_ns * 9 / 10)) ] &&
			[ $((NPS_SPIKES_HI * 2)) -ge "$NPS_SECTIONS" ] ;;
	far_below)
		[[ $NPS_SCHED_LO =~ ^[0-9]+$ && $NPS_SAMPLES =~ ^[0-9]+$ ]] &&
			[ "$NPS_SAMPLES" -ge "$NPS_MIN_SAMPLES" ] &&
			[ $((NPS_SCHED_LO * 2)) -lt "$NPS_SECTIONS" ] ;;
	*) return 1 ;;
	esac
}

# nps_noise_decides WANT: the noise floor alone would give the verdict
# WANT's test looks for (at_least) or fails it (far_below): the host's
# noise is as large as the effect, so the case cannot be decided.
nps_noise_decides()
{
	case "$1" in
	at_least) [ $((${NPS_NOISE_HI:-0} * 2)) -ge "$NPS_SECTIONS" ] ;;
	far_below) [ $((${NPS_NOISE_SLO:-0} * 2)) -ge "$NPS_SECTIONS" ] ;;
	*) return 1 ;;
	esac
}

# nps_expect MODE at_least|far_below [PARAM=VALUE...]: one test case,
# decided against the noise floor measured around it. Noise can only make
# latency larger: it can fake an "at_least" pass and a "far_below" failure,
# never the reverse. So when the noise alone reaches the effect, such a
# result is inconclusive (a skip, never a pass); the other outcome stands.
nps_expect()
{
	local mode=$1 want=$2 ok=1 what fakeable why

	shift 2
	what="mode=$mode${*:+ $*} on $PLAB_MODEL"
	what+=": probe latency ${want/_/ } the $((NPS_SECTION_US / 1000)) ms section"
	if ! nps_probe_max "$mode" "$@"; then
		ktap_fail "$what"
		return
	fi
	# Positive control of far_below: the verdict on a recorded trace
	# without samples of the sections' CPU must fail.
	if [ "$want" = far_below ] && (
		NPS_PROBE_MAX=0
		read -r NPS_SCHED_LO NPS_SAMPLES <<< \
			"$(nps_sched_spikes 1 $((NPS_SECTION_US / 2)) "$NPS_NO_SAMPLES")"
		nps_verdict far_below); then
		ktap_fail "$what (positive control: far_below passes on $NPS_NO_SAMPLES)"
		return
	fi
	nps_verdict "$want" && ok=0
	# The outcome noise could have faked: a pass of at_least, a failure
	# of far_below.
	case "$want:$ok" in
	at_least:0|far_below:1) fakeable=1 ;;
	*) fakeable=0 ;;
	esac
	if [ $fakeable -eq 1 ] && nps_noise_decides "$want"; then
		why="inconclusive: the noise floor alone had $NPS_NOISE_HI/$NPS_NOISE_SLO samples"
		why+=" as late as the effect"
		ktap_skip "$what" "$why"
		return
	fi
	ktap_result $ok "$what"
}

# nps_modes PREEMPTIBLE MODE...: a whole test of section modes, a case a
# MODE: far_below where the command PREEMPTIBLE says this model preempts
# such sections, else at_least (PREEMPTIBLE false: at_least everywhere).
nps_modes()
{
	local preemptible=$1 mode want=at_least

	shift
	plab_begin $# nps_prepare nps_cleanup
	"$preemptible" && want=far_below
	for mode in "$@"; do
		nps_expect "$mode" $want
	done
	ktap_finish
}

# nps_model_preemptible: the running model preempts kernel code (full, rt).
nps_model_preemptible()
{
	case "$PLAB_MODEL" in
	full|rt) return 0 ;;
	none|voluntary) return 1 ;;
	esac
	grep -q '(full)' /sys/kernel/debug/sched/preempt 2>/dev/null && return 0
	uname -v | grep -q PREEMPT_RT
}

nps_model_rt()
{
	[ "$PLAB_MODEL" = rt ] || { [ "$PLAB_MODEL" = host ] && uname -v | grep -q PREEMPT_RT; }
}

nps_cleanup()
{
	plab_cleanup_modules
	probe_trace_reset
}
