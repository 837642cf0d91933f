#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every disturbance module refuses an offline CPU in its
#              cpus= by name, and with all four running on CPUs 0-1, CPU 1
#              going offline and online leaves each one working on it again
#              (its threads back, the journal writer bound to it again)
#
# CPU 1 is the CPU taken offline; CPU 0 cannot be. Each module runs light:
# the property is the lifecycle, not the load.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"

MODS="plab_nps plab_probe plab_softirq plab_journal"
CPU1=/sys/devices/system/cpu/cpu1/online

cleanup()
{
	plab_cleanup_modules
	[ -w "$CPU1" ] && echo 1 > "$CPU1" 2> /dev/null
}

params()
{
	case $1 in
	plab_nps) echo "cpus=0-1 mode=preempt duration_us=1000 period_us=20000" ;;
	plab_probe) echo "cpus=0-1" ;;
	plab_softirq) echo "cpus=0-1 rate_pps=1000" ;;
	plab_journal) echo "cpus=0-1 writers=2 record_kb=16 io_latency_us=5000" ;;
	esac
}

# affinity PID: the allowed CPU list of PID.
affinity()
{
	sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$1/status"
}

# on_cpu1 MODULE: MODULE works on CPU 1; prints what it saw.
on_cpu1()
{
	local pid n0 n1

	case $1 in
	plab_nps|plab_probe)
		pid=$(pgrep -x "$1/1") || { echo "no $1/1 thread"; return 1; }
		[ "$(affinity "$pid")" = 1 ] || { echo "$1/1 allowed on $(affinity "$pid")"; return 1; }
		;;
	plab_journal)
		# Writer 1 is the second CPU of cpus=0-1.
		pid=$(pgrep -x plab_journal/1) || { echo "no plab_journal/1 writer"; return 1; }
		[ "$(affinity "$pid")" = 1 ] || { echo "writer 1 allowed on $(affinity "$pid"), not CPU 1"; return 1; }
		;;
	plab_softirq)
		n0=$(awk '$1 == "cpu" { c = $2 } c == 1 && $1 == "irqs" { print $2 }' /sys/kernel/debug/plab_softirq/stats)
		sleep 0.3
		n1=$(awk '$1 == "cpu" { c = $2 } c == 1 && $1 == "irqs" { print $2 }' /sys/kernel/debug/plab_softirq/stats)
		[ -n "$n0" ] && [ -n "$n1" ] && [ "$n1" -gt "$n0" ] ||
			{ echo "CPU 1 generator irqs ${n0:-?} -> ${n1:-?}"; return 1; }
		;;
	esac
}

ktap_header
plab_require_root
for m in $MODS; do
	plab_require_module "$m"
done
[ -w "$CPU1" ] || ktap_skip_all "CPU 1 cannot be taken offline"
trap cleanup EXIT
ktap_plan 4

mark=$(plab_klog_mark)
echo 0 > "$CPU1" || ktap_skip_all "CPU 1 refused to go offline"

ok=0
for m in $MODS; do
	m0=$(plab_klog_mark)
	# shellcheck disable=SC2046 # a list of parameters
	if plab_load "$m" $(params "$m") 2> /dev/null; then
		ok=1
		ktap_diag "$m: loaded with CPU 1 offline in cpus=0-1"
		plab_unload "$m"
	elif ! plab_klog_since "$m0" | grep -q "$m: cpus=0-1: "; then
		ok=1
		ktap_diag "$m: refused without a message naming cpus="
	fi
done
ktap_result $ok "each module refuses an offline CPU in cpus=, naming it"

echo 1 > "$CPU1"
sleep 0.5
ok=0
for m in $MODS; do
	# shellcheck disable=SC2046 # a list of parameters
	plab_load "$m" $(params "$m") || { ok=1; ktap_diag "$m: insmod cpus=0-1 failed"; }
done
sleep 0.5
for m in $MODS; do
	plab_module_loaded "$m" || { ok=1; continue; }
	why=$(on_cpu1 "$m") || { ok=1; ktap_diag "$m: $why"; }
done
ktap_result $ok "all four load on CPUs 0-1 and work on CPU 1"

ok=0
for _ in 1 2; do
	echo 0 > "$CPU1" && sleep 0.3 && echo 1 > "$CPU1" && sleep 0.3 || ok=1
done
for m in $MODS; do
	plab_module_loaded "$m" || continue
	why=$(on_cpu1 "$m") || { ok=1; ktap_diag "$m after offline/online: $why"; }
done
ktap_result $ok "CPU 1 offline and online twice while all four run"

ok=0
for m in $MODS; do
	plab_unload_busy "$m" || { ok=1; ktap_diag "rmmod $m failed"; }
done
splat=$(plab_klog_clean "$mark") || { ok=1; ktap_diag "kernel log: $splat"; }
[ "$(plab_taint_bad)" -eq 0 ] || { ok=1; ktap_diag "bad taint bits $(plab_taint_bad)"; }
ktap_result $ok "all unload; no splat, taint only O/E/N"

ktap_finish
