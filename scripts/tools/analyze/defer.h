/* SPDX-License-Identifier: GPL-2.0 */
/*
 * irq:softirq_defer (patches/6.1/0002): the kernel gave up handling the
 * pending softirqs inline and woke ksoftirqd. Kernels with the patch have
 * the event, stock kernels do not; everything here is used only when the
 * trace holds it.
 *
 * Each deferral is counted per CPU, reason and pending vector, and named
 * as a cause: at its instant (no share of a sample's time), and on the
 * first ksoftirqd run on its CPU after it, which does the deferred work
 * and takes the share that run has in a sample's window.
 */
#ifndef PLAB_ANALYZE_DEFER_H
#define PLAB_ANALYZE_DEFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEFER_NR_VEC		10	/* NR_SOFTIRQS */

/* enum softirq_defer_reason of the patch, then the ones we do not know. */
enum defer_reason {
	DEFER_TIME_LIMIT,
	DEFER_RESTART_LIMIT,
	DEFER_NEED_RESCHED,
	DEFER_OTHER,
	DEFER_NR_REASONS,
};

/* The fields of one irq:softirq_defer event. */
struct defer_event {
	uint64_t elapsed_ns;	/* 0: not measured */
	uint32_t pending;	/* 1 << vec_nr */
	uint32_t reason;
	uint32_t restarts;
};

struct defer_stats {
	uint64_t count;
	uint64_t reason[DEFER_NR_REASONS];
	/* Deferrals with the vector pending; the last: bits above RCU. */
	uint64_t pending[DEFER_NR_VEC + 1];
	uint64_t max_restarts;
	uint64_t max_elapsed_ns;
};

/* Where ksoftirqd stands on one CPU with respect to the deferrals. */
struct defer_cpu {
	uint32_t waiting;	/* cause id + 1: not yet run for */
	uint32_t running;	/* cause id + 1: the current ksoftirqd run's */
	uint64_t last_key;	/* label cache: reason << 32 | pending */
	uint32_t last_cause;
	bool last_known;
};

struct run;

/* The kernel's names: "HI", ..., "RCU"; NULL out of range. */
const char *defer_vec_name(int vec);
/* "time_limit", "restart_limit", "need_resched", "other". */
const char *defer_reason_name(enum defer_reason reason);
enum defer_reason defer_reason_of(uint32_t reason);
/* "softirq deferred to ksoftirqd (restart_limit, TIMER|NET_RX)". */
void defer_label(char *buf, size_t len, uint32_t reason, uint32_t pending);

/*
 * A deferral at ts on cpu (the CPU that recorded it): count it, name it
 * at its instant and, unless ksoftirqd is the running task already, mark
 * the next ksoftirqd run on the CPU as the deferred work. -1 when the CPU
 * is out of range or memory runs out.
 */
int defer_add(struct run *r, struct defer_cpu *d, int cpu, uint64_t ts,
	      const struct defer_event *ev, bool in_ksoftirqd);

/*
 * sched_switch on the CPU: prev_ksoftirqd when the task that stops is
 * ksoftirqd, next_ksoftirqd when the one that starts is. Returns cause
 * id + 1 when the run that ends was deferred work (its interval takes
 * that cause), else 0.
 */
static inline uint32_t defer_switch(struct defer_cpu *d, bool prev_ksoftirqd,
				    bool next_ksoftirqd)
{
	uint32_t done = prev_ksoftirqd ? d->running : 0;

	d->running = 0;
	if (next_ksoftirqd) {
		d->running = d->waiting;
		d->waiting = 0;
	}
	return done;
}

/* The cause of a softirq that runs now (id + 1), or 0: its usual one. */
static inline uint32_t defer_softirq_cause(const struct defer_cpu *d,
					   bool in_ksoftirqd)
{
	return in_ksoftirqd ? d->running : 0;
}

#endif
