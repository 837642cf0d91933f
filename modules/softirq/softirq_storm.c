// SPDX-License-Identifier: GPL-2.0
/*
 * plab_softirq: the other softirq sources, to compare the vectors. The
 * generator's ring counts callbacks instead of packets; each kick makes the
 * softirq side run one batch of at most weight callbacks of cost_ns each:
 *
 *   tasklet       tasklet_schedule()     TASKLET_SOFTIRQ
 *   tasklet_hi    tasklet_hi_schedule()  HI_SOFTIRQ
 *   timer         a timer_list due now   TIMER_SOFTIRQ (RT: ktimers/N)
 *   hrtimer_soft  a soft-mode hrtimer    HRTIMER_SOFTIRQ (RT: ktimers/N)
 *
 * A batch that leaves work queued re-arms itself (as a driver's tasklet
 * does), so a storm above the capacity of the vector keeps it busy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/timer.h>
#include "softirq.h"

static bool sq_storm_batch(struct sq_cpu *sc)
{
	sq_consume(sc, plab_param_uint_get(&sq_cfg.weight));
	/* Unload: the generator is stopped; do not re-arm. */
	return sc->head != READ_ONCE(sc->tail) && !READ_ONCE(sq_cfg.stopping);
}

static void sq_tasklet_fn(struct tasklet_struct *t)
{
	struct sq_cpu *sc = from_tasklet(sc, t, tasklet);

	if (!sq_storm_batch(sc))
		return;
	if (sq_cfg.source == SQ_SRC_TASKLET_HI)
		tasklet_hi_schedule(t);
	else
		tasklet_schedule(t);
}

static void sq_timer_fn(struct timer_list *t)
{
	struct sq_cpu *sc = from_timer(sc, t, timer);

	/* Due at once: it runs at the next tick's TIMER_SOFTIRQ. */
	if (sq_storm_batch(sc))
		mod_timer(t, jiffies);
}

static enum hrtimer_restart sq_soft_timer_fn(struct hrtimer *t)
{
	struct sq_cpu *sc = container_of(t, struct sq_cpu, soft_timer);

	/*
	 * Due again at once, the next hard interrupt raises HRTIMER_SOFTIRQ.
	 * hrtimer_start() rather than a forward and HRTIMER_RESTART: the
	 * generator may have queued the timer again while this ran.
	 */
	if (sq_storm_batch(sc))
		hrtimer_start(t, 0, HRTIMER_MODE_REL_PINNED_SOFT);
	return HRTIMER_NORESTART;
}

/* From the generator, in hard interrupt context on the flood's CPU. */
void sq_storm_kick(struct sq_cpu *sc)
{
	switch (sq_cfg.source) {
	case SQ_SRC_TASKLET:
		tasklet_schedule(&sc->tasklet);
		break;
	case SQ_SRC_TASKLET_HI:
		tasklet_hi_schedule(&sc->tasklet);
		break;
	case SQ_SRC_TIMER:
		if (!timer_pending(&sc->timer))
			mod_timer(&sc->timer, jiffies);
		break;
	case SQ_SRC_HRTIMER_SOFT:
		if (!hrtimer_is_queued(&sc->soft_timer))
			hrtimer_start(&sc->soft_timer, 0,
				      HRTIMER_MODE_REL_PINNED_SOFT);
		break;
	default:
		break;
	}
}

void sq_storm_init(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, sq_cfg.cpus) {
		struct sq_cpu *sc = per_cpu_ptr(&sq_cpu, cpu);

		tasklet_setup(&sc->tasklet, sq_tasklet_fn);
		timer_setup(&sc->timer, sq_timer_fn, TIMER_PINNED);
		hrtimer_init(&sc->soft_timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL_PINNED_SOFT);
		sc->soft_timer.function = sq_soft_timer_fn;
	}
}

/*
 * The generators are stopped and sq_cfg.stopping is set, so a callback may
 * still run once but re-arms nothing. Each call waits for a running
 * callback and takes a pending one off its queue.
 */
void sq_storm_exit(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, sq_cfg.cpus) {
		struct sq_cpu *sc = per_cpu_ptr(&sq_cpu, cpu);

		tasklet_kill(&sc->tasklet);
		timer_shutdown_sync(&sc->timer);
		hrtimer_cancel(&sc->soft_timer);
	}
}
