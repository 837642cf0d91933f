#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a periodic SCHED_FIFO task (wl_periodic, 2 ms period) that
#              measures its own lateness, and wakelat measuring it by comm
#              in the same run: the same wakeups are seen, and per wakeup
#              the tool's latency is within the task's own lateness, which
#              adds only the timer-interrupt and return-to-user time
# requires: root, /sys/kernel/btf/vmlinux, cc, jq

. "$(dirname "$0")/wakelat_lib.sh"

LOOPS=${WL_LOOPS:-500}
ktap_header
wl_require_bpf
wl_prepare_helper
ktap_plan 4

wl_start "$WL_DIR/tool.out" "$WL_DIR/tool.err" -c wl_periodic --threshold-us 1 \
	--no-marker --no-hist -j "$WL_DIR/tool.json"
tool=$WL_LAST
wl_wait_ready "$WL_DIR/tool.err"
"$WL_HELPER" -v 2000 "$LOOPS" 200 > "$WL_DIR/self.out"
wl_stop $tool
rc=$?
sed 's/^/# /' "$WL_DIR/tool.err" | head -5
tail -1 "$WL_DIR/self.out" | sed 's/^/# self: /'
ktap_result $rc "wakelat runs and exits 0 on SIGINT"

# Match each of the task's wakeups with the tool's event by time (both
# CLOCK_MONOTONIC): the event's sched_waking is after the deadline (timer
# expiry) and its sched_switch before the task read the clock, so the
# tool's latency is a part of the task's lateness.
# The task's tid is in its summary, the last line of its output; its count
# and maximum in the tool's report (0 when the tool did not see it).
tid=$(wl_summary tid "$WL_DIR/self.out")
if [[ $tid =~ ^[0-9]+$ ]]; then
	cnt=$(wl_json_or 0 "$WL_DIR/tool.json" "$(wl_task count "$tid")")
	tmax=$(wl_json_or 0 "$WL_DIR/tool.json" "$(wl_task max "$tid")")
fi
# Events of the task, sorted by (waking_ns, run_ns); for each of the task's
# samples the first event waking at or after its deadline - 20 us (binary
# search), which matches when it ran before the task's wake + 20 us; the
# median of (lateness - the event's latency) over the matched ones.
[[ $tid =~ ^[0-9]+$ ]] && [ -n "$cnt" ] && [ -n "$tmax" ] &&
awk -v tid="$tid" -v cnt="$cnt" -v tmax="$tmax" '
# heap sort of K1[1..n] by (K1, K2)
function less(i, j) { return K1[i] < K1[j] || (K1[i] == K1[j] && K2[i] < K2[j]) }
function swap(i, j,	t) { t = K1[i]; K1[i] = K1[j]; K1[j] = t; t = K2[i]; K2[i] = K2[j]; K2[j] = t }
function sift(i, n,	c) {
	while ((c = 2 * i) <= n) {
		if (c < n && less(c, c + 1))
			c++
		if (!less(i, c))
			return
		swap(i, c)
		i = c
	}
}
function hsort(n,	i) {
	for (i = int(n / 2); i >= 1; i--)
		sift(i, n)
	for (i = n; i > 1; i--) {
		swap(1, i)
		sift(1, i - 1)
	}
}
FILENAME == ARGV[1] && match($0, /^lat_us=[0-9.]+ deadline_ns=[0-9]+/) {
	split(substr($0, 1, RLENGTH), f, /[ =]/)
	ns++
	lat[ns] = f[2] + 0
	dl[ns] = f[4] + 0
	if (ns == 1 || lat[ns] > smax)
		smax = lat[ns]
}
FILENAME == ARGV[2] && match($0, / pid=[0-9]+ /) {
	pid = substr($0, RSTART + 5, RLENGTH - 6)
	# the last "waking_ns=N run_ns=N" after it (as a greedy .* finds it)
	rest = substr($0, RSTART + RLENGTH)
	wr = ""
	while (match(rest, /waking_ns=[0-9]+ run_ns=[0-9]+/)) {
		wr = substr(rest, RSTART, RLENGTH)
		rest = substr(rest, RSTART + 1)
	}
	if (wr != "" && pid + 0 == tid + 0) {
		split(wr, f, /[ =]/)
		ne++
		K1[ne] = f[2] + 0
		K2[ne] = f[4] + 0
	}
}
END {
	if (!ns)
		exit 1
	hsort(ne)
	for (i = 1; i <= ne; i++) {
		wak[i] = K1[i]
		run[i] = K2[i]
	}
	matched = nd = 0
	for (s = 1; s <= ns; s++) {
		lo = 1
		hi = ne + 1
		while (lo < hi) {
			mid = int((lo + hi) / 2)
			if (wak[mid] < dl[s] - 20000)
				lo = mid + 1
			else
				hi = mid
		}
		if (lo <= ne && run[lo] <= dl[s] + lat[s] * 1000 + 20000) {
			matched++
			K1[++nd] = lat[s] - (run[lo] - wak[lo]) / 1000
			K2[nd] = 0
		}
	}
	hsort(nd)
	med = nd ? K1[int(nd / 2) + 1] : -1
	printf "self_count=%d tool_count=%s matched=%d self_max=%.1f tool_max=%.1f diff_median=%.1f\n",
		ns, cnt, matched, smax, tmax, med
}' "$WL_DIR/self.out" "$WL_DIR/tool.out" > "$WL_DIR/cmp"
sed 's/^/# /' "$WL_DIR/cmp"
eval "$(tr ' ' '\n' < "$WL_DIR/cmp" | grep = )"

# Every sleep that blocked is a tool sample; a few more (before the first
# timed sleep: exec, page faults) are allowed. A sleep whose deadline had
# passed returned with no wakeup, so the periods bound the count from
# above, the blocked sleeps from below.
blocked=$(wl_summary blocked "$WL_DIR/self.out")
[ "${blocked:-0}" -ge 1 ] && [ "${tool_count:-0}" -ge "$blocked" ] &&
	[ "$tool_count" -le $((self_count + 10)) ]
ktap_result $? "same wakeups: tool counted $tool_count, the task blocked ${blocked:-?} times in $self_count periods"

# 99% of the task's blocked sleeps found as a tool event inside
# [deadline, wake].
[ "${blocked:-0}" -ge 1 ] && [ "${matched:-0}" -ge $((blocked * 99 / 100)) ]
ktap_result $? "per wakeup, the tool's interval lies inside the task's lateness ($matched of ${blocked:-?} blocked sleeps)"

# The difference is the timer IRQ and return-to-user time, which the tool
# does not see: its median is small against the TCG noise floor (1 ms), and
# the tool's maximum cannot exceed the task's. (The task's own maximum may be
# far above, when the timer interrupt itself was late: that is IRQ latency.)
[ -n "${diff_median:-}" ] && [ -n "${tool_max:-}" ] && [ -n "${self_max:-}" ] &&
	awk -v med="$diff_median" -v tmax="$tool_max" -v smax="$self_max" \
		'BEGIN { exit !(0 <= med + 0 && med + 0 < 1000 && tmax + 0 <= smax + 20) }'
ktap_result $? "agreement: median(self - tool) ${diff_median} us < 1000, tool max ${tool_max} <= task max ${self_max} us"
ktap_finish
