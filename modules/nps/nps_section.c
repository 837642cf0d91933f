// SPDX-License-Identifier: GPL-2.0
/*
 * plab_nps: the sections themselves. Per-CPU holder threads run busy
 * sections under the chosen protection on a period; optional waiter
 * threads take the same lock to create contention.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bottom_half.h>
#include <linux/hrtimer.h>
#include <linux/irqflags.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <plab/clock.h>
#include "nps.h"

#define CREATE_TRACE_POINTS
#include <preemptlab_nps.h>

static const char * const nps_mode_names[NPS_MODE_NR] = {
	[NPS_MODE_PREEMPT]	= "preempt",
	[NPS_MODE_IRQ]		= "irq",
	[NPS_MODE_BH]		= "bh",
	[NPS_MODE_RAW_SPIN]	= "raw_spin",
	[NPS_MODE_SPIN]		= "spin",
	[NPS_MODE_RWLOCK_READ]	= "rwlock_read",
	[NPS_MODE_RWLOCK_WRITE]	= "rwlock_write",
	[NPS_MODE_MUTEX]	= "mutex",
	[NPS_MODE_RCU]		= "rcu",
	[NPS_MODE_MIGRATE]	= "migrate",
	[NPS_MODE_NONE]		= "none",
};

const char *nps_mode_name(enum nps_mode mode)
{
	return mode < NPS_MODE_NR ? nps_mode_names[mode] : "?";
}

/* The thread must stop (CPU going down) or the module is unloading. */
static bool nps_should_stop(void)
{
	return kthread_should_stop() || READ_ONCE(nps_cfg.stopping);
}

/*
 * Spin for @ns on plab_clock_ns(), calling cond_resched() every @resched_ns
 * when it is not 0. Stops early when the thread is asked to stop. Loop
 * gaps longer than NPS_GAP_NS (the CPU was taken away: an interrupt or a
 * preemption) are summed in @res->away_ns.
 *
 * Not local_clock(): without a stable TSC (QEMU TCG) it is clamped to the
 * last tick plus one tick, so it stops advancing with interrupts off and
 * an irq section would never end (see <plab/clock.h>).
 */
static void nps_busy(u64 ns, u64 resched_ns, struct nps_result *res)
{
	u64 start = plab_clock_ns();
	u64 now = start, prev;
	u64 next_resched = start + resched_ns;

	while (now - start < ns) {
		if (nps_should_stop()) {
			res->cut = true;
			break;
		}
		if (resched_ns && now >= next_resched) {
			cond_resched();
			next_resched = now + resched_ns;
		}
		cpu_relax();
		prev = now;
		now = plab_clock_ns();
		if (now - prev > NPS_GAP_NS)
			res->away_ns += now - prev;
	}
	res->start = start;
	res->actual_ns = now - start;
}

static void nps_enter(struct nps_cpu *nc, enum nps_mode mode)
{
	switch (mode) {
	case NPS_MODE_PREEMPT:
		preempt_disable();
		break;
	case NPS_MODE_IRQ:
		local_irq_disable();
		break;
	case NPS_MODE_BH:
		local_bh_disable();
		break;
	case NPS_MODE_RAW_SPIN:
		raw_spin_lock(&nc->raw_lock);
		break;
	case NPS_MODE_SPIN:
		spin_lock(&nc->spin_lock);
		break;
	case NPS_MODE_RWLOCK_READ:
		read_lock(&nc->rwlock);
		break;
	case NPS_MODE_RWLOCK_WRITE:
		write_lock(&nc->rwlock);
		break;
	case NPS_MODE_MUTEX:
		mutex_lock(&nc->mutex);
		break;
	case NPS_MODE_RCU:
		rcu_read_lock();
		break;
	case NPS_MODE_MIGRATE:
		migrate_disable();
		break;
	case NPS_MODE_NONE:
	case NPS_MODE_NR:
		break;
	}
}

static void nps_exit(struct nps_cpu *nc, enum nps_mode mode)
{
	switch (mode) {
	case NPS_MODE_PREEMPT:
		preempt_enable();
		break;
	case NPS_MODE_IRQ:
		local_irq_enable();
		break;
	case NPS_MODE_BH:
		local_bh_enable();
		break;
	case NPS_MODE_RAW_SPIN:
		raw_spin_unlock(&nc->raw_lock);
		break;
	case NPS_MODE_SPIN:
		spin_unlock(&nc->spin_lock);
		break;
	case NPS_MODE_RWLOCK_READ:
		read_unlock(&nc->rwlock);
		break;
	case NPS_MODE_RWLOCK_WRITE:
		write_unlock(&nc->rwlock);
		break;
	case NPS_MODE_MUTEX:
		mutex_unlock(&nc->mutex);
		break;
	case NPS_MODE_RCU:
		rcu_read_unlock();
		break;
	case NPS_MODE_MIGRATE:
		migrate_enable();
		break;
	case NPS_MODE_NONE:
	case NPS_MODE_NR:
		break;
	}
}

/* Run one section of @ns under @mode on the current CPU. */
void nps_section_run(struct nps_cpu *nc, enum nps_mode mode, u64 ns,
		     u64 resched_ns, struct nps_result *res)
{
	unsigned long switches;

	memset(res, 0, sizeof(*res));
	nps_enter(nc, mode);
	/* Counted once the lock is held: waiting for it is not the section. */
	switches = current->nvcsw + current->nivcsw;
	nps_busy(ns, resched_ns, res);
	res->preempted = current->nvcsw + current->nivcsw != switches;
	nps_exit(nc, mode);
}

/* The waiters take the lock the holder does not share with them. */
static void nps_waiter_take(struct nps_cpu *nc, enum nps_mode mode)
{
	if (mode == NPS_MODE_RWLOCK_READ)
		write_lock(&nc->rwlock);
	else if (mode == NPS_MODE_RWLOCK_WRITE)
		read_lock(&nc->rwlock);
	else
		nps_enter(nc, mode);
}

static void nps_waiter_release(struct nps_cpu *nc, enum nps_mode mode)
{
	if (mode == NPS_MODE_RWLOCK_READ)
		write_unlock(&nc->rwlock);
	else if (mode == NPS_MODE_RWLOCK_WRITE)
		read_unlock(&nc->rwlock);
	else
		nps_exit(nc, mode);
}

/* Sleep until @t (CLOCK_MONOTONIC); kthread_stop() wakes us early. */
static void nps_sleep_until(ktime_t t)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (kthread_should_stop()) {
		__set_current_state(TASK_RUNNING);
		return;
	}
	schedule_hrtimeout(&t, HRTIMER_MODE_ABS);
}

/*
 * Wait while sections are disabled, and from the start of an unload until
 * kthread_stop(); false when the thread must stop.
 */
static bool nps_wait_enabled(void)
{
	wait_event_interruptible(nps_cfg.wq,
				 (READ_ONCE(nps_cfg.enabled) &&
				  !READ_ONCE(nps_cfg.stopping)) ||
				 kthread_should_stop());
	return !kthread_should_stop();
}

int nps_waiter_fn(void *data)
{
	struct nps_cpu *nc = data;
	enum nps_mode mode = nps_cfg.mode;
	u64 t0, wait;

	while (!kthread_should_stop()) {
		if (!nps_wait_enabled())
			break;
		t0 = plab_clock_ns();
		nps_waiter_take(nc, mode);
		wait = plab_clock_ns() - t0;
		nps_waiter_release(nc, mode);

		spin_lock(&nc->stats_lock);
		nc->stats.waits++;
		nc->stats.wait_max = max(nc->stats.wait_max, wait);
		spin_unlock(&nc->stats_lock);

		nps_sleep_until(ktime_add_us(ktime_get(), NPS_WAITER_GAP_US));
	}
	return 0;
}

static u64 nps_rand(struct nps_cpu *nc)
{
	u64 x = nc->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	nc->rng = x;
	return x;
}

/* Reproducible per CPU for a given seed; xorshift state must not be 0. */
static void nps_rand_seed(struct nps_cpu *nc)
{
	nc->rng = (nps_cfg.seed ^ (0x9e3779b97f4a7c15ULL * (nc->cpu + 1))) | 1;
}

/* Uniform in [0, n]. */
static u64 nps_rand_upto(struct nps_cpu *nc, u64 n)
{
	u64 rem;

	if (!n)
		return 0;
	div64_u64_rem(nps_rand(nc), n + 1, &rem);
	return rem;
}

static void nps_record(struct nps_cpu *nc, u64 req, const struct nps_result *r)
{
	struct nps_stats *s = &nc->stats;
	u64 over = r->actual_ns > req ? r->actual_ns - req : 0;

	spin_lock(&nc->stats_lock);
	if (r->cut) {
		s->cut++;
		spin_unlock(&nc->stats_lock);
		return;
	}
	s->sections++;
	s->req_min = min(s->req_min, req);
	s->req_max = max(s->req_max, req);
	s->req_sum += req;
	s->act_min = min(s->act_min, r->actual_ns);
	s->act_max = max(s->act_max, r->actual_ns);
	s->act_sum += r->actual_ns;
	s->over_max = max(s->over_max, over);
	s->over_sum += over;
	if (r->actual_ns < req)
		s->under++;
	if (r->preempted)
		s->preempted++;
	s->away_max = max(s->away_max, r->away_ns);
	s->away_sum += r->away_ns;
	spin_unlock(&nc->stats_lock);
}

/* Run one burst; returns the number of sections that ran to the end. */
static unsigned int nps_burst_run(struct nps_cpu *nc, const struct nps_timing *t,
				  unsigned int left)
{
	enum nps_mode mode = nps_cfg.mode;
	u64 resched_ns = (u64)t->resched_every_us * NSEC_PER_USEC;
	struct nps_result res;
	unsigned int i, done = 0;
	s64 req_us;
	u64 req;

	for (i = 0; i < t->burst && (!left || done < left); i++) {
		if (nps_should_stop() || !READ_ONCE(nps_cfg.enabled))
			break;
		/*
		 * Signed, then clamped: jitter_us < duration_us is checked at
		 * every write, but a length must never wrap whatever the timing.
		 */
		req_us = (s64)t->duration_us - t->jitter_us +
			 (s64)nps_rand_upto(nc, 2ULL * t->jitter_us);
		req_us = clamp_t(s64, req_us, 1, nps_cap_us());
		req = (u64)req_us * NSEC_PER_USEC;
		nps_section_run(nc, mode, req, resched_ns, &res);
		nc->seq++;
		trace_plab_nps_section(nps_mode_name(mode), nc->cpu, nc->seq,
				       res.start, req, res.actual_ns,
				       res.preempted, res.away_ns, res.cut);
		nps_record(nc, req, &res);
		if (!res.cut)
			done++;
	}
	return done;
}

/* The next period start after @next that is not in the past. */
static ktime_t nps_next_period(ktime_t next, unsigned int period_us)
{
	s64 period = (s64)period_us * NSEC_PER_USEC;
	ktime_t now = ktime_get();

	next = ktime_add_ns(next, period);
	if (ktime_before(next, now))
		next = ktime_add_ns(next, (div64_s64(ktime_sub(now, next), period) + 1) *
				    period);
	return next;
}

int nps_thread_fn(void *data)
{
	struct nps_cpu *nc = data;
	unsigned int count = plab_param_uint_get(&nps_cfg.count);
	int gen = atomic_read(&nps_cfg.gen);
	unsigned int done = 0;
	struct nps_timing t;
	ktime_t next;

	nps_rand_seed(nc);
	next = ktime_add_ms(ktime_get(),
			    plab_param_uint_get(&nps_cfg.start_delay_ms));
	nps_sleep_until(next);

	while (!kthread_should_stop()) {
		if (!nps_wait_enabled())
			break;
		if (atomic_read(&nps_cfg.gen) != gen) {
			/* "start": a new run, same pseudo-random sequence. */
			gen = atomic_read(&nps_cfg.gen);
			done = 0;
			nps_rand_seed(nc);
			next = ktime_get();
		}
		if (count && done >= count) {
			wait_event_interruptible(nps_cfg.wq,
						 atomic_read(&nps_cfg.gen) != gen ||
						 kthread_should_stop());
			continue;
		}
		nps_timing_get(&t);
		nps_sleep_until(ktime_add_us(next,
					     nps_rand_upto(nc, t.jitter_us)));
		done += nps_burst_run(nc, &t, count ? count - done : 0);
		next = nps_next_period(next, t.period_us);
		nps_sleep_until(next);
	}
	return 0;
}
