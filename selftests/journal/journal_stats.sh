#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: commit statistics add up (per writer and in total, against
#              the commit ids and the backing file); a full tmpfs makes
#              the I/O fail: the errors are counted and reported, the
#              writers go on and the module unloads cleanly

. "$(dirname "$0")/journal_lib.sh"

JR_DIR=/tmp/plab_journal_stats.$$
FULL=$JR_DIR/full
COMMITS=6

cleanup()
{
	jr_cleanup
	mountpoint -q "$FULL" && umount "$FULL"
	rm -rf "$JR_DIR"
}

# add_up: per writer commits = ok + errors + cut = COMMITS and bytes =
# ok * record; total = sum of the writers = issued ids.
add_up()
{
	local nr=$1 record=$2 i c o e x b sum=0 ret=0

	for ((i = 0; i < nr; i++)); do
		c=$(jr_stat $i commits) o=$(jr_stat $i ok) e=$(jr_stat $i errors)
		x=$(jr_stat $i cut) b=$(jr_stat $i bytes)
		ktap_diag "writer $i: commits=$c ok=$o errors=$e cut=$x bytes=$b"
		[ "$c" = $COMMITS ] && [ $((o + e + x)) = "$c" ] &&
			[ "$b" = $((o * record)) ] || ret=1
		sum=$((sum + c))
	done
	[ "$(jr_stat total commits)" = $sum ] &&
		[ "$(jr_stat total seq)" = $sum ] || ret=1
	ktap_diag "total: commits=$(jr_stat total commits) seq=$(jr_stat total seq)"
	return $ret
}

ktap_header
jr_prepare
trap cleanup EXIT
mkdir -p "$JR_DIR" "$FULL"
ktap_plan 6
probe_dmesg_mark

ok=1
if plab_load plab_journal writers=3 lock=spin io=file path="$JR_DIR/journal" \
	record_kb=16 journal_kb=64 io_latency_us=2000 commits=$COMMITS; then
	jr_wait_commits $((COMMITS * 3)) 30 && add_up 3 16384 &&
		[ "$(jr_stat total errors)" = 0 ] && ok=0
fi
ktap_result $ok "3 writers x $COMMITS commits to a file: counts add up, no error"
size=$(stat -c %s "$JR_DIR/journal" 2>/dev/null)
ktap_diag "backing file: ${size:-none} bytes"
[ "$size" = $((64 * 1024)) ]
ktap_result $? "the backing file holds the 4 slots of the 64 KiB journal"
plab_unload plab_journal
ktap_result $? "unloads with the file open"

# 64 KiB of tmpfs, 256 KiB of journal: the first records fit, then ENOSPC.
ok=1
if mount -t tmpfs -o size=64k plab_journal_full "$FULL" &&
   plab_load plab_journal writers=2 lock=mutex io=file path="$FULL/journal" \
	record_kb=16 journal_kb=256 io_latency_us=1000 commits=$COMMITS; then
	jr_wait_commits $((COMMITS * 2)) 30 && add_up 2 16384 &&
		[ "$(jr_stat total errors)" -gt 0 ] && [ "$(jr_stat total ok)" -gt 0 ] &&
		[ "$(jr_stat total last_error)" = -28 ] && ok=0
fi
counts="ok=$(jr_stat total ok) errors=$(jr_stat total errors)"
ktap_diag "full tmpfs: $counts last_error=$(jr_stat total last_error)"
ktap_result $ok "full tmpfs: failed commits counted as errors (ENOSPC), the others ok"
plab_unload plab_journal &&
	probe_dmesg_since | grep -q 'plab_journal: commit [0-9]*: I/O error -28' &&
	probe_dmesg_since | grep -q 'plab_journal: FINISH .* errors=[1-9]'
ktap_result $? "errors reported in the log and the FINISH line; unloads"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
