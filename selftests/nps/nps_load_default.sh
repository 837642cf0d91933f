#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab_nps loads with its defaults (1 ms preempt_disable
#              sections every 100 ms on every CPU), runs, prints START and
#              FINISH, and unloads cleanly

. "$(dirname "$0")/nps_lib.sh"

plab_begin 5 nps_prepare nps_cleanup

probe_dmesg_mark
plab_load plab_nps
ktap_result $? "loads with no parameters"
sleep 1
probe_dmesg_since | grep -q 'plab_nps: START mode=preempt .*duration_us=1000 period_us=100000'
ktap_result $? "START line with the effective configuration"
ok=0
n=$(grep -c '^cpu=' "$NPS_DBG/stats")
online=$(grep -c '^processor' /proc/cpuinfo)
for c in $(sed -n 's/^cpu=\([0-9]*\) .*/\1/p' "$NPS_DBG/stats"); do
	s=$(nps_stat "$c" sections)
	ktap_diag "CPU $c: $s sections in 1 s"
	[ "${s:-0}" -ge 5 ] || ok=1
done
[ "$n" -eq "$online" ] && [ $ok -eq 0 ]
ktap_result $? "sections ran on all $online CPUs (about 10 each)"
plab_unload plab_nps
ktap_result $? "unloads"
probe_dmesg_since | grep -q 'plab_nps: FINISH in [0-9]* ns: mode=preempt sections=[1-9]' &&
	probe_clean_check
ktap_result $? "FINISH line, no splat, taint only O/E/N"

ktap_finish
