#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the counters add up: received = processed + dropped + queued,
#              live in debugfs (up to one batch in flight) and exactly
#              in the FINISH line after rmmod mid-flood, where received is
#              also rate_pps x the time since load (sq_arrivals_ok's
#              tolerance); a 64-packet ring fed 500-packet bursts drops
#
# Positive control (case 1): the FINISH check rejects a recorded FINISH line
# whose counters add up but whose generator ran at a tenth of its rate
# (selftests/lib/checks/softirq_finish_slow.txt).

. "$(dirname "$0")/softirq_lib.sh"

plab_begin 5 sq_prepare plab_cleanup_modules

plab_control "the FINISH check rejects counters that add up at a tenth of the rate" \
	sq_finish_ok 100000 "$PLAB_CHECKS/softirq_finish_slow.txt"

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
ns=$(sq_finish ns)
ktap_diag "FINISH: $(dmesg | grep 'plab_softirq: FINISH' | tail -1 | sed 's/.*FINISH //')"
ktap_diag "100000 pps x ${ns:-?} ns = $((${ns:-0} / 10000)) arrivals"
sq_finish_ok 100000
ktap_result $? "FINISH: received = 100000 pps x time since load, = processed + dropped + queued"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
