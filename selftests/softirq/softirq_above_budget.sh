#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a NAPI flood above one CPU (unsafe=1, 300000 pps x 4 us,
#              120 %): the softirq restart limits move the work to
#              ksoftirqd (on RT also to tasks that re-enable bottom
#              halves), drops are counted; the probe at FIFO on that CPU
#              stays responsive on full and rt, and a shell pinned there
#              keeps running (no livelock) on every model; with
#              net.core.netdev_budget below the poll weight every
#              net_rx_action runs out of budget and time_squeeze grows
#
# One NAPI context per CPU is polled at most once per net_rx_action pass
# (a full-weight poll goes to the repoll list), so at the default budget
# (300 > weight 64) time_squeeze only moves when one poll crosses the time
# limit; the budget itself is shown by lowering it for one second.

. "$(dirname "$0")/softirq_lib.sh"

FLOOD_S=3
P99_MAX_US=20000	# floor of the limit: TCG noise reaches several ms
SMALL_BUDGET=32		# below the poll weight (64): every pass runs out
BUDGET=/proc/sys/net/core/netdev_budget
victim_out=
budget0=

cleanup()
{
	[ -n "$budget0" ] && echo "$budget0" > $BUDGET
	plab_cleanup_modules
	[ -n "$victim_out" ] && rm -f "$victim_out"
}

ktap_header
sq_prepare
plab_require_module plab_probe
trap cleanup EXIT
ktap_plan 7

cpu=$(probe_second_cpu)
probe_dmesg_mark
# Built before the flood: compiling under it is slow.
victim=$(sq_victim_bin)
plab_load plab_probe cpus="$cpu" hist_max_us=50000 || {
	ktap_fail "plab_probe loads on CPU $cpu"
	ktap_finish
}
# The noise of this boot, as the control: 2 s without the flood.
sleep 0.5
echo > "$PROBE_DBG/reset"
sleep 2
base_p99=$(probe_hist_pct Thr "$cpu" 99)
limit=$((${base_p99:-0} * 4 > P99_MAX_US ? ${base_p99:-0} * 4 : P99_MAX_US))
ktap_diag "probe (FIFO 95) on CPU $cpu without flood: p99=$base_p99 us; limit with flood $limit us"
sq0=$(sq_squeeze "$cpu")
plab_load plab_softirq cpus="$cpu" unsafe=1 rate_pps=300000 cost_ns=4000
ktap_result $? "loads: 300000 pps x 4000 ns (120 % of CPU $cpu)"
sleep 0.5
echo > "$PROBE_DBG/reset"

if [ -n "$victim" ]; then
	victim_out=$(mktemp)
	"$victim" -c "$cpu" -d "$FLOOD_S" > "$victim_out" 2>&1 &
fi
# The shell's own loop, pinned to the flooded CPU.
loops=$(taskset -c "$cpu" bash -c "n=0; end=\$((SECONDS + $FLOOD_S));
	while [ \$SECONDS -lt \$end ]; do n=\$((n + 1)); sleep 0.1; done; echo \$n")
wait
ktap_diag "shell on CPU $cpu: $loops rounds of sleep 0.1 in $FLOOD_S s"
[ "${loops:-0}" -ge 2 ]
ktap_result $? "a shell pinned to CPU $cpu keeps running"
[ -n "$victim_out" ] && ktap_diag "nice-0 victim on CPU $cpu: $(cat "$victim_out")"

sq1=$(sq_squeeze "$cpu")
sq_snap
drop=$(sq_stat "$cpu" dropped)
inl=$(sq_stat "$cpu" units_inline)
ksd=$(sq_stat "$cpu" units_ksoftirqd)
units="inline=$inl ksoftirqd=$ksd"
ktap_diag "at netdev_budget=$(cat $BUDGET): time_squeeze $sq0 -> $sq1, dropped=$drop, units $units"
budget0=$(cat $BUDGET)
echo $SMALL_BUDGET > $BUDGET
sq2=$(sq_squeeze "$cpu")
sleep 1
sq3=$(sq_squeeze "$cpu")
echo "$budget0" > $BUDGET && budget0=
ktap_diag "at netdev_budget=$SMALL_BUDGET for 1 s: time_squeeze $sq2 -> $sq3"
[ $((sq3 - sq2)) -ge 10 ]
ktap_result $? "budget below the weight: time_squeeze grows (at least 10 in 1 s)"
[ "${drop:-0}" -gt 0 ]
ktap_result $? "drops are counted"
if sq_rt; then
	# Any task on the CPU that re-enables bottom halves runs them.
	[ "${ksd:-0}" -gt 0 ]
	ktap_result $? "RT: work runs in ksoftirqd (and in bh-enabling tasks)"
else
	[ "${ksd:-0}" -gt "${inl:-0}" ]
	ktap_result $? "most of the work runs in ksoftirqd"
fi

p99=$(probe_hist_pct Thr "$cpu" 99)
max=$(probe_hist_value Thr "$cpu" max_ns:)
n=$(probe_hist_value Thr "$cpu" count:)
msg="samples=$n p99=${p99} us max=$((${max:-0} / 1000)) us"
ktap_diag "probe (FIFO 95) on CPU $cpu during the flood: $msg"
case "$PLAB_MODEL" in
full|rt)
	what="$PLAB_MODEL: the probe stays responsive"
	[ "${n:-0}" -ge $((FLOOD_S * 250)) ] && [ "${p99:-99999}" -lt "$limit" ]
	ktap_result $? "$what (p99 < $limit us: 4 x control, at least $P99_MAX_US)"
	;;
*)
	ktap_skip "the probe stays responsive" "asserted on full and rt only (model $PLAB_MODEL)"
	;;
esac

plab_unload plab_softirq && plab_unload plab_probe && probe_clean_check
ktap_result $? "unloads mid-flood, no splat, taint only O/E/N"

ktap_finish
