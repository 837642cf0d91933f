#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: bad parameters and unsafe combinations are refused with
#              EINVAL and a message naming the parameter; nothing stays loaded
# models: full rt   (model-independent: the same kernel binary serves none,
#                    voluntary and full)

. "$(dirname "$0")/softirq_lib.sh"

# "params|name the message must contain"
CASES=(
	"source=foo|source="
	"rate_pps=2000001|rate_pps"
	"cost_ns=100001|cost_ns"
	"irq_us=10|irq_us"
	"weight=65|weight"
	"cpus=9999|cpus="
	"threaded=2|threaded"
	"source=timer threaded=1|threaded=1"
	"rate_pps=1000000 cost_ns=1000|unsafe=1"
)

ktap_header
sq_prepare
trap plab_cleanup_modules EXIT
ktap_plan $((${#CASES[@]} + 1))

probe_dmesg_mark
for c in "${CASES[@]}"; do
	params=${c%%|*}
	name=${c#*|}
	mark=$(plab_klog_mark)
	# shellcheck disable=SC2086
	out=$(plab_load plab_softirq $params 2>&1)
	rc=$?
	msg=$(plab_klog_since "$mark" | grep -F "$name" | head -1)
	ktap_diag "$params: ${msg#*] }"
	[ $rc -ne 0 ] && echo "$out" | grep -qi 'invalid' && [ -n "$msg" ] &&
		! plab_module_loaded plab_softirq
	ktap_result $? "refused: $params"
	plab_unload plab_softirq
done
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
