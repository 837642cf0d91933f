/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the non-preemptible section injector (plab_nps), in the
 * preemptlab system shared by all preemptlab modules. Times are u64
 * nanoseconds on the trace_clock_local() timeline (the "local" trace clock,
 * <plab/clock.h>).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM preemptlab

#if !defined(_TRACE_PREEMPTLAB_NPS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_PREEMPTLAB_NPS_H

#include <linux/tracepoint.h>

/*
 * Since 6.10 __assign_str() takes only the field (the source is the one
 * given to __string()); modules/Kbuild defines PLAB_ASSIGN_STR_ONE_ARG
 * there, so that one source builds for both.
 */
#ifndef PLAB_ASSIGN_STR
#ifdef PLAB_ASSIGN_STR_ONE_ARG
#define PLAB_ASSIGN_STR(dst, src)	__assign_str(dst)
#else
#define PLAB_ASSIGN_STR(dst, src)	__assign_str(dst, src)
#endif
#endif

/*
 * plab_nps_section - one injected section, emitted when it ends.
 * @mode:	the protection (preempt, irq, spin, ...)
 * @cpu, @id:	the section is [start, start + actual_ns) on @cpu; @id counts
 *		the sections of that CPU from 1
 * @requested_ns, @actual_ns: asked and measured length
 * @preempted:	the injecting thread was switched out inside the section
 * @away_ns:	time inside the section spent away from the busy loop (gaps
 *		of more than 20 us: preemption or interrupts)
 * @cut:	the section was stopped early (unload or CPU going offline)
 */
TRACE_EVENT(plab_nps_section,
	    TP_PROTO(const char *mode, unsigned int cpu, u64 id, u64 start,
		     u64 requested_ns, u64 actual_ns, bool preempted,
		     u64 away_ns, bool cut),
	    TP_ARGS(mode, cpu, id, start, requested_ns, actual_ns, preempted,
		    away_ns, cut),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(u64, start)
			     __field(u64, requested_ns)
			     __field(u64, actual_ns)
			     __field(u64, away_ns)
			     __string(mode, mode)
			     __field(unsigned int, cpu)
			     __field(bool, preempted)
			     __field(bool, cut)
	    ),
	    TP_fast_assign(__entry->id = id;
			   __entry->start = start;
			   __entry->requested_ns = requested_ns;
			   __entry->actual_ns = actual_ns;
			   __entry->away_ns = away_ns;
			   PLAB_ASSIGN_STR(mode, mode);
			   __entry->cpu = cpu;
			   __entry->preempted = preempted;
			   __entry->cut = cut;
	    ),
	    TP_printk("mode=%s cpu=%u id=%llu start=%llu requested_ns=%llu actual_ns=%llu preempted=%d away_ns=%llu cut=%d",
		      __get_str(mode), __entry->cpu, __entry->id,
		      __entry->start, __entry->requested_ns,
		      __entry->actual_ns, __entry->preempted,
		      __entry->away_ns, __entry->cut)
);

#endif /* _TRACE_PREEMPTLAB_NPS_H */

#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE preemptlab_nps
#include <trace/define_trace.h>
