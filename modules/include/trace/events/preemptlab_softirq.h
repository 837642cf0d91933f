/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the softirq flood (plab_softirq), in the preemptlab
 * system shared by all preemptlab modules. Times are u64 nanoseconds on the
 * trace_clock_local() timeline (the "local" trace clock, <plab/clock.h>).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM preemptlab

#if !defined(_TRACE_PREEMPTLAB_SOFTIRQ_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_PREEMPTLAB_SOFTIRQ_H

#include <linux/tracepoint.h>

/*
 * plab_softirq_batch - one batch of flood work (a NAPI poll, a tasklet, a
 * timer callback) finished.
 * @cpu:	the CPU whose generator queued the work (the flood's CPU)
 * @run_cpu:	the CPU the batch ran on (differs for threaded NAPI)
 * @seq:	per-CPU batch number, from 1; with @cpu it identifies the batch
 * @source:	0 napi, 1 tasklet, 2 tasklet_hi, 3 timer, 4 hrtimer_soft
 * @ctx:	0 inline (irq exit or bh enable), 1 ksoftirqd, 2 thread,
 *		3 ktimers (RT)
 * @done:	units (packets, callbacks) processed in the batch
 * @budget:	the most the batch was allowed to process
 * @queued:	units still queued when the batch ended
 * @start:	when the batch started
 * @duration:	how long it ran, interruptions included
 */
TRACE_EVENT(plab_softirq_batch,
	    TP_PROTO(unsigned int cpu, unsigned int run_cpu, u64 seq,
		     unsigned int source, unsigned int ctx, unsigned int done,
		     unsigned int budget, unsigned int queued, u64 start,
		     u64 duration),
	    TP_ARGS(cpu, run_cpu, seq, source, ctx, done, budget, queued,
		    start, duration),
	    TP_STRUCT__entry(__field(u64, seq)
			     __field(u64, start)
			     __field(u64, duration)
			     __field(unsigned int, cpu)
			     __field(unsigned int, run_cpu)
			     __field(unsigned int, source)
			     __field(unsigned int, ctx)
			     __field(unsigned int, done)
			     __field(unsigned int, budget)
			     __field(unsigned int, queued)
	    ),
	    TP_fast_assign(__entry->seq = seq;
			   __entry->start = start;
			   __entry->duration = duration;
			   __entry->cpu = cpu;
			   __entry->run_cpu = run_cpu;
			   __entry->source = source;
			   __entry->ctx = ctx;
			   __entry->done = done;
			   __entry->budget = budget;
			   __entry->queued = queued;
	    ),
	    TP_printk("cpu=%u run_cpu=%u seq=%llu source=%s ctx=%s done=%u budget=%u queued=%u start=%llu duration=%llu ns",
		      __entry->cpu, __entry->run_cpu, __entry->seq,
		      __print_symbolic(__entry->source,
				       { 0, "napi" }, { 1, "tasklet" },
				       { 2, "tasklet_hi" }, { 3, "timer" },
				       { 4, "hrtimer_soft" }),
		      __print_symbolic(__entry->ctx,
				       { 0, "inline" }, { 1, "ksoftirqd" },
				       { 2, "thread" }, { 3, "ktimers" }),
		      __entry->done, __entry->budget, __entry->queued,
		      __entry->start, __entry->duration)
);

#endif /* _TRACE_PREEMPTLAB_SOFTIRQ_H */

#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE preemptlab_softirq
#include <trace/define_trace.h>
