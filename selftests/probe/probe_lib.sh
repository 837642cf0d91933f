# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the plab_probe selftests, and through nps_lib.sh,
# journal_lib.sh and softirq_lib.sh by theirs. A test sources only its
# collection's library: this one sources ktap.sh and module.sh. The
# histogram format is described in Documentation/probe.rst.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/ktap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/module.sh"

PROBE_DBG=/sys/kernel/debug/plab_probe
PROBE_PARAMS=/sys/module/plab_probe/parameters
TRACEFS=/sys/kernel/tracing

# probe_prepare: common prerequisites; skips the whole test when unmet.
probe_prepare()
{
	plab_require_root
	plab_require_module plab_probe
	plab_require_fs
}

probe_now_ns()
{
	date +%s%N
}

# probe_hist_value KIND CPU ROW: one cell of the histogram file.
# KIND is IRQ or Thr; ROW a bucket index or a summary name ("count:").
probe_hist_value()
{
	awk -F'\t' -v col="$(printf '%s-%03d' "$1" "$2")" -v row="$3" '
		$1 == "# Index" { for (i = 2; i <= NF; i++) if ($i == col) c = i }
		$1 == row && c { print $c; found = 1; exit }
		END { if (!found) print "" }' "$PROBE_DBG/stats"
}

# probe_hist_pct KIND CPU P: the P-th percentile (nearest rank) from the
# histogram, as a bucket index in us; hist_max_us when in the overflow.
probe_hist_pct()
{
	awk -F'\t' -v col="$(printf '%s-%03d' "$1" "$2")" -v p="$3" '
		$1 == "# Index" { for (i = 2; i <= NF; i++) if ($i == col) c = i }
		/^# period_us=/ { split($0, a, "hist_max_us="); max = a[2] + 0 }
		$1 ~ /^[0-9]+$/ && c { idx[n] = $1; cnt[n++] = $c }
		$1 == "over:" && c { idx[n] = max; cnt[n++] = $c }
		$1 == "count:" && c { total = $c }
		END {
			if (!total) { print ""; exit }
			rank = int((p * total + 99) / 100)
			if (rank < 1) rank = 1
			for (i = 0; i < n; i++) {
				s += cnt[i]
				if (s >= rank) { print idx[i]; exit }
			}
		}' "$PROBE_DBG/stats"
}

# probe_counts: "cpu count" lines of thread samples for every probed CPU.
probe_counts()
{
	awk -F'\t' '
		$1 == "# Index" {
			for (i = 2; i <= NF; i++) if ($i ~ /^Thr-/) col[i] = substr($i, 5) + 0
		}
		$1 == "count:" { for (i in col) print col[i], $i }' "$PROBE_DBG/stats" | sort -n
}

# probe_snapshot: read the histogram with bash builtins only (no fork), so
# that PROBE_SNAP_NS is within a few ms of the kernel's snapshot of the
# counters, even under TCG. Sets PROBE_SNAP_NS and PROBE_SNAP_CPUS (one
# "cpu:samples:missed" word per CPU).
probe_snapshot()
{
	local line cols=() counts=() missed=() f i t text

	t=${EPOCHREALTIME/./}
	plab_read_whole text "$PROBE_DBG/stats"
	mapfile -t PROBE_SNAP_LINES <<< "$text"
	PROBE_SNAP_NS=$((10#$t * 1000))
	PROBE_SNAP_CPUS=
	for line in "${PROBE_SNAP_LINES[@]}"; do
		IFS=$'\t' read -r -a f <<< "$line"
		case "${f[0]}" in
		"# Index") cols=("${f[@]}") ;;
		count:) counts=("${f[@]}") ;;
		missed:) missed=("${f[@]}") ;;
		esac
	done
	for ((i = 1; i < ${#cols[@]}; i++)); do
		[ "${cols[i]#Thr-}" != "${cols[i]}" ] || continue
		PROBE_SNAP_CPUS+=" $((10#${cols[i]#Thr-})):${counts[i]}:${missed[i]}"
	done
}

# probe_rate_check SECONDS PERIOD_US: check that every probed CPU runs at
# the asked rate over SECONDS: periods (samples + missed) within 10 % of
# SECONDS * 1e6 / PERIOD_US, and samples for at least a quarter of them (TCG's
# timer noise of several ms makes the thread skip periods; their count is
# reported). Returns 1 when a CPU is off.
probe_rate_check()
{
	local secs=$1 period=$2 ret=0 t0 w cpu n0 m0 n1 m1 n m expect ms msg
	local -A s0 s1

	probe_snapshot
	t0=$PROBE_SNAP_NS
	for w in $PROBE_SNAP_CPUS; do s0[${w%%:*}]=${w#*:}; done
	sleep "$secs"
	probe_snapshot
	for w in $PROBE_SNAP_CPUS; do s1[${w%%:*}]=${w#*:}; done
	if [ ${#s1[@]} -eq 0 ]; then
		ktap_diag "no per-CPU counts in $PROBE_DBG/stats"
		return 1
	fi
	expect=$(( (PROBE_SNAP_NS - t0) / 1000 / period ))
	for cpu in "${!s1[@]}"; do
		n0=${s0[$cpu]%%:*} m0=${s0[$cpu]#*:}
		n1=${s1[$cpu]%%:*} m1=${s1[$cpu]#*:}
		n=$((n1 - n0)) m=$((m1 - m0))
		ms=$(( (PROBE_SNAP_NS - t0) / 1000000 ))
		msg="CPU $cpu: $n samples + $m missed periods in $ms ms"
		ktap_diag "$msg at period_us=$period, expected $expect periods"
		if [ $((n + m)) -lt $((expect * 9 / 10)) ] ||
		   [ $((n + m)) -gt $((expect * 11 / 10)) ] ||
		   [ $((n * 4)) -lt "$expect" ]; then
			ret=1
		fi
	done
	return $ret
}

# probe_dmesg_mark / probe_dmesg_since: kernel log lines since the mark.
probe_dmesg_mark()
{
	PROBE_DMESG_MARK=$(plab_klog_mark)
}

probe_dmesg_since()
{
	plab_klog_since "$PROBE_DMESG_MARK"
}

PROBE_SPLAT_RE=$PLAB_SPLAT_RE

# probe_clean_check: no splat since the mark and no bad taint.
probe_clean_check()
{
	local splat

	if ! splat=$(plab_klog_clean "$PROBE_DMESG_MARK"); then
		ktap_diag "kernel log: $splat"
		return 1
	fi
	if [ "$(plab_taint_bad)" -ne 0 ]; then
		ktap_diag "bad taint bits: $(plab_taint_bad)"
		return 1
	fi
	return 0
}

# probe_trace_reset: the top-level trace buffer back to its boot state.
probe_trace_reset()
{
	[ -f "$TRACEFS/trace" ] || return 0
	[ -f "$TRACEFS/events/preemptlab/enable" ] &&
		echo 0 > "$TRACEFS/events/preemptlab/enable"
	echo 1 > "$TRACEFS/tracing_on"
	echo > "$TRACEFS/trace"
}

# probe_second_cpu: CPU 1 when online, else CPU 0.
probe_second_cpu()
{
	if [ "$(cat /sys/devices/system/cpu/cpu1/online 2>/dev/null)" = 1 ]; then
		echo 1
	else
		echo 0
	fi
}
