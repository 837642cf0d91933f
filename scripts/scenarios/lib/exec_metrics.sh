# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-scenario-exec's reading of the modules after a phase: the probe's
# histogram and the injectors' debugfs counters, as PREFIX.KEY=VALUE lines.
# Sourced by plab-scenario-exec, never run.

# hist_metrics PREFIX: the probe's thread latency over all probed CPUs as
# PREFIX.KEY lines (thr_p50/p99/p999/max_us, irq_max_us, samples, over), by
# plab-hist: the percentile code of the analyzer's report of the trace.
hist_metrics()
{
	[ -r "$HIST" ] || return 0
	"$HIST_TOOL" -p "$1" "$HIST"
}

# nps_metrics PREFIX: sections and longest section of plab_nps.
nps_metrics()
{
	local f=/sys/kernel/debug/plab_nps/stats

	[ -r $f ] || return 0
	awk -v p="$1" '/^cpu=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		s += v["sections"]; if (v["act_max"] > m) m = v["act_max"]; if (v["preempted"] > 0) pr += v["preempted"] }
		END { printf "%s.nps.sections=%d\n%s.nps.act_max_us=%.1f\n%s.nps.preempted=%d\n", p, s, p, m / 1000, p, pr }' $f
}

# softirq_metrics PREFIX: totals of plab_softirq's per-CPU counters.
softirq_metrics()
{
	local f=/sys/kernel/debug/plab_softirq/stats

	[ -r $f ] || return 0
	awk -v p="$1" '/^#/ || /^cpu / { next } NF == 2 && $2 ~ /^[0-9]+$/ { v[$1] += $2 }
		END { for (k in v) printf "%s.softirq.%s=%s\n", p, k, v[k] }' $f
}

# journal_metrics PREFIX: the total line of plab_journal (times to us).
journal_metrics()
{
	local f=/sys/kernel/debug/plab_journal/stats

	[ -r $f ] || return 0
	grep '^total' $f | tr ' ' '\n' | awk -F= -v p="$1" 'NF == 2 && $2 ~ /^-?[0-9]+$/ {
		if ($1 ~ /(_min|_avg|_max|_p50|_p99)$/) printf "%s.journal.%s_us=%.1f\n", p, $1, $2 / 1000
		else printf "%s.journal.%s=%s\n", p, $1, $2 }'
}
