// SPDX-License-Identifier: GPL-2.0
/*
 * plab_softirq: the generator and the accounting of consumed work.
 *
 * A pinned hard-IRQ hrtimer per CPU plays the NIC interrupt: every irq_us
 * it adds the packets that arrived since the last one (rate_pps times the
 * time elapsed, so a late or skipped interrupt brings a bigger burst) to
 * the CPU's bounded ring and kicks the consumer (napi_schedule, a tasklet,
 * a timer). A full ring drops and counts. The ring holds no data: head and
 * tail count packets, as a single-producer single-consumer queue.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <plab/clock.h>
#include "softirq.h"

#define CREATE_TRACE_POINTS
#include <preemptlab_softirq.h>

static enum hrtimer_restart sq_gen_fire(struct hrtimer *timer)
{
	struct sq_cpu *sc = container_of(timer, struct sq_cpu, gen_timer);
	u64 period_ns = (u64)plab_param_uint_get(&sq_cfg.irq_us) * NSEC_PER_USEC;
	u64 rate = plab_param_uint_get(&sq_cfg.rate_pps);
	u64 ring = plab_param_uint_get(&sq_cfg.ring_size);
	u64 now = ktime_to_ns(hrtimer_cb_get_time(timer));
	unsigned long head = sc->head;
	u64 due, n, room, accepted;

	due = mul_u64_u64_div_u64(rate, now - sc->gen_t0_ns, NSEC_PER_SEC);
	n = due - sc->gen_due;
	sc->gen_due = due;
	/* Disabled: nothing arrives, and nothing piles up for later. */
	if (!READ_ONCE(sq_cfg.enabled))
		n = 0;

	/*
	 * Pairs with the consumer's release of tail: a slot is reused only
	 * after its work is done. tail only grows, so room is never
	 * overestimated.
	 */
	room = ring - (head - smp_load_acquire(&sc->tail));
	accepted = min(n, room);
	/* Pairs with the consumer's acquire of head. */
	smp_store_release(&sc->head, head + (unsigned long)accepted);
	sc->received += n;
	sc->dropped += n - accepted;
	sc->irqs++;

	if (sc->head != READ_ONCE(sc->tail)) {
		if (sq_cfg.source == SQ_SRC_NAPI)
			sq_napi_kick(sc);
		else
			sq_storm_kick(sc);
	}

	hrtimer_forward_now(timer, ns_to_ktime(period_ns));
	return HRTIMER_RESTART;
}

void sq_gen_init(struct sq_cpu *sc)
{
	hrtimer_init(&sc->gen_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_ABS_PINNED_HARD);
	sc->gen_timer.function = sq_gen_fire;
}

/* Called on the CPU itself (hotplug online callback): a new phase. */
void sq_gen_start(struct sq_cpu *sc)
{
	u64 period_ns = (u64)plab_param_uint_get(&sq_cfg.irq_us) * NSEC_PER_USEC;
	ktime_t now = ktime_get();

	sc->gen_t0_ns = ktime_to_ns(now);
	sc->gen_due = 0;
	hrtimer_start(&sc->gen_timer, ktime_add_ns(now, period_ns),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

void sq_gen_stop(struct sq_cpu *sc)
{
	hrtimer_cancel(&sc->gen_timer);
}

unsigned int sq_squeeze(unsigned int cpu)
{
	return READ_ONCE(per_cpu(softnet_data, cpu).time_squeeze);
}

/*
 * Who is running this batch. in_serving_softirq() works on PREEMPT_RT too
 * (the count lives in the task there). ksoftirqd is not exported to
 * modules, so its comm identifies it; a kthread cannot rename itself to it.
 */
static enum sq_ctx sq_ctx_get(void)
{
	if (!in_serving_softirq())
		return SQ_CTX_THREAD;
	if (!strncmp(current->comm, "ksoftirqd/", 10))
		return SQ_CTX_KSOFTIRQD;
	if (!strncmp(current->comm, "ktimers/", 8))
		return SQ_CTX_KTIMERS;
	return SQ_CTX_INLINE;
}

/*
 * Spin for @ns on plab_clock_ns(). Not on local_clock(): with an unstable
 * TSC (common under QEMU) it is clamped to one tick past the last
 * scheduler tick, and a CPU that took an interrupt from nohz idle runs
 * softirqs on irq exit with its tick stopped, so the clock stands still.
 */
static void sq_busy_ns(u64 ns)
{
	u64 start = plab_clock_ns();

	while (plab_clock_ns() - start < ns)
		cpu_relax();
}

/*
 * sq_consume - process up to @budget queued units of @sc, cost_ns each.
 *
 * The caller is the only consumer of @sc at a time (NAPI SCHED bit, tasklet
 * RUN bit, a single timer). Returns the number of units processed.
 */
unsigned int sq_consume(struct sq_cpu *sc, unsigned int budget)
{
	u64 cost = plab_param_uint_get(&sq_cfg.cost_ns);
	unsigned long tail = sc->tail;
	unsigned int done = 0;
	unsigned long head;
	enum sq_ctx ctx;
	u64 start, dur;

	/* Pairs with the generator's release of head. */
	head = smp_load_acquire(&sc->head);
	/* The event's start and duration on the clock of the trace buffer. */
	start = plab_clock_ns();
	while (done < budget && tail != head) {
		sq_busy_ns(cost);
		tail++;
		done++;
	}
	/* Give the slots back only once the work is done. */
	smp_store_release(&sc->tail, tail);
	dur = plab_clock_ns() - start;

	ctx = sq_ctx_get();
	sc->processed += done;
	sc->seq++;
	sc->batches[ctx]++;
	sc->units[ctx] += done;
	sc->busy_ns[ctx] += dur;
	if (dur > sc->max_batch_ns)
		sc->max_batch_ns = dur;
	trace_plab_softirq_batch(sc->cpu, raw_smp_processor_id(), sc->seq,
				 sq_cfg.source, ctx, done, budget,
				 (unsigned int)(READ_ONCE(sc->head) - tail),
				 start, dur);
	return done;
}
