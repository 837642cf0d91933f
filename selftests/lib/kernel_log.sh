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
