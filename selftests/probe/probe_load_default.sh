#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab_probe loads with its defaults, samples every online CPU
#              at the default rate (1 kHz, within 10 %) from a SCHED_FIFO 95
#              thread, and unloads cleanly without splat or bad taint

. "$(dirname "$0")/probe_lib.sh"

plab_begin 7 probe_prepare plab_cleanup_modules

probe_dmesg_mark
plab_load plab_probe
ktap_result $? "loads with default parameters"
plab_module_loaded plab_probe || ktap_finish

start="plab_probe: START cpus=$(cat /sys/devices/system/cpu/online)"
probe_dmesg_since | grep -q "$start period_us=1000 prio=95"
ktap_result $? "START line shows the effective config"

ok=0
for cpu in $(seq 0 $(($(nproc --all) - 1))); do
	[ "$(cat /sys/devices/system/cpu/cpu$cpu/online 2>/dev/null || echo 1)" = 1 ] || continue
	pid=$(pgrep -x "plab_probe/$cpu")
	policy=$(ps -o cls=,rtprio=,psr= -p "$pid" 2>/dev/null | xargs)
	ktap_diag "CPU $cpu: thread pid ${pid:-none}: class/prio/cpu $policy"
	[ "$policy" = "FF 95 $cpu" ] || ok=1
done
ktap_result $ok "one SCHED_FIFO 95 thread bound to each online CPU"

probe_rate_check 5 1000
ktap_result $? "samples on every CPU at 1000 Hz within 10 %"

# Pause sampling so that nothing lands between the reset and the read.
echo 0 > "$PROBE_PARAMS/enabled"
sleep 0.1
echo 1 > "$PROBE_DBG/reset"
[ "$(probe_counts | awk '{ s += $2 } END { print s }')" = 0 ] &&
	[ "$(probe_hist_value Thr 0 max_ns:)" = - ]
ktap_result $? "writing the reset file clears the histograms"
echo 1 > "$PROBE_PARAMS/enabled"

plab_unload plab_probe
ktap_result $? "unloads"

probe_dmesg_since | grep -q "plab_probe: FINISH in [0-9]* ns: samples="
fin=$?
probe_clean_check && [ $fin -eq 0 ]
ktap_result $? "FINISH line, no splat, taint only O/E/N"

ktap_finish
