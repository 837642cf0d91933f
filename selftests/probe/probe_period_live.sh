#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: writing period_us while plab_probe runs changes the sample
#              rate live (1000 us, then 3000 us, then 500 us)

. "$(dirname "$0")/probe_lib.sh"

plab_begin 4 probe_prepare plab_cleanup_modules

cpu=$(probe_second_cpu)
plab_load plab_probe cpus="$cpu" period_us=1000
ktap_result $? "loads on CPU $cpu with period_us=1000"
sleep 0.5
probe_rate_check 4 1000
ktap_result $? "rate at period_us=1000 within 10 %"

for p in 3000 500; do
	echo $p > "$PROBE_PARAMS/period_us" || ktap_diag "write $p failed"
	sleep 0.2
	probe_rate_check 4 $p
	ktap_result $? "after writing period_us=$p, rate within 10 %"
done

ktap_finish
