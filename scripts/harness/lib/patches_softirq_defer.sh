# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-patches' patch 2: the irq:softirq_defer tracepoint, added to
# kernel/softirq.c and include/trace/events/irq.h. Sourced by plab-patches,
# never run.

commit_softirq_defer()
{
	local irq=$REPO/include/trace/events/irq.h softirq=$REPO/kernel/softirq.c

	EVENT=$(cat <<'EOF'
#ifndef __TRACE_IRQ_SOFTIRQ_DEFER_REASON
#define __TRACE_IRQ_SOFTIRQ_DEFER_REASON
/* Why __do_softirq() left the pending softirqs to ksoftirqd */
enum softirq_defer_reason {
	SOFTIRQ_DEFER_TIME,		/* MAX_SOFTIRQ_TIME has passed */
	SOFTIRQ_DEFER_RESTART,		/* MAX_SOFTIRQ_RESTART passes done */
	SOFTIRQ_DEFER_NEED_RESCHED,	/* a task waits for this CPU */
};
#endif

TRACE_DEFINE_ENUM(SOFTIRQ_DEFER_TIME);
TRACE_DEFINE_ENUM(SOFTIRQ_DEFER_RESTART);
TRACE_DEFINE_ENUM(SOFTIRQ_DEFER_NEED_RESCHED);

#define show_softirq_defer_reason(reason)				\
	__print_symbolic(reason,					\
			 { SOFTIRQ_DEFER_TIME, "time_limit" },		\
			 { SOFTIRQ_DEFER_RESTART, "restart_limit" },	\
			 { SOFTIRQ_DEFER_NEED_RESCHED, "need_resched" })

/**
 * softirq_defer - called when __do_softirq() leaves pending work to ksoftirqd
 * @pending: the softirqs still pending, one bit per vector (1 << vec_nr)
 * @reason: the limit that ended the inline handling, a softirq_defer_reason
 * @restarts: how often the handling loop restarted before it gave up
 * @elapsed_ns: time from the start of the handling to the deferral, in ns
 *	(0 when the event was enabled while the handling ran)
 *
 * The deferred softirqs then run in ksoftirqd, a normal task, so their
 * latency depends on the scheduler from here on. Used with softirq_raise
 * and softirq_entry, it tells why a softirq ran late.
 */
TRACE_EVENT(softirq_defer,
	    TP_PROTO(unsigned int pending, unsigned int reason,
		     unsigned int restarts, u64 elapsed_ns),
	    TP_ARGS(pending, reason, restarts, elapsed_ns),
	    TP_STRUCT__entry(__field(u64, elapsed_ns)
			     __field(unsigned int, pending)
			     __field(unsigned int, reason)
			     __field(unsigned int, restarts)
	    ),
	    TP_fast_assign(__entry->elapsed_ns = elapsed_ns;
			   __entry->pending = pending;
			   __entry->reason = reason;
			   __entry->restarts = restarts;
	    ),
	    TP_printk("pending=0x%x reason=%s restarts=%u elapsed_ns=%llu",
		      __entry->pending,
		      show_softirq_defer_reason(__entry->reason),
		      __entry->restarts, __entry->elapsed_ns)
);

EOF
)
	export EVENT
	perl_edit "$irq" "add the softirq_defer event" \
		'$n += s/^(DECLARE_EVENT_CLASS\(tasklet,\n)/$ENV{EVENT}\n\n$1/m' || return 1

	perl_edit "$softirq" "include linux/sched/clock.h" \
		'$n += s/^(#include <linux\/rcupdate\.h>\n)/$1#include <linux\/sched\/clock.h>\n/m' &&
	perl_edit "$softirq" "add the start time" \
		'$n += s/^(static void handle_softirqs\(bool ksirqd\)\n\{\n(?:\t[^\n]*\n)*?\tint max_restart = MAX_SOFTIRQ_RESTART;\n)/$1\tu64 start = 0;\n/m' &&
	perl_edit "$softirq" "take the start time" \
		'$n += s/^(\tpending = local_softirq_pending\(\);\n\n)(\tsoftirq_handle_begin\(\);\n)/$1\tif (!ksirqd && trace_softirq_defer_enabled())\n\t\tstart = local_clock();\n\n$2/m' &&
	perl_edit "$softirq" "trace the deferral" '
		my $old = "\tpending = local_softirq_pending();\n\tif (pending) {\n" .
			"\t\tif (time_before(jiffies, end) && !need_resched() &&\n" .
			"\t\t    --max_restart)\n\t\t\tgoto restart;\n\n\t\twakeup_softirqd();\n\t}\n";
		my $new = "\tpending = local_softirq_pending();\n\tif (pending) {\n" .
			"\t\tenum softirq_defer_reason reason;\n\n" .
			"\t\tif (!time_before(jiffies, end)) {\n" .
			"\t\t\treason = SOFTIRQ_DEFER_TIME;\n" .
			"\t\t} else if (need_resched()) {\n" .
			"\t\t\treason = SOFTIRQ_DEFER_NEED_RESCHED;\n" .
			"\t\t} else if (max_restart > 1) {\n" .
			"\t\t\tmax_restart--;\n" .
			"\t\t\tgoto restart;\n" .
			"\t\t} else {\n" .
			"\t\t\treason = SOFTIRQ_DEFER_RESTART;\n" .
			"\t\t}\n\n" .
			"\t\t/* ksoftirqd hitting a limit just yields: no deferral */\n" .
			"\t\tif (!ksirqd)\n" .
			"\t\t\ttrace_softirq_defer(pending, reason,\n" .
			"\t\t\t\t\t    MAX_SOFTIRQ_RESTART - max_restart,\n" .
			"\t\t\t\t\t    start ? local_clock() - start : 0);\n" .
			"\t\twakeup_softirqd();\n\t}\n";
		$n += s/\Q$old\E/$new/' || return 1

	G "$REPO" add -f -- include/trace/events/irq.h kernel/softirq.c &&
		G "$REPO" commit -q -s -F - <<'EOF'
softirq: add a tracepoint for the deferral to ksoftirqd

When __do_softirq() still finds softirqs pending after a pass, it
restarts only while MAX_SOFTIRQ_TIME has not passed, no task needs the
CPU and fewer than MAX_SOFTIRQ_RESTART passes were made; otherwise it
wakes ksoftirqd and returns. From then on the pending softirqs (network
receive, timers, tasklets) wait for a normal-priority thread, and their
latency is that of the scheduler. This hand-over is the usual cause of
a softirq running milliseconds late under load, but nothing records it:
softirq_raise and softirq_entry show the delay, not why it happened.

Add irq:softirq_defer, fired at that point with the pending mask, the
limit that ended the inline handling (time_limit, restart_limit or
need_resched), the number of restarts made and the time spent since
the handling started. The time is taken only while the event is enabled
(a static branch otherwise), so the hot path gains no clock read. The
restart test is unrolled into one branch per limit to know which one
ended the loop; it takes the same decisions as before.

The event fires for the inline handling only: when ksoftirqd itself
reaches a limit it merely yields and carries on. With PREEMPT_RT the
same limits apply to the softirqs run by local_bh_enable() in task
context, so the event covers them too; the other wake-ups of ksoftirqd
(from interrupt exit on PREEMPT_RT, with threaded interrupts, or when
raising a softirq outside interrupt context) are not limit decisions
and are not traced.
EOF
}
