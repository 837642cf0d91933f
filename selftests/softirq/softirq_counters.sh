#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the counters add up: received = processed + dropped + queued,
#              live in debugfs (up to one batch in flight) and exactly
#              in the FINISH line after rmmod mid-flood; a 64-packet ring fed
#              500-packet bursts drops

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/../probe/probe_lib.sh"
. "$(dirname "$0")/softirq_lib.sh"

ktap_header
sq_prepare
trap plab_cleanup_modules EXIT
ktap_plan 4

cpu=$(probe_second_cpu)
probe_dmesg_mark
# 100000 pps in 5 ms interrupts: bursts of 500 into a ring of 64.
plab_load plab_softirq cpus="$cpu" rate_pps=100000 cost_ns=2000 \
	irq_us=5000 ring_size=64
ktap_result $? "loads: bursts of 500 packets, ring_size=64"
sleep 1.5
sq_snap
v=("$(sq_stat "$cpu" received)" "$(sq_stat "$cpu" processed)"
   "$(sq_stat "$cpu" dropped)" "$(sq_stat "$cpu" queued)")
ktap_diag "live: received=${v[0]} processed=${v[1]} dropped=${v[2]} queued=${v[3]}"
d=$((v[0] - v[1] - v[2] - v[3]))
what="live: drops counted, received - processed - dropped - queued = $d"
[ -n "${v[3]}" ] && [ "${v[2]:-0}" -gt 0 ] && [ "$d" -ge 0 ] && [ "$d" -le 64 ]
ktap_result $? "$what (0..64, a batch in flight)"
plab_unload plab_softirq
rx=$(sq_finish received)
done_=$(sq_finish processed)
drop=$(sq_finish dropped)
q=$(sq_finish queued)
ktap_diag "FINISH: received=$rx processed=$done_ dropped=$drop queued=$q"
[ -n "$rx" ] && [ "$rx" -eq $((done_ + drop + q)) ]
ktap_result $? "FINISH: received = processed + dropped + queued"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
