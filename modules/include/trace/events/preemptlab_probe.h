/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the latency probe (plab_probe), in the preemptlab system
 * shared by all preemptlab modules. Times are u64 nanoseconds.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM preemptlab

#if !defined(_TRACE_PREEMPTLAB_PROBE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_PREEMPTLAB_PROBE_H

#include <linux/sched.h>
#include <linux/tracepoint.h>

/*
 * plab_latency - one probe sample.
 * @start:	expected timer expiry on the trace_clock_local() timeline, ns
 * @irq_ns:	expiry to timer handler
 * @thread_ns:	expiry to the probe thread running
 * @missed:	periods skipped before this one because they were already over
 * @pid:	task interrupted by the timer (0: idle)
 * @ctx:	preempt_count() of the interrupted context (see plab_latency_cause)
 */
TRACE_EVENT(plab_latency,
	    TP_PROTO(unsigned int cpu, u64 seq, u64 start, u64 irq_ns,
		     u64 thread_ns, unsigned int missed, pid_t pid,
		     unsigned int ctx),
	    TP_ARGS(cpu, seq, start, irq_ns, thread_ns, missed, pid, ctx),
	    TP_STRUCT__entry(__field(u64, seq)
			     __field(u64, start)
			     __field(u64, irq_ns)
			     __field(u64, thread_ns)
			     __field(unsigned int, cpu)
			     __field(unsigned int, missed)
			     __field(pid_t, pid)
			     __field(unsigned int, ctx)
	    ),
	    TP_fast_assign(__entry->seq = seq;
			   __entry->start = start;
			   __entry->irq_ns = irq_ns;
			   __entry->thread_ns = thread_ns;
			   __entry->cpu = cpu;
			   __entry->missed = missed;
			   __entry->pid = pid;
			   __entry->ctx = ctx;
	    ),
	    TP_printk("cpu=%u seq=%llu start=%llu irq_ns=%llu thread_ns=%llu missed=%u pid=%d ctx=0x%x",
		      __entry->cpu, __entry->seq, __entry->start,
		      __entry->irq_ns, __entry->thread_ns, __entry->missed,
		      __entry->pid, __entry->ctx)
);

/*
 * plab_latency_cause - what the CPU was doing when the timer of a sample
 * whose thread latency exceeded threshold_us fired. Same cpu/seq as the
 * plab_latency event of that sample.
 * @comm, @pid:	the interrupted task (swapper/N, pid 0: idle)
 * @preempt:	preemption-disable depth there (preempt_count() & PREEMPT_MASK)
 * @softirq:	softirq count there: bit 0 (SOFTIRQ_OFFSET) serving a softirq,
 *		each local_bh_disable() level adds 2 (SOFTIRQ_DISABLE_OFFSET)
 * @hardirq:	hard interrupts nested below the timer interrupt
 * @irqs_off:	interrupts held the sample off: the timer interrupt came late
 *		for at least half of the thread latency, into a kernel task
 *		(which had just turned them back on)
 * @user:	the interrupted context was user mode
 */
TRACE_EVENT(plab_latency_cause,
	    TP_PROTO(unsigned int cpu, u64 seq, u64 irq_ns, u64 thread_ns,
		     const char *comm, pid_t pid, unsigned int ctx,
		     bool irqs_off, bool user),
	    TP_ARGS(cpu, seq, irq_ns, thread_ns, comm, pid, ctx, irqs_off,
		    user),
	    TP_STRUCT__entry(__field(u64, seq)
			     __field(u64, irq_ns)
			     __field(u64, thread_ns)
			     __array(char, comm, TASK_COMM_LEN)
			     __field(unsigned int, cpu)
			     __field(pid_t, pid)
			     __field(unsigned int, preempt)
			     __field(unsigned int, softirq)
			     __field(unsigned int, hardirq)
			     __field(bool, irqs_off)
			     __field(bool, user)
	    ),
	    TP_fast_assign(__entry->seq = seq;
			   __entry->irq_ns = irq_ns;
			   __entry->thread_ns = thread_ns;
			   memcpy(__entry->comm, comm, TASK_COMM_LEN);
			   __entry->comm[TASK_COMM_LEN - 1] = '\0';
			   __entry->cpu = cpu;
			   __entry->pid = pid;
			   __entry->preempt = ctx & PREEMPT_MASK;
			   __entry->softirq = (ctx & SOFTIRQ_MASK) >>
					      SOFTIRQ_SHIFT;
			   __entry->hardirq = (ctx & HARDIRQ_MASK) >>
					      HARDIRQ_SHIFT;
			   __entry->irqs_off = irqs_off;
			   __entry->user = user;
	    ),
	    TP_printk("cpu=%u seq=%llu irq_ns=%llu thread_ns=%llu comm=%s pid=%d preempt=%u softirq=%u hardirq=%u irqs_off=%d user=%d",
		      __entry->cpu, __entry->seq, __entry->irq_ns,
		      __entry->thread_ns, __entry->comm, __entry->pid,
		      __entry->preempt, __entry->softirq, __entry->hardirq,
		      __entry->irqs_off, __entry->user)
);

#endif /* _TRACE_PREEMPTLAB_PROBE_H */

#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE preemptlab_probe
#include <trace/define_trace.h>
