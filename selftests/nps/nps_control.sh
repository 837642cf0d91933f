#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: runtime control: 0 and 1 in the debugfs enabled file and
#              the enabled parameter stop and restart the sections, count=
#              ends a run and 1 begins a new one, the reset file clears the
#              stats, and a live duration_us change takes effect

. "$(dirname "$0")/nps_lib.sh"

plab_begin 6 nps_prepare nps_cleanup

cpu=$(probe_second_cpu)
plab_load plab_nps cpus="$cpu" duration_us=2000 period_us=20000 count=5 enabled=0
ktap_result $? "loads stopped (enabled=0)"
sleep 0.5
[ "$(nps_stat "$cpu" sections)" = 0 ]
ktap_result $? "no section while stopped"

echo 1 > "$NPS_DBG/enabled" && nps_wait_sections "$cpu" 5 10 && sleep 0.5 &&
	[ "$(nps_stat "$cpu" sections)" = 5 ]
ktap_result $? "start: count=5 sections, then the run ends"

echo 1 > "$NPS_DBG/reset" && [ "$(nps_stat "$cpu" sections)" = 0 ]
ktap_result $? "reset clears the stats"

echo 5000 > "$NPS_PARAMS/duration_us" && echo 1 > "$NPS_PARAMS/enabled" &&
	nps_wait_sections "$cpu" 5 10 && [ "$(nps_stat "$cpu" req_max)" = 5000000 ]
ktap_result $? "enabled=1 starts a new run with the live duration_us=5000"

echo 0 > "$NPS_DBG/enabled"
n0=$(nps_stat "$cpu" sections)
sleep 0.5
n1=$(nps_stat "$cpu" sections)
[ "$n0" = "$n1" ] && [ "$(cat "$NPS_PARAMS/enabled")" = N ]
ktap_result $? "stop: no more sections ($n0 -> $n1), enabled reads N"

ktap_finish
