# SPDX-License-Identifier: GPL-2.0
#
# tracefs helpers shared by the scenario executor and the selftests that
# change tracing and must put it back. Sourced, never run.

# plab_tracefs: where tracefs is (under debugfs on systems that do not
# mount it on its own).
plab_tracefs()
{
	if [ -d /sys/kernel/tracing/events ]; then
		echo /sys/kernel/tracing
	else
		echo /sys/kernel/debug/tracing
	fi
}

# plab_trace_buf_kb TRACEFS: the per-CPU ring buffer size to restore later,
# in kB. A buffer never used reads "7 (expanded: 1408)", and writing the 7
# back would shrink it: the size to restore is the last number.
plab_trace_buf_kb()
{
	grep -o '[0-9]\+' "$1/buffer_size_kb" 2>/dev/null | tail -n 1
}

# plab_trace_clock TRACEFS: the trace clock in use (the bracketed one of
# trace_clock), to restore later: trace-cmd record -C sets it, and trace-cmd
# reset does not put it back.
plab_trace_clock()
{
	sed -n 's/.*\[\([^]]*\)\].*/\1/p' "$1/trace_clock" 2>/dev/null
}
