# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the plab_softirq selftests. This sources the probe's
# helpers (../probe/probe_lib.sh, which sources ktap.sh and module.sh)
# and the shared checks
# (checks.sh of the shared lib), whose recorded false inputs are the
# positive controls of sq_finish_ok and sq_softirq_ctx_ok. The stats
# format is described in Documentation/softirq.rst.

SQ_DBG=/sys/kernel/debug/plab_softirq
SQ_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$SQ_HERE/../probe/probe_lib.sh"
. "$SQ_HERE/../lib/checks.sh"

# sq_prepare: common prerequisites; skips the whole test when unmet.
sq_prepare()
{
	plab_require_root
	plab_require_module plab_softirq
	plab_require_fs
}

# sq_snap: read the stats file once into SQ_STATS, so that the counters
# sq_stat then returns belong to one snapshot.
sq_snap()
{
	SQ_STATS=$(cat "$SQ_DBG/stats" 2>/dev/null)
}

# sq_stat CPU KEY: one counter of CPU from the last sq_snap ("" if absent).
sq_stat()
{
	echo "$SQ_STATS" | awk -v cpu="$1" -v key="$2" '
		$1 == "cpu" { on = ($2 == cpu) }
		on && $1 == key { print $2; exit }'
}

# sq_finish KEY [LOG]: a value from the last FINISH line in the kernel
# log, or in LOG (a recorded one); KEY "ns" is the time since load.
sq_finish()
{
	{ if [ -n "${2:-}" ]; then cat "$2"; else dmesg; fi; } |
		grep 'plab_softirq: FINISH' | tail -1 |
		sed -n -e "s/.* $1=\([0-9]*\).*/\1/p" -e "s/.*FINISH in \([0-9]*\) $1:.*/\1/p"
}

# sq_arrivals_ok RX RATE_PPS MIN_NS MAX_NS: RX arrivals are what the
# generator gives at RATE_PPS in the time it ran, at least MIN_NS and at
# most MAX_NS: at least 70 % of RATE x MIN_NS (a vCPU that the emulator
# stops for a while before the module stops takes its last burst with it),
# at most RATE x MAX_NS plus 5 % and 10 ms (the FINISH time is
# local_clock(), which may run a tick behind the generator's clock).
sq_arrivals_ok()
{
	plab_is_count "$1" && plab_is_count "$3" && plab_is_count "$4" || return 1
	awk -v rx="$1" -v rate="$2" -v lo="$3" -v hi="$4" 'BEGIN {
		exit !(rate > 0 && rx >= 0.7 * rate * lo / 1e9 &&
			rx <= rate * (hi * 1.05 + 1e7) / 1e9) }'
}

# sq_finish_ok RATE_PPS [LOG [OFFLINE_NS]]: the last FINISH line (of the
# kernel log, or of LOG) counts the arrivals RATE_PPS gives in its time
# (less OFFLINE_NS the flood's CPU spent offline: no arrivals then), and
# received = processed + dropped + queued.
sq_finish_ok()
{
	local rx ns k sum=0

	rx=$(sq_finish received "${2:-}")
	ns=$(sq_finish ns "${2:-}")
	for k in processed dropped queued; do
		k=$(sq_finish $k "${2:-}")
		plab_is_count "$k" || return 1
		sum=$((sum + k))
	done
	plab_is_count "$ns" || return 1
	sq_arrivals_ok "$rx" "$1" $((ns - ${3:-0})) "$ns" && [ "$rx" -eq "$sum" ]
}

# sq_softirq_ctx_ok SOURCE RT CPU: in the last sq_snap, CPU processed work
# of SOURCE, none of it outside softirq context (units_thread); with RT=1
# and a timer source (timer, hrtimer_soft) all of it in ktimers/N or
# ksoftirqd (none inline: PREEMPT_RT wakes ktimers for TIMER and HRTIMER).
sq_softirq_ctx_ok()
{
	local done_ thr inl kt ks

	done_=$(sq_stat "$3" processed)
	thr=$(sq_stat "$3" units_thread)
	inl=$(sq_stat "$3" units_inline)
	kt=$(sq_stat "$3" units_ktimers)
	ks=$(sq_stat "$3" units_ksoftirqd)
	plab_is_count "$done_" && plab_is_count "$thr" && plab_is_count "$inl" &&
		plab_is_count "$kt" && plab_is_count "$ks" || return 1
	[ "$done_" -gt 0 ] && [ "$thr" -eq 0 ] || return 1
	case "$2:$1" in
	1:timer|1:hrtimer_soft) [ "$inl" -eq 0 ] && [ $((kt + ks)) -gt 0 ] ;;
	esac
}

# sq_softirq_ctx_false_ok: the context check accepts one of its recorded
# false inputs (its positive control: must fail): callbacks counted in a
# thread (softirq_stats_thread.txt), timer callbacks run inline on RT
# (softirq_stats_inline.txt).
sq_softirq_ctx_false_ok()
{
	SQ_STATS=$(cat "$PLAB_CHECKS/softirq_stats_thread.txt")
	sq_softirq_ctx_ok tasklet 0 1 && return 0
	SQ_STATS=$(cat "$PLAB_CHECKS/softirq_stats_inline.txt")
	sq_softirq_ctx_ok timer 1 1
}

# sq_squeeze CPU: time_squeeze of CPU from /proc/net/softnet_stat: the
# third column, in hex; column 13 is the CPU (6.1), else the row number.
sq_squeeze()
{
	local f row=0

	while read -r -a f; do
		if [ ${#f[@]} -ge 13 ] && [ $((16#${f[12]})) -eq "$1" ] ||
		   { [ ${#f[@]} -lt 13 ] && [ "$row" -eq "$1" ]; }; then
			echo $((16#${f[2]}))
			return
		fi
		row=$((row + 1))
	done < /proc/net/softnet_stat
	echo 0
}

# sq_victim_bin: the path of the victim program, built if needed; empty
# when there is no compiler and no prebuilt binary.
sq_victim_bin()
{
	local src=$SQ_HERE/softirq_victim.c bin=$SQ_HERE/softirq_victim dir

	if [ -x "$bin" ] && [ "$bin" -nt "$src" ]; then
		echo "$bin"
		return
	fi
	command -v cc > /dev/null || return 0
	dir=$(mktemp -d /tmp/plab-softirq.XXXXXX) || return 0
	cc -O2 -Wall -Wextra -o "$dir/softirq_victim" "$src" 2>/dev/null &&
		echo "$dir/softirq_victim"
}

# sq_field LINE KEY: KEY=value from a victim result line.
sq_field()
{
	echo "$1" | sed -n "s/.*\b$2=\([0-9]*\).*/\1/p"
}

# sq_rt: true on a PREEMPT_RT kernel.
sq_rt()
{
	[ "$(cat /sys/kernel/realtime 2>/dev/null)" = 1 ] ||
		uname -v | grep -q PREEMPT_RT
}
