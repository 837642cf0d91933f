# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the plab_softirq selftests. Source after ktap.sh,
# module.sh and ../probe/probe_lib.sh. The stats format is described in
# Documentation/softirq.rst.

SQ_DBG=/sys/kernel/debug/plab_softirq
SQ_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# sq_prepare: common prerequisites; skips the whole test when unmet.
sq_prepare()
{
	plab_require_root
	plab_require_module plab_softirq
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs nodev /sys/kernel/debug 2>/dev/null ||
		ktap_skip_all "debugfs not available"
	[ -f "$TRACEFS/trace" ] ||
		mount -t tracefs nodev "$TRACEFS" 2>/dev/null
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

# sq_finish KEY: a value from the last FINISH line in the kernel log.
sq_finish()
{
	dmesg | grep 'plab_softirq: FINISH' | tail -1 |
		sed -n "s/.* $1=\([0-9]*\).*/\1/p"
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
