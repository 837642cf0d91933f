# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-scenario-exec's phases: one phase of a scenario (its set, load and
# run lines, the wait, the metrics), and all of its phases for every trial.
# Sourced by plab-scenario-exec, never run.

# module_set MODULE KEY=VALUE...: live writes of module parameters.
module_set()
{
	local m=$1 kv

	shift
	for kv in "$@"; do
		echo "${kv#*=}" > "/sys/module/$m/parameters/${kv%%=*}" ||
			{ echo "cannot set $m ${kv%%=*}=${kv#*=}" >&2; return 1; }
	done
}

# run_phase PLAN PHASE DIR DURATION: apply the set lines, start the run
# lines, sample, wait, stop, collect metrics as PHASE.KEY=VALUE.
run_phase()
{
	local plan=$1 ph=$2 dir=$3 dur=$4 kw rest i pids=() m loaded=() f line
	# shellcheck disable=SC2034 # loc0, loc1: filled by name (loc_read)
	local -a cmd loc0 loc1

	# The phase measures with the kernel's own RCU settings.
	rcu_setup kernel
	# The probe samples during the phase only, from a reset: the trace's
	# probe samples are then the histogram's, so that the report's
	# percentiles (plab-analyze, the trace) of a one-phase scenario are its
	# verdict's (plab-hist, the histogram).
	if [ -w /sys/kernel/debug/plab_probe/reset ]; then
		echo 1 > /sys/kernel/debug/plab_probe/reset
		echo 1 > /sys/kernel/debug/plab_probe/enabled
	fi
	[ -w /sys/kernel/debug/plab_nps/reset ] && echo 1 > /sys/kernel/debug/plab_nps/reset
	loc_read loc0
	i=0
	while read -r kw rest; do
		[ -n "$kw" ] || continue
		# plab-scn read the words once: tab-separated, run as they are
		IFS=$'\t' read -r -a cmd <<< "$rest"
		case "$kw" in
		set) module_set "${cmd[@]}" || { rcu_setup fast; return 1; } ;;
		load)
			insmod "$PLAB_KO_DIR/${cmd[0]}.ko" "${cmd[@]:1}" ||
				{ echo "cannot load ${cmd[*]}" >&2; rcu_setup fast; return 1; }
			loaded+=("${cmd[0]}")
			;;
		run)
			# plab-periodic widens its affinity itself (-A), after its
			# exec: a taskset here could exec on the measured CPU under
			# its own name, a harness task among the causes there.
			if [ "${cmd[0]}" = plab-periodic ]; then
				cmd=("$PERIODIC" -A -k -d "$dur" "${cmd[@]:1}")
			else
				cmd=(taskset -c "$ALL_CPUS" "${cmd[@]}")
			fi
			PLAB_DURATION_S=$dur "${cmd[@]}" \
				> "$dir/$ph.run$i.out" 2> "$dir/$ph.run$i.err" &
			pids+=($!)
			children+=($!)
			i=$((i + 1))
			;;
		esac
	done <<< "$(phase_body "$plan" "$ph")"
	nap "$dur"
	# Give the victims their 100 ms start offset and the summary time (up
	# to 20 s; polled finely: each phase of a run waits here).
	for i in "${!pids[@]}"; do
		local waited=0
		while kill -0 "${pids[$i]}" 2>/dev/null && [ $waited -lt 400 ]; do
			nap 0.05
			waited=$((waited + 1))
		done
		kill "${pids[$i]}" 2>/dev/null
		wait "${pids[$i]}"
		echo "$ph.run$i.status=$?"
	done
	loc_read loc1
	# Stop the disturbances and the probe; a sample in flight lands within
	# one probe period, before the histogram is read.
	for m in /sys/kernel/debug/plab_*/enabled; do
		[ -w "$m" ] && echo 0 > "$m"
	done
	nap 0.1
	rcu_setup fast
	hist_metrics "$ph.probe"
	nps_metrics "$ph"
	softirq_metrics "$ph"
	journal_metrics "$ph"
	for m in "${loaded[@]}"; do
		rmmod "$m"
	done
	loc_metrics "$ph" "$dur" loc0 loc1
	# The victims' own numbers (plab-periodic -k: NAME.KEY=VALUE lines).
	for f in "$dir/$ph".run*.out; do
		[ -f "$f" ] || continue
		while IFS= read -r line || [ -n "$line" ]; do
			[[ $line =~ ^[A-Za-z0-9_]+\.[A-Za-z0-9_.]+= ]] && echo "$ph.$line"
		done < "$f"
	done
	return 0
}

# The phases of one scenario, run as trace-cmd's child: all of them, then
# all of them again for each further trial, so that a drift of the host
# falls on every phase alike. Trial T's numbers go to metrics.trialT.txt.
# shellcheck disable=SC2034,SC2154 # NAP_FD: nap's; boot, trials: the options
run_phases()
{
	local plan=$1 dir=$2 dur=$3 ph pb t sfx

	# nap's pipe: both ends held here, so a read on it only times out.
	exec {NAP_FD}<> <(:)
	for ((t = 1; t <= trials; t++)); do
		sfx=$([ "$t" = 1 ] || echo ".trial$t")
		while read -r ph pb; do
			[ "$pb" = "$boot" ] || continue
			progress "phase $ph ${dur}s trial $t/$trials"
			run_phase "$plan" "$ph" "$dir" "$dur" >> "$dir/metrics$sfx.txt" ||
				{ echo "failed: phase $ph, trial $t" > "$dir/phase-failed"; return 1; }
		done <<< "$(scn_phases "$plan")"
	done
	return 0
}
