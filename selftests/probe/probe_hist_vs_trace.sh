#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: percentiles (p50, p99) of IRQ and thread latency from the
#              histogram file agree within one 1 us bucket with those from
#              the plab_latency trace events of the same run

. "$(dirname "$0")/probe_lib.sh"

INST=$TRACEFS/instances/plab_probe_selftest

cleanup()
{
	plab_cleanup_modules
	[ -d "$INST" ] && rmdir "$INST"
}

# trace_pct CPU FIELD P: nearest-rank percentile of FIELD (ns) from the
# trace, as a 1 us bucket index.
trace_pct()
{
	grep "plab_latency: cpu=$1 " "$INST/trace" |
		sed -n "s/.* $2=\([0-9]*\).*/\1/p" | sort -n |
		awk -v p="$3" '{ v[NR] = $1 }
			END {
				r = int((p * NR + 99) / 100); if (r < 1) r = 1
				print int(v[r] / 1000)
			}'
}

ktap_header
probe_prepare
[ -d "$TRACEFS/instances" ] || ktap_skip_all "tracefs instances not available"
trap cleanup EXIT

cpus=$(seq 0 $(($(nproc) - 1)) | head -2 | paste -sd,)
ktap_plan $((1 + 5 * $(echo "$cpus" | tr , '\n' | wc -l)))

plab_load plab_probe cpus="$cpus" enabled=0 hist_max_us=100000
ktap_result $? "loads disabled on CPUs $cpus"
mkdir "$INST" || { ktap_fail "create tracefs instance"; ktap_finish; }
echo 8192 > "$INST/buffer_size_kb"
echo 1 > "$INST/events/preemptlab/plab_latency/enable"

# Trace and histogram cover exactly the same samples: enabled=0 stops
# sampling after at most one more period.
echo 1 > "$PROBE_PARAMS/enabled"
sleep 4
echo 0 > "$PROBE_PARAMS/enabled"
sleep 0.2
echo 0 > "$INST/tracing_on"
ktap_diag "$(grep -m1 entries-in-buffer "$INST/trace")"

for cpu in ${cpus//,/ }; do
	n_hist=$(probe_hist_value Thr "$cpu" count:)
	n_trace=$(grep -c "plab_latency: cpu=$cpu " "$INST/trace")
	ktap_diag "CPU $cpu: $n_hist samples in the histogram, $n_trace in the trace"
	[ "$n_hist" = "$n_trace" ]
	ktap_result $? "CPU $cpu: same sample count in histogram and trace"
	for kind in Thr IRQ; do
		[ $kind = Thr ] && field=thread_ns || field=irq_ns
		for p in 50 99; do
			h=$(probe_hist_pct $kind "$cpu" $p)
			t=$(trace_pct "$cpu" $field $p)
			ktap_diag "CPU $cpu $field p$p: histogram $h us, trace $t us"
			[ -n "$h" ] && [ -n "$t" ] && [ $((h - t)) -le 1 ] && [ $((t - h)) -le 1 ]
			ktap_result $? "CPU $cpu: $field p$p agrees within 1 us"
		done
	done
done

ktap_finish
