# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-scenario-exec's scenarios: one scenario file on one boot and
# model, from its plan (plab-scn) through its modules and the trace-cmd
# record around its phases to its status and metrics files. Sourced by
# plab-scenario-exec, never run.

load_modules()
{
	local plan=$1 line m
	local -a a

	line=$(plan_lines "$plan" probe)
	if [ "$line" != off ]; then
		IFS=$'\t' read -r -a a <<< "$line"
		# Off until a phase starts (run_phase); hist_max_us is plab-analyze's
		# default, so the histogram and the report have the same buckets.
		insmod "$PLAB_KO_DIR/plab_probe.ko" hist_max_us=100000 enabled=0 "${a[@]}" ||
			{ echo "failed: plab_probe would not load ($line)"; return 1; }
	fi
	while read -r line; do
		[ -n "$line" ] || continue
		IFS=$'\t' read -r -a a <<< "$line"
		m=${a[0]}
		insmod "$PLAB_KO_DIR/$m.ko" "${a[@]:1}" ||
			{ echo "failed: $m would not load (${a[*]:1})"; return 1; }
	done <<< "$(plan_lines "$plan" load)"
	return 0
}

# shellcheck disable=SC2034,SC2154 # mout, boot, quick: the executor's; buf_kb, clock0: for trace_reset
run_scenario()
{
	local scn=$1 name dir dur req msg rc ev plan

	name=$(basename "$scn" .scn)
	dir=$mout/$name
	mkdir -p "$dir"
	: > "$dir/metrics.txt"
	rm -f "$dir"/metrics.trial*.txt "$dir/metrics-$boot".trial*.txt "$dir/phase-failed"
	plan=$dir/plan-$boot.txt
	if ! "$SCN_TOOL" -c "$CPU" $([ "$quick" = 1 ] && echo -q) "$scn" > "$plan" 2> "$dir/plan.err"; then
		echo "failed: $(head -n 1 "$dir/plan.err")" > "$dir/status.$boot"
		return 0
	fi
	rm -f "$dir/plan.err"
	if ! scn_phases "$plan" | awk -v b="$boot" '$2 == b { f = 1 } END { exit !f }'; then
		echo "not run: no phase for boot $boot" > "$dir/status.$boot"
		return 0
	fi
	for req in $(plan_lines "$plan" require); do
		if [ ! -f "$PLAB_KO_DIR/$req.ko" ]; then
			echo "not run: module missing ($req.ko not in $PLAB_KO_DIR)" > "$dir/status.$boot"
			return 0
		fi
	done
	dur=$(plan_lines "$plan" duration)
	cleanup
	if ! msg=$(load_modules "$plan" 2>&1); then
		echo "$msg" | tail -1 > "$dir/status.$boot"
		cleanup
		return 0
	fi
	echo ok > "$dir/status.$boot"
	progress "scenario $name boot $boot${model:+ model $model}"
	# Modules are loaded first: trace-cmd enables the events it finds.
	export -f run_phases run_phase phase_body plan_lines scn_phases module_set rcu_setup \
		hist_metrics nps_metrics softirq_metrics journal_metrics loc_read loc_metrics nap progress
	export boot CPU ALL_CPUS PERIODIC HIST HIST_TOOL quick trials PLAB_KO_DIR \
		RCU_EXP RCU_NORMAL rcu_exp0 rcu_normal0
	# Without a preemptlab module there is no such event system; the
	# trace then holds the victims' trace_marker lines and process exits.
	ev=(-e sched:sched_process_exit)
	[ -d $TRACEFS/events/preemptlab ] && ev=(-e preemptlab)
	# What ran instead of the probe's thread, for the analyzer's causes;
	# and, on a kernel with the patch series, each deferral to ksoftirqd.
	ev+=(-e sched:sched_switch)
	[ -d $TRACEFS/events/irq/softirq_defer ] && ev+=(-e irq:softirq_defer)
	# -k: the tracing reset after each record costs ~2 s under TCG; the
	# next record clears the buffers itself, and trace_reset puts tracing
	# back once, when the boot's scenarios are done (or interrupted).
	if [ "$traced" = 0 ]; then
		buf_kb=$(plab_trace_buf_kb $TRACEFS)
		clock0=$(plab_trace_clock $TRACEFS)
	fi
	traced=1
	trace-cmd record -q -k -C local -b 2048 "${ev[@]}" -o "$dir/trace-$boot.dat" -- \
		bash -c 'run_phases "$1" "$2" "$3"' run_phases "$plan" "$dir" "$dur" \
		> "$dir/log-$boot.txt" 2>&1
	rc=$?
	if [ -s "$dir/phase-failed" ]; then
		mv "$dir/phase-failed" "$dir/status.$boot"
	elif [ $rc -ne 0 ]; then
		echo "failed: trace-cmd/phases exited $rc (see log-$boot.txt)" > "$dir/status.$boot"
	fi
	mv "$dir/metrics.txt" "$dir/metrics-$boot.txt"
	for f in "$dir"/metrics.trial*.txt; do
		[ -f "$f" ] && mv "$f" "$dir/metrics-$boot.${f##*/metrics.}"
	done
	cleanup
	return 0
}
