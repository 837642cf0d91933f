#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab-periodic: usage errors, a short run of each work kind,
#              key=value and JSON output, trace_marker job lines
# requires: scripts/tools/periodic/plab-periodic (make tools), jq
# models: full rt   (model-independent: user-space only; the same kernel binary
#                    serves none, voluntary and full)

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/../lib/json.sh"

P=$PLAB_TOP/scripts/tools/periodic/plab-periodic

ktap_header
[ -x "$P" ] || ktap_skip_all "plab-periodic not built (make tools)"
plab_require_jq
ktap_plan 8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$P" -h | grep -q '^Usage: plab-periodic'
ktap_result $? "-h prints the usage"
"$P" --bogus 2> "$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "plab-periodic: error: unknown argument '--bogus'" "$tmp/err"
ktap_result $? "unknown option: exit 2 and the message"
"$P" name=x,period_us=1000,cost_us=2000 2> /dev/null; rc1=$?
"$P" name=x,role=nope 2> /dev/null; rc2=$?
[ $rc1 = 2 ] && [ $rc2 = 2 ]
ktap_result $? "cost above the deadline and an unknown role are refused"

"$P" -d 1 -k -n name=a,policy=other,period_us=10000,cost_us=500 name=m,role=hpc,size=32 \
	name=z,role=noise > "$tmp/kv"
# 100 periods in 1 s; the two spinners compete on the CPUs, so a run job or
# a counted skip per period is what is checked.
jobs=$(( $(sed -n 's/^a.jobs=//p' "$tmp/kv") + $(sed -n 's/^a.skipped=//p' "$tmp/kv") ))
ktap_diag "periodic task: $jobs periods accounted"
[ "$jobs" -ge 90 ] && [ "$jobs" -le 101 ] &&
	grep -q '^m.rate=' "$tmp/kv" && grep -q '^z.noise_gaps=' "$tmp/kv"
ktap_result $? "periodic, matmul and noise tasks report key=value"

# Schema, version and a task's jobs through jq (plab_jq: all or nothing).
"$P" -d 0.5 -q -n -j "$tmp/out.json" name=a,period_us=10000,cost_us=100 &&
	v=$(plab_jq "$tmp/out.json" .schema .version '.tasks[0].name' '.tasks[0].jobs') &&
	[ "$(echo "$v" | head -n 3 | paste -sd ' ')" = "preemptlab-periodic 1 a" ] &&
	[ "$(echo "$v" | tail -n 1)" -gt 0 ]
ktap_result $? "JSON summary parses: schema, version, the task and its jobs"

# thread_cpus [OPTION]: the CPU lists the threads of a run started on CPU
# 0 are allowed, as one line.
thread_cpus()
{
	local pid

	taskset -c 0 "$P" "$@" -d 0.6 -q -n name=a,period_us=10000,cost_us=100 &
	pid=$!
	sleep 0.3
	awk '/^Cpus_allowed_list:/ { print $2 }' /proc/$pid/task/*/status | sort -u | paste -sd ' '
	wait $pid
}
online=$(cat /sys/devices/system/cpu/online)
if [ "$(getconf _NPROCESSORS_ONLN)" -gt 1 ]; then
	got=$(thread_cpus -A)
	ktap_diag "-A from CPU 0: threads on '$got', online '$online'"
	[ "$got" = "$online" ]
	ktap_result $? "-A: the threads start from every online CPU, not the caller's CPU 0"
	got=$(thread_cpus)
	ktap_diag "without -A: threads on '$got'"
	[ "$got" = 0 ]
	ktap_result $? "negative control: without -A the threads keep the caller's CPU 0"
else
	ktap_skip "-A: the threads start from every online CPU, not the caller's CPU 0" "one CPU"
	ktap_skip "negative control: without -A the threads keep the caller's CPU 0" "one CPU"
fi

if [ "$(id -u)" = 0 ] && [ -w /sys/kernel/tracing/trace_marker ]; then
	echo 0 > /sys/kernel/tracing/tracing_on
	echo > /sys/kernel/tracing/trace
	echo 1 > /sys/kernel/tracing/tracing_on
	# As many lines as the task counted jobs (a loaded host runs fewer
	# than the 30 periods of 0.3 s).
	jobs=$("$P" -d 0.3 name=mk,period_us=10000,cost_us=100 | awk '$1 == "mk" { print $4 }')
	line='plab_job: name=mk seq=[0-9]* cpu=[0-9]* release=[0-9]* start=[0-9]* '
	line="${line}finish=[0-9]* deadline=[0-9]* miss=[01]"
	n=$(grep -c "$line" /sys/kernel/tracing/trace)
	ktap_diag "$n job lines for ${jobs:-?} jobs"
	[ "${jobs:-0}" -ge 5 ] && [ "$n" -eq "$jobs" ]
	ktap_result $? "one trace_marker line per job"
else
	ktap_skip "one trace_marker line per job" "needs root and tracefs"
fi
ktap_finish
