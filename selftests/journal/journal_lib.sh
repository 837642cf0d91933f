# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by the plab_journal selftests. This sources the probe's
# helpers (../probe/probe_lib.sh, which sources ktap.sh and module.sh) for
# loading the probe and reading its histogram. The stats format is
# described in Documentation/journal.rst.

. "$(dirname "${BASH_SOURCE[0]}")/../probe/probe_lib.sh"

JR_DBG=/sys/kernel/debug/plab_journal
# A checksum section of 4 MiB: 20-100 ms of crc32c under TCG, far above
# its timer noise (5-11 ms max).
JR_RECORD_KB=${JR_RECORD_KB:-4096}
JR_COMMITS=${JR_COMMITS:-10}
# Margin for TCG noise on top of a measured section, in ns.
JR_NOISE_NS=${JR_NOISE_NS:-20000000}

# jr_prepare: common prerequisites; skips the whole test when unmet.
jr_prepare()
{
	probe_prepare
	plab_require_module plab_journal
}

# jr_stat WHO KEY: one value of a stats line; WHO is a writer index or
# "total". Bash builtins only: forks are slow under TCG.
jr_stat()
{
	local who="writer=$1 " line w text

	[ "$1" = total ] && who="total "
	plab_read_whole text "$JR_DBG/stats" || return 0
	while IFS= read -r line; do
		[ "${line#"$who"}" != "$line" ] || continue
		for w in $line; do
			[ "${w%%=*}" = "$2" ] && { echo "${w#*=}"; return 0; }
		done
	done <<< "$text"
}

# jr_wait_commits N SECONDS: wait until N commits are done in total.
jr_wait_commits()
{
	local i n

	for ((i = 0; i < $2 * 10; i++)); do
		n=$(jr_stat total commits)
		[ "${n:-0}" -ge "$1" ] && return 0
		sleep 0.1
	done
	ktap_diag "only ${n:-0} of $1 commits after $2 s"
	return 1
}

# jr_probe_run LOCK IO_US [PARAM=VALUE...]: commits of JR_RECORD_KB by one
# writer on the second CPU, with the probe (FIFO 95) on the same CPU,
# measuring from after the first commit for at least JR_COMMITS commits.
# Sets JR_WINDOW (the commits the probe measured: counted, not assumed,
# since the shell sees a commit late under TCG), JR_PROBE_STATS (the
# probe's stats at the end, for jr_probe_spikes), JR_PROBE_MAX (ns, probe
# max thread latency over those commits),
# JR_CSUM_MIN, JR_CSUM_AVG and JR_CSUM_MAX (ns, checksum sections),
# JR_IO_AVG (ns), and JR_NOISE_MAX (ns, the probe's max for 2 s just
# before, on that CPU kept busy by a SCHED_OTHER loop, which the probe
# preempts at once on every model: this boot's noise floor, right now,
# with the vCPU busy as it is during the commits; an idle vCPU's floor is
# far lower under TCG, as the host stalls a busy vCPU more often);
# returns 1 when something failed.
jr_probe_run()
{
	local lock=$1 io_us=$2 cpu ret msg n0

	shift 2
	cpu=$(probe_second_cpu)
	JR_PROBE_MAX=
	JR_CSUM_MIN=
	JR_CSUM_MAX=
	JR_CSUM_AVG=
	JR_IO_AVG=
	JR_NOISE_MAX=
	plab_load plab_probe cpus="$cpu" hist_max_us=100000 || return 1
	jr_hog_start "$cpu"
	echo 1 > "$PROBE_DBG/reset"
	sleep 2
	JR_NOISE_MAX=$(probe_hist_value Thr "$cpu" max_ns:)
	jr_hog_stop
	plab_is_number "$JR_NOISE_MAX" || JR_NOISE_MAX=0
	echo 1 > "$PROBE_DBG/reset"
	if ! plab_load plab_journal lock="$lock" cpus="$cpu" \
		record_kb="$JR_RECORD_KB" journal_kb="$JR_RECORD_KB" \
		io_latency_us="$io_us" commits=0 "$@"; then
		plab_unload plab_probe
		return 1
	fi
	# Measure from the end of the first commit: the probe must not count
	# the insmod itself (allocations, random payload) nor TCG translating
	# the commit code the first time.
	# A poll of the stats takes a fork or two, which is tens of ms under
	# TCG, against a commit of 40 ms on rt: the window is what the stats
	# say it was, from right after the reset to right after the pause.
	jr_wait_commits 1 30 && echo 1 > "$PROBE_DBG/reset"
	n0=$(jr_stat total commits)
	jr_wait_commits "$((${n0:-0} + JR_COMMITS))" 30
	ret=$?
	echo 0 > "$PROBE_PARAMS/enabled"
	JR_WINDOW=$(($(jr_stat total commits) - ${n0:-0}))
	JR_PROBE_MAX=$(probe_hist_value Thr "$cpu" max_ns:)
	JR_PROBE_STATS=$(cat "$PROBE_DBG/stats")
	JR_PROBE_CPU=$cpu
	JR_CSUM_MIN=$(jr_stat 0 csum_min)
	JR_CSUM_MAX=$(jr_stat 0 csum_max)
	JR_CSUM_AVG=$(jr_stat 0 csum_avg)
	JR_IO_AVG=$(jr_stat 0 io_avg)
	plab_unload plab_journal || ret=1
	plab_unload plab_probe || ret=1
	msg="lock=$lock io_latency_us=$io_us $* on CPU $cpu, model $PLAB_MODEL"
	msg+=": $JR_WINDOW commits measured, checksum min/avg/max $((${JR_CSUM_MIN:-0} / 1000))"
	msg+="/$((${JR_CSUM_AVG:-0} / 1000))/$((${JR_CSUM_MAX:-0} / 1000)) us"
	msg+=", I/O avg $((${JR_IO_AVG:-0} / 1000)) us; probe max $((${JR_PROBE_MAX:-0} / 1000)) us"
	msg+="; noise floor max $((${JR_NOISE_MAX:-0} / 1000)) us"
	ktap_diag "$msg"
	[ -n "$JR_PROBE_MAX" ] && [ -n "$JR_CSUM_MAX" ] || ret=1
	return $ret
}

# jr_probe_spikes CPU US STATS: probe thread samples of CPU of at least US
# microseconds in STATS, a copy of the probe's stats file (1 us rows up to
# hist_max_us, then the overflow).
jr_probe_spikes()
{
	awk -F'\t' -v col="$(printf 'Thr-%03d' "$1")" -v us="$2" '
		$1 == "# Index" { for (i = 2; i <= NF; i++) if ($i == col) c = i }
		$1 ~ /^[0-9]+$/ && c && $1 + 0 >= us { n += $c }
		$1 == "over:" && c { n += $c }
		END { print n + 0 }' <<< "$3"
}

jr_model_rt()
{
	[ "$PLAB_MODEL" = rt ] || { [ "$PLAB_MODEL" = host ] && uname -v | grep -q PREEMPT_RT; }
}

# jr_unload: rmmod plab_journal, retrying while an open stats file (a
# reader racing with the unload) holds a reference on the module.
jr_unload()
{
	plab_unload_busy plab_journal
}

# jr_hog_start CPU: a SCHED_OTHER busy loop on CPU (JR_HOG, its pid),
# running when this returns; jr_hog_stop ends it, and so does jr_cleanup.
jr_hog_start()
{
	taskset -c "$1" bash -c 'while :; do :; done' &
	JR_HOG=$!
	sleep 0.2
}

jr_hog_stop()
{
	[ -z "${JR_HOG:-}" ] || { kill "$JR_HOG" && wait "$JR_HOG"; } 2>/dev/null
	JR_HOG=
}

jr_cleanup()
{
	jr_hog_stop
	plab_cleanup_modules
	probe_trace_reset
}
