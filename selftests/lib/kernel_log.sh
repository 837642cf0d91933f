# SPDX-License-Identifier: GPL-2.0
#
# What counts as a kernel problem, in one place for the VM runner, the
# selftest runner and the tests. Sourced, never run.

# A kernel log line matching this is a splat: a bug, a warning, an oops,
# an RCU stall, a lockup or a hung task.
PLAB_SPLAT_RE='BUG:|WARNING:|Oops|Call Trace|rcu.*(stall|self-detected)'
PLAB_SPLAT_RE="$PLAB_SPLAT_RE"'|soft lockup|hard LOCKUP|hung_task|general protection fault'

# Taint bits a run may add: O (out-of-tree, 4096), E (unsigned, 8192) and
# N (test module, 262144). W (512), D (128), L (16384) and the rest fail.
PLAB_TAINT_ALLOWED=$((4096 | 8192 | 262144))

# plab_klog_mark: write a unique line into the kernel log and print it, for
# plab_klog_since. Counting dmesg lines instead breaks once the ring buffer
# is full: old lines drop out as new ones come in, the count stops moving,
# and every line after the count is lost. Level 7 keeps it off the console.
plab_klog_mark()
{
	local mark

	mark="plab-mark: $$-$(date +%s%N)"
	echo "<7>$mark" > /dev/kmsg || return 1
	echo "$mark"
}

# plab_klog_since MARK: the kernel log lines written after MARK. Status 1,
# with a line on stderr, when MARK is no longer in the log (the ring buffer
# wrapped past it: lines after it may be lost too), so that "no splat
# since the mark" is never concluded from a log that no longer has it.
plab_klog_since()
{
	[ -n "$1" ] && dmesg | awk -v m="$1" '
		seen { print }
		index($0, m) { seen = 1 }
		END { exit !seen }' && return 0
	echo "kernel log: the mark '$1' is gone (ring buffer wrapped, or no mark)" >&2
	return 1
}

# plab_klog_clean MARK: status 0 when the kernel log since MARK holds no
# splat; otherwise prints the first splat (or why the log cannot tell) and
# returns 1.
plab_klog_clean()
{
	local log splat

	log=$(plab_klog_since "$1" 2>&1) || { echo "$log"; return 1; }
	splat=$(echo "$log" | grep -m1 -E "$PLAB_SPLAT_RE") || return 0
	echo "$splat"
	return 1
}
