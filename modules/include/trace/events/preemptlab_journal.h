/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the journaling-style workload (plab_journal), in the
 * preemptlab system shared by all preemptlab modules. Times are u64
 * nanoseconds on the trace_clock_local() timeline (the "local" trace clock).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM preemptlab

#if !defined(_TRACE_PREEMPTLAB_JOURNAL_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_PREEMPTLAB_JOURNAL_H

#include <linux/tracepoint.h>

/*
 * plab_journal_commit - one commit, emitted when its I/O is over.
 * @id:		commit id, global across writers, from 1 (the journal order)
 * @cpu, @writer: where the writer ran at the end, and its index
 * @start:	the writer asked for the lock; the phases follow back to back:
 *		[start, +lock_wait_ns) waiting for the journal lock,
 *		then csum_ns holding it (crc32c and append: CPU work),
 *		then io_ns waiting for the commit's I/O
 * @held_across_io: the lock was held through the I/O (the bad design)
 * @err:	0, or the negative errno of a failed I/O
 * @cut:	the checksum was stopped early (unload or the hard limit)
 */
TRACE_EVENT(plab_journal_commit,
	    TP_PROTO(u64 id, unsigned int cpu, unsigned int writer, u64 start,
		     u64 lock_wait_ns, u64 csum_ns, u64 io_ns,
		     bool held_across_io, int err, bool cut),
	    TP_ARGS(id, cpu, writer, start, lock_wait_ns, csum_ns, io_ns,
		    held_across_io, err, cut),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(u64, start)
			     __field(u64, lock_wait_ns)
			     __field(u64, csum_ns)
			     __field(u64, io_ns)
			     __field(unsigned int, cpu)
			     __field(unsigned int, writer)
			     __field(int, err)
			     __field(bool, held_across_io)
			     __field(bool, cut)
	    ),
	    TP_fast_assign(__entry->id = id;
			   __entry->start = start;
			   __entry->lock_wait_ns = lock_wait_ns;
			   __entry->csum_ns = csum_ns;
			   __entry->io_ns = io_ns;
			   __entry->cpu = cpu;
			   __entry->writer = writer;
			   __entry->err = err;
			   __entry->held_across_io = held_across_io;
			   __entry->cut = cut;
	    ),
	    TP_printk("id=%llu cpu=%u writer=%u start=%llu lock_wait_ns=%llu csum_ns=%llu io_ns=%llu held_across_io=%d err=%d cut=%d",
		      __entry->id, __entry->cpu, __entry->writer,
		      __entry->start, __entry->lock_wait_ns, __entry->csum_ns,
		      __entry->io_ns, __entry->held_across_io, __entry->err,
		      __entry->cut)
);

#endif /* _TRACE_PREEMPTLAB_JOURNAL_H */

#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE preemptlab_journal
#include <trace/define_trace.h>
