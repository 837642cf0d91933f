// SPDX-License-Identifier: GPL-2.0
/*
 * plab_probe: the per-CPU measurement loop. A hard-IRQ hrtimer fires on
 * absolute periods and wakes a SCHED_FIFO kthread bound to the same CPU;
 * the handler measures IRQ latency and the thread measures thread latency.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hardirq.h>
#include <asm/irq_regs.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ptrace.h>
#include <linux/string.h>
#include <plab/clock.h>
#include "probe.h"

#define CREATE_TRACE_POINTS
#include <preemptlab_probe.h>

DEFINE_PER_CPU(struct probe_cpu, probe_cpu);

/*
 * Called from the timer handler: current and preempt_count() still describe
 * the interrupted context, minus the hardirq we are in. On PREEMPT_RT the
 * softirq count lives in the task, so merge softirq_count() in explicitly.
 */
static void probe_ctx_snapshot(struct probe_ctx *ctx)
{
	struct pt_regs *regs = get_irq_regs();
	unsigned int count = preempt_count() - HARDIRQ_OFFSET;

	ctx->pid = current->pid;
	ctx->count = (count & ~SOFTIRQ_MASK) | softirq_count();
	ctx->user = regs && user_mode(regs);
	/* Racy against a concurrent rename, like the sched events' comm. */
	if (plab_param_uint_get(&probe_cfg.threshold_us))
		memcpy(ctx->comm, current->comm, TASK_COMM_LEN);
}

static enum hrtimer_restart probe_timer_fn(struct hrtimer *timer)
{
	struct probe_cpu *pc = container_of(timer, struct probe_cpu, timer);
	ktime_t now = hrtimer_cb_get_time(timer);

	pc->irq_ns = ktime_to_ns(ktime_sub(now, pc->expected));
	probe_ctx_snapshot(&pc->ctx);
	/* Publish the sample before the wakeup makes the thread look at it. */
	smp_store_release(&pc->fired, true);
	wake_up_process(pc->waiter);
	return HRTIMER_NORESTART;
}

/*
 * Arm the timer for the next absolute period and sleep until it fires.
 * Periods that are already over are skipped and counted, so the phase
 * never drifts. Returns false when the thread must stop.
 */
static bool probe_wait_next_period(struct probe_cpu *pc)
{
	u64 period_ns = (u64)plab_param_uint_get(&probe_cfg.period_us) *
			NSEC_PER_USEC;
	ktime_t now = ktime_get();
	ktime_t next;
	u64 skip = 0;

	if (pc->expected)
		next = ktime_add_ns(pc->expected, period_ns);
	else
		next = ktime_add_ns(now, period_ns);
	if (ktime_compare(next, now) <= 0) {
		skip = div64_u64(ktime_to_ns(ktime_sub(now, next)), period_ns) + 1;
		next = ktime_add_ns(next, skip * period_ns);
	}
	pc->expected = next;
	pc->missed_now = min_t(u64, skip, UINT_MAX);
	WRITE_ONCE(pc->fired, false);
	hrtimer_start(&pc->timer, next, HRTIMER_MODE_ABS_PINNED_HARD);

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		/* Pairs with the release in the handler: irq_ns, ctx are set. */
		if (smp_load_acquire(&pc->fired))
			break;
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			return false;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return true;
}

/*
 * Whether interrupts held the sample off. A hard interrupt is taken only
 * with interrupts enabled, so the interrupted registers never show them
 * off; what does is the timer interrupt itself coming late, for most of
 * the thread latency, into a kernel task: it runs at the first instruction
 * after that task turned interrupts back on. User mode cannot turn them
 * off, and an idle CPU that answers late was waking from a deep C-state
 * (or, under an emulator, was not run by the host).
 */
static bool probe_irqs_held_off(const struct probe_ctx *ctx, u64 irq_ns,
				u64 thread_ns)
{
	return 2 * irq_ns >= thread_ns && ctx->pid && !ctx->user;
}

static void probe_threshold_hit(struct probe_cpu *pc, u64 irq_ns,
				u64 thread_ns)
{
	struct probe_ctx *ctx = &pc->ctx;

	trace_plab_latency_cause(pc->cpu, pc->seq, irq_ns, thread_ns,
				 ctx->comm, ctx->pid, ctx->count,
				 probe_irqs_held_off(ctx, irq_ns, thread_ns),
				 ctx->user);

	if (READ_ONCE(probe_cfg.stop_tracing) &&
	    !atomic_xchg(&probe_cfg.tracing_stopped, 1)) {
		tracing_off();
		pr_info("stop_tracing: CPU %u seq %llu thread latency %llu ns over threshold_us=%u, tracing off\n",
			pc->cpu, pc->seq, thread_ns,
			plab_param_uint_get(&probe_cfg.threshold_us));
	}
}

static u64 probe_delta_ns(struct probe_cpu *pc, s64 delta)
{
	if (likely(delta >= 0))
		return delta;
	/* Cannot happen with one clock; make it visible in the output. */
	pc->bogus++;
	return 0;
}

/*
 * @now: CLOCK_MONOTONIC at wakeup, against the timer's expiry; @now_ns:
 * plab_clock_ns() read right with it, for the event's start.
 */
static void probe_sample_record(struct probe_cpu *pc, ktime_t now, u64 now_ns)
{
	u64 threshold_ns = (u64)plab_param_uint_get(&probe_cfg.threshold_us) *
			   NSEC_PER_USEC;
	u64 thread_ns, irq_ns;

	thread_ns = probe_delta_ns(pc, ktime_to_ns(ktime_sub(now, pc->expected)));
	irq_ns = probe_delta_ns(pc, pc->irq_ns);
	pc->seq++;

	spin_lock(&pc->lock);
	plab_hist_add(&pc->irq_hist, irq_ns);
	plab_hist_add(&pc->thread_hist, thread_ns);
	pc->missed += pc->missed_now;
	if (threshold_ns && thread_ns > threshold_ns)
		pc->hits++;
	spin_unlock(&pc->lock);

	/*
	 * start is on the trace buffer's clock (<plab/clock.h>), read at the
	 * wakeup, not after the histogram update: the analyzer lines the
	 * sample up with the other events by this value.
	 */
	trace_plab_latency(pc->cpu, pc->seq, now_ns - thread_ns,
			   irq_ns, thread_ns, pc->missed_now, pc->ctx.pid,
			   pc->ctx.count);

	if (threshold_ns && thread_ns > threshold_ns)
		probe_threshold_hit(pc, irq_ns, thread_ns);
}

/* Reset the statistics of one CPU; safe against its running thread. */
void probe_cpu_reset(struct probe_cpu *pc)
{
	spin_lock(&pc->lock);
	plab_hist_reset(&pc->irq_hist);
	plab_hist_reset(&pc->thread_hist);
	pc->missed = 0;
	pc->hits = 0;
	pc->bogus = 0;
	spin_unlock(&pc->lock);
}

int probe_thread_fn(void *data)
{
	struct probe_cpu *pc = data;

	pc->waiter = current;
	pc->expected = 0;
	hrtimer_init(&pc->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED_HARD);
	pc->timer.function = probe_timer_fn;

	while (!kthread_should_stop()) {
		if (!READ_ONCE(probe_cfg.enabled)) {
			wait_event_interruptible(probe_cfg.wq,
						 READ_ONCE(probe_cfg.enabled) ||
						 kthread_should_stop());
			/* Start a new phase instead of counting the pause as missed. */
			pc->expected = 0;
			continue;
		}
		if (!probe_wait_next_period(pc))
			break;
		probe_sample_record(pc, ktime_get(), plab_clock_ns());
	}

	/* The timer wakes this task: it must be dead before we return. */
	hrtimer_cancel(&pc->timer);
	return 0;
}
