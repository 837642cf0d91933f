/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded busy-waiting on the trace clock, for the preemptlab disturbances.
 * The caller chooses the context (preempt_disable, irqs off, a lock ...);
 * these helpers only spin and measure.
 *
 * The clock is plab_clock_ns() (sched_clock()), not local_clock():
 * without a stable TSC (as under QEMU) local_clock() is clamped to the last
 * tick plus one tick, so with interrupts off it stops and the wait would
 * never end. It is also the clock of trace-cmd's "-C local".
 */
#ifndef _PLAB_BUSY_H
#define _PLAB_BUSY_H

#include <linux/kthread.h>
#include <linux/processor.h>
#include <linux/types.h>
#include <plab/clock.h>

/*
 * plab_busy_wait_ns - spin for @duration_ns on plab_clock_ns().
 * @stoppable: also return early when the calling kthread is asked to stop.
 *
 * Returns the time actually spent, in ns. The caller bounds @duration_ns
 * below the lockup and RCU-stall watchdogs.
 */
static inline u64 plab_busy_wait_ns(u64 duration_ns, bool stoppable)
{
	u64 start = plab_clock_ns();
	u64 now = start;

	while (now - start < duration_ns) {
		if (stoppable && kthread_should_stop())
			break;
		cpu_relax();
		now = plab_clock_ns();
	}
	return now - start;
}

#endif /* _PLAB_BUSY_H */
