/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one clock of the preemptlab modules: every time in every trace event
 * (start, duration), every measured length and every busy wait.
 *
 * It is trace_clock_local(), the raw sched_clock() that stamps the ftrace
 * buffer with its default "local" clock, so that an event's start lines up
 * with the buffer's own timestamps on every CPU without any offset. Not
 * local_clock(): without a stable TSC (QEMU TCG) it is clamped to the last
 * tick plus one tick, drifts from the buffer's clock per CPU, and stops
 * advancing with interrupts off (a busy wait on it would never end).
 */
#ifndef _PLAB_CLOCK_H
#define _PLAB_CLOCK_H

#include <linux/trace_clock.h>
#include <linux/types.h>

static inline u64 plab_clock_ns(void)
{
	return trace_clock_local();
}

#endif /* _PLAB_CLOCK_H */
