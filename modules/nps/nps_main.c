// SPDX-License-Identifier: GPL-2.0
/*
 * plab_nps: non-preemptible section injector of the preemptlab suite. On
 * each selected CPU a kthread runs busy sections of a known length under a
 * chosen protection (preempt_disable, irqs off, a lock, ...), periodically
 * or in bursts, and reports each one as the preemptlab:plab_nps_section
 * trace event and in debugfs statistics.
 *
 * This file holds the parameters and their checks, load/unload and CPU
 * hotplug. See Documentation/nps.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <uapi/linux/sched/types.h>
#include <plab/clock.h>
#include <plab/cpulist.h>
#include "nps.h"

struct nps_config nps_cfg = {
	.timing = {
		.duration_us = NPS_DURATION_US_DEFAULT,
		.period_us = NPS_PERIOD_US_DEFAULT,
		.burst = 1,
	},
	.mode_str = "preempt",
	.policy_str = "other",
	.prio = PLAB_PARAM_UINT(0, 0, 99),
	.start_delay_ms = PLAB_PARAM_UINT(0, 0, NPS_START_DELAY_MS_MAX),
	.count = PLAB_PARAM_UINT(0, 0, UINT_MAX),
	.contention = PLAB_PARAM_UINT(0, 0, NPS_CONTENTION_MAX),
	.seed = 1,
	.enabled = true,
	.lock = __SPIN_LOCK_UNLOCKED(nps_cfg.lock),
	.control_lock = __MUTEX_INITIALIZER(nps_cfg.control_lock),
	.gen = ATOMIC_INIT(0),
	.wq = __WAIT_QUEUE_HEAD_INITIALIZER(nps_cfg.wq),
};

DEFINE_PER_CPU(struct nps_cpu, nps_cpu);

/*
 * The timing parameters stay writable once loaded: a write is range
 * checked, then checked with the others as a whole (caps, duty cycle)
 * under nps_cfg.lock, where the threads read them once per period.
 */
struct nps_tparam {
	size_t off;
	unsigned int min, max;
};

#define NPS_TPARAM(field, lo, hi)					\
	static struct nps_tparam nps_tp_##field = {		\
		.off = offsetof(struct nps_timing, field),		\
		.min = (lo), .max = (hi) }

NPS_TPARAM(duration_us, 1, NPS_DURATION_US_MAX);
NPS_TPARAM(period_us, NPS_PERIOD_US_MIN, NPS_PERIOD_US_MAX);
NPS_TPARAM(burst, 1, NPS_BURST_MAX);
NPS_TPARAM(jitter_us, 0, NPS_DURATION_US_MAX - 1);
NPS_TPARAM(resched_every_us, 0, NPS_DURATION_US_MAX);

static unsigned int *nps_tfield(struct nps_timing *t, const struct nps_tparam *tp)
{
	return (unsigned int *)((char *)t + tp->off);
}

/* The longest section allowed: the cap of the non-preemptible modes. */
unsigned int nps_cap_us(void)
{
	if (nps_cfg.atomic && !nps_cfg.unsafe)
		return NPS_CAP_US_DEFAULT;
	return NPS_DURATION_US_MAX;
}

/*
 * Cross-parameter checks of the timing; one message naming what failed.
 * Caller holds nps_cfg.lock, so that what is checked is what is published.
 */
static int nps_timing_check(const struct nps_timing *t)
{
	const char *mode = nps_mode_name(nps_cfg.mode);
	unsigned int cap = nps_cap_us();
	u64 longest = (u64)t->duration_us + t->jitter_us;

	lockdep_assert_held(&nps_cfg.lock);
	if (t->jitter_us >= t->duration_us) {
		pr_err("jitter_us=%u: must be below duration_us=%u (lengths are duration_us +/- jitter_us)\n",
		       t->jitter_us, t->duration_us);
		return -EINVAL;
	}
	if (t->resched_every_us && nps_cfg.mode != NPS_MODE_NONE) {
		pr_err("resched_every_us=%u: only with mode=none, not mode=%s\n",
		       t->resched_every_us, mode);
		return -EINVAL;
	}
	if (t->resched_every_us > t->duration_us) {
		pr_err("resched_every_us=%u: range 0..duration_us (%u)\n",
		       t->resched_every_us, t->duration_us);
		return -EINVAL;
	}
	if (nps_cfg.atomic && longest > cap) {
		pr_err("duration_us + jitter_us = %llu: refused for non-preemptible mode=%s above %u us%s\n",
		       longest, mode, cap,
		       nps_cfg.unsafe ? " (hard limit)" : " without unsafe=1");
		return -EINVAL;
	}
	/*
	 * A SCHED_FIFO holder keeps the CPU from every SCHED_OTHER task
	 * (per-CPU kworkers, ksoftirqd, cpuhp) for a whole burst, preemptible
	 * section or not: the same bound as the non-preemptible modes.
	 */
	if ((nps_cfg.atomic || nps_cfg.fifo) && t->burst * longest * 100 >
	    (u64)t->period_us * NPS_DUTY_PCT_MAX) {
		pr_err("burst * (duration_us + jitter_us) / period_us = %u * %llu / %u: refused for %s%s above a %u%% duty cycle\n",
		       t->burst, longest, t->period_us,
		       nps_cfg.atomic ? "non-preemptible mode=" : "policy=fifo",
		       nps_cfg.atomic ? mode : "", NPS_DUTY_PCT_MAX);
		return -EINVAL;
	}
	return 0;
}

static int nps_tparam_set(const char *buf, const struct kernel_param *kp)
{
	const struct nps_tparam *tp = kp->arg;
	struct nps_timing t;
	unsigned int v;
	int ret = 0;

	/* Base 10, as plab_param_uint_set(). */
	if (kstrtouint(buf, 10, &v) || v < tp->min || v > tp->max) {
		pr_err("%s: invalid value '%.*s', range %u..%u\n", kp->name,
		       (int)strcspn(buf, "\n"), buf, tp->min, tp->max);
		return -EINVAL;
	}
	spin_lock(&nps_cfg.lock);
	t = nps_cfg.timing;
	*nps_tfield(&t, tp) = v;
	/*
	 * Before init, the other parameters may not be set yet: nps_init()
	 * checks the timing as a whole under this lock when it sets live.
	 */
	if (nps_cfg.live)
		ret = nps_timing_check(&t);
	if (!ret)
		nps_cfg.timing = t;
	spin_unlock(&nps_cfg.lock);
	return ret;
}

static int nps_tparam_get(char *buf, const struct kernel_param *kp)
{
	const struct nps_tparam *tp = kp->arg;
	unsigned int v;

	spin_lock(&nps_cfg.lock);
	v = *nps_tfield(&nps_cfg.timing, tp);
	spin_unlock(&nps_cfg.lock);
	return sysfs_emit(buf, "%u\n", v);
}

static const struct kernel_param_ops nps_tparam_ops = {
	.set = nps_tparam_set,
	.get = nps_tparam_get,
};

void nps_timing_get(struct nps_timing *t)
{
	spin_lock(&nps_cfg.lock);
	*t = nps_cfg.timing;
	spin_unlock(&nps_cfg.lock);
}

module_param_string(mode, nps_cfg.mode_str, sizeof(nps_cfg.mode_str), 0444);
MODULE_PARM_DESC(mode, "Protection of the section: preempt, irq, bh, raw_spin, spin, rwlock_read, rwlock_write, mutex, rcu, migrate or none (default preempt)");

module_param_cb(duration_us, &nps_tparam_ops, &nps_tp_duration_us, 0600);
MODULE_PARM_DESC(duration_us, "Section length in microseconds, 1..1000000; non-preemptible modes at most 100000 without unsafe=1 (default 1000); live");

module_param_cb(period_us, &nps_tparam_ops, &nps_tp_period_us, 0600);
MODULE_PARM_DESC(period_us, "Period of the bursts in microseconds, 100..10000000; non-preemptible modes busy at most 90% of it (default 100000); live");

module_param_cb(burst, &nps_tparam_ops, &nps_tp_burst, 0600);
MODULE_PARM_DESC(burst, "Sections back to back per period, 1..100 (default 1); live");

module_param_cb(jitter_us, &nps_tparam_ops, &nps_tp_jitter_us, 0600);
MODULE_PARM_DESC(jitter_us, "Random spread in microseconds: lengths duration_us +/- jitter_us, start 0..jitter_us into the period; below duration_us (default 0); live");

module_param_cb(resched_every_us, &nps_tparam_ops, &nps_tp_resched_every_us,
		0600);
MODULE_PARM_DESC(resched_every_us, "mode=none only: a cond_resched() every so many microseconds, 0 none (default 0); live");

module_param_named(seed, nps_cfg.seed, ulong, 0444);
MODULE_PARM_DESC(seed, "Seed of the pseudo-random jitter, same seed same sequence per CPU (default 1)");

module_param_string(cpus, nps_cfg.cpus_str, sizeof(nps_cfg.cpus_str), 0444);
MODULE_PARM_DESC(cpus, "CPUs to run sections on, kernel list syntax such as 1,3-4 (default: all online)");

module_param_cb(start_delay_ms, &plab_param_uint_ops, &nps_cfg.start_delay_ms,
		0444);
MODULE_PARM_DESC(start_delay_ms, "Delay before the first section in milliseconds, 0..600000 (default 0)");

module_param_cb(count, &plab_param_uint_ops, &nps_cfg.count, 0444);
MODULE_PARM_DESC(count, "Sections per CPU and run, 0 until stopped (default 0)");

module_param_string(policy, nps_cfg.policy_str, sizeof(nps_cfg.policy_str),
		    0444);
MODULE_PARM_DESC(policy, "Scheduling policy of the section threads: other or fifo (default other)");

module_param_cb(prio, &plab_param_uint_ops, &nps_cfg.prio, 0444);
MODULE_PARM_DESC(prio, "SCHED_FIFO priority with policy=fifo, 1..99; 0 with policy=other (default 0)");

module_param_cb(contention, &plab_param_uint_ops, &nps_cfg.contention, 0444);
MODULE_PARM_DESC(contention, "Waiter threads per CPU taking the section's lock (lock modes only), 0..8 (default 0)");

module_param_named(unsafe, nps_cfg.unsafe, bool, 0444);
MODULE_PARM_DESC(unsafe, "Allow non-preemptible sections up to 1 s instead of 100 ms (default 0)");

static int nps_enabled_set(const char *val, const struct kernel_param *kp)
{
	bool on;

	if (kstrtobool(val ? val : "1", &on)) {
		pr_err("%s: invalid value, expected 0 or 1\n", kp->name);
		return -EINVAL;
	}
	if (!READ_ONCE(nps_cfg.live)) {
		WRITE_ONCE(nps_cfg.enabled, on);
		return 0;
	}
	if (on)
		nps_control_start();
	else
		nps_control_stop();
	return 0;
}

static const struct kernel_param_ops nps_enabled_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = nps_enabled_set,
	.get = param_get_bool,
};

module_param_cb(enabled, &nps_enabled_ops, &nps_cfg.enabled, 0600);
MODULE_PARM_DESC(enabled, "Run sections, 0 or 1; writing 1 starts a new run (default 1); live");

/* Serialised with each other; the threads see the flag and the gen. */
void nps_control_start(void)
{
	mutex_lock(&nps_cfg.control_lock);
	WRITE_ONCE(nps_cfg.enabled, true);
	atomic_inc(&nps_cfg.gen);
	mutex_unlock(&nps_cfg.control_lock);
	wake_up_all(&nps_cfg.wq);
}

void nps_control_stop(void)
{
	mutex_lock(&nps_cfg.control_lock);
	WRITE_ONCE(nps_cfg.enabled, false);
	mutex_unlock(&nps_cfg.control_lock);
}

static bool nps_mode_is_lock(enum nps_mode mode)
{
	return mode == NPS_MODE_RAW_SPIN || mode == NPS_MODE_SPIN ||
	       mode == NPS_MODE_RWLOCK_READ || mode == NPS_MODE_RWLOCK_WRITE ||
	       mode == NPS_MODE_MUTEX;
}

/*
 * Can a higher-priority task on this CPU preempt the section? Not under
 * preempt/irq/bh/raw_spin, nor under spin/rwlock without PREEMPT_RT, nor
 * anything on the none and voluntary models (a busy loop has no
 * preemption point there).
 */
static bool nps_mode_is_atomic(enum nps_mode mode)
{
	switch (mode) {
	case NPS_MODE_PREEMPT:
	case NPS_MODE_IRQ:
	case NPS_MODE_BH:
	case NPS_MODE_RAW_SPIN:
		return true;
	case NPS_MODE_SPIN:
	case NPS_MODE_RWLOCK_READ:
	case NPS_MODE_RWLOCK_WRITE:
		if (!IS_ENABLED(CONFIG_PREEMPT_RT))
			return true;
		break;
	default:
		break;
	}
	return !preempt_model_preemptible();
}

/* All checks, before any side effect. */
static int nps_config_check(void)
{
	int m;

	for (m = 0; m < NPS_MODE_NR; m++)
		if (sysfs_streq(nps_cfg.mode_str, nps_mode_name(m)))
			break;
	if (m == NPS_MODE_NR) {
		pr_err("mode=%s: unknown, expected preempt, irq, bh, raw_spin, spin, rwlock_read, rwlock_write, mutex, rcu, migrate or none\n",
		       nps_cfg.mode_str);
		return -EINVAL;
	}
	nps_cfg.mode = m;
	nps_cfg.atomic = nps_mode_is_atomic(nps_cfg.mode);

	if (sysfs_streq(nps_cfg.policy_str, "fifo")) {
		nps_cfg.fifo = true;
	} else if (!sysfs_streq(nps_cfg.policy_str, "other")) {
		pr_err("policy=%s: unknown, expected other or fifo\n",
		       nps_cfg.policy_str);
		return -EINVAL;
	}
	if (nps_cfg.fifo && !plab_param_uint_get(&nps_cfg.prio)) {
		pr_err("prio=0: policy=fifo needs prio=1..99\n");
		return -EINVAL;
	}
	if (!nps_cfg.fifo && plab_param_uint_get(&nps_cfg.prio)) {
		pr_err("prio=%u: only with policy=fifo (policy=other needs prio=0)\n",
		       plab_param_uint_get(&nps_cfg.prio));
		return -EINVAL;
	}
	if (plab_param_uint_get(&nps_cfg.contention) &&
	    !nps_mode_is_lock(nps_cfg.mode)) {
		pr_err("contention=%u: needs a lock mode (raw_spin, spin, rwlock_read, rwlock_write, mutex), not mode=%s\n",
		       plab_param_uint_get(&nps_cfg.contention),
		       nps_cfg.mode_str);
		return -EINVAL;
	}
	if (nps_cfg.unsafe && !nps_cfg.atomic)
		pr_warn("unsafe=1 has no effect with preemptible mode=%s\n",
			nps_cfg.mode_str);
	return plab_cpulist_parse("cpus", nps_cfg.cpus_str, nps_cfg.cpus);
}

/*
 * The timing parameters are writable in sysfs before init runs, range
 * checked only: check them as a whole and make later writes cross-check
 * in one critical section, so that no write falls in between.
 */
static int nps_timing_publish(void)
{
	int ret;

	spin_lock(&nps_cfg.lock);
	ret = nps_timing_check(&nps_cfg.timing);
	if (!ret)
		nps_cfg.live = true;
	spin_unlock(&nps_cfg.lock);
	return ret;
}

static int nps_thread_policy_set(struct task_struct *task, unsigned int prio)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_FIFO,
		.sched_priority = prio,
	};

	if (!nps_cfg.fifo) {
		sched_set_normal(task, 0);
		return 0;
	}
	return sched_setattr_nocheck(task, &attr);
}

/* Create a thread bound to @cpu with the section policy (+@boost prio). */
static struct task_struct *nps_thread_create(int (*fn)(void *), void *data,
					     unsigned int cpu,
					     unsigned int boost,
					     const char *name)
{
	unsigned int prio = plab_param_uint_get(&nps_cfg.prio);
	struct task_struct *task;
	int ret;

	task = kthread_create_on_cpu(fn, data, cpu, name);
	if (IS_ERR(task)) {
		pr_err("CPU %u: cannot create a thread (%ld)\n", cpu,
		       PTR_ERR(task));
		return task;
	}
	ret = nps_thread_policy_set(task, min(prio + boost, 99U));
	if (ret) {
		pr_err("CPU %u: cannot set policy=%s prio=%u (%d)\n", cpu,
		       nps_cfg.policy_str, prio, ret);
		kthread_stop(task);
		return ERR_PTR(ret);
	}
	return task;
}

static int nps_cpu_offline(unsigned int cpu)
{
	struct nps_cpu *nc = per_cpu_ptr(&nps_cpu, cpu);
	struct task_struct *task;
	unsigned int i;

	/*
	 * The holder first: its busy loop sees the stop at once and drops the
	 * lock, so no waiter stays blocked behind it. xchg() takes ownership
	 * so that a thread is stopped once.
	 */
	task = xchg(&nc->task, NULL);
	if (task)
		kthread_stop(task);
	for (i = 0; i < NPS_CONTENTION_MAX; i++) {
		task = xchg(&nc->waiter[i], NULL);
		if (task)
			kthread_stop(task);
	}
	return 0;
}

static int nps_cpu_online(unsigned int cpu)
{
	struct nps_cpu *nc = per_cpu_ptr(&nps_cpu, cpu);
	unsigned int i, nr = plab_param_uint_get(&nps_cfg.contention);
	struct task_struct *task;

	if (!cpumask_test_cpu(cpu, nps_cfg.cpus))
		return 0;

	/*
	 * Waiters one priority above the holder, so that they preempt it.
	 * A thread that cannot be made leaves this CPU without sections
	 * (logged by nps_thread_create()); an error here would keep the CPU
	 * from coming online, or fail the load on a CPU not asked for.
	 */
	for (i = 0; i < nr; i++) {
		task = nps_thread_create(nps_waiter_fn, nc, cpu, 1,
					 "plab_nps_w/%u");
		if (IS_ERR(task))
			goto out_offline;
		WRITE_ONCE(nc->waiter[i], task);
		wake_up_process(task);
	}
	task = nps_thread_create(nps_thread_fn, nc, cpu, 0, "plab_nps/%u");
	if (IS_ERR(task))
		goto out_offline;
	WRITE_ONCE(nc->task, task);
	wake_up_process(task);
	return 0;

out_offline:
	nps_cpu_offline(cpu);
	pr_err("CPU %u: no sections on this CPU\n", cpu);
	return 0;
}

void nps_stats_reset(struct nps_cpu *nc)
{
	spin_lock(&nc->stats_lock);
	memset(&nc->stats, 0, sizeof(nc->stats));
	nc->stats.req_min = U64_MAX;
	nc->stats.act_min = U64_MAX;
	spin_unlock(&nc->stats_lock);
}

static void nps_cpus_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct nps_cpu *nc = per_cpu_ptr(&nps_cpu, cpu);

		memset(nc, 0, sizeof(*nc));
		nc->cpu = cpu;
		raw_spin_lock_init(&nc->raw_lock);
		spin_lock_init(&nc->spin_lock);
		rwlock_init(&nc->rwlock);
		mutex_init(&nc->mutex);
		spin_lock_init(&nc->stats_lock);
		nps_stats_reset(nc);
	}
}

static void nps_print_finish(void)
{
	u64 sections = 0, cut = 0, act_max = 0, over_max = 0, preempted = 0;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct nps_stats *s = &per_cpu_ptr(&nps_cpu, cpu)->stats;

		sections += s->sections;
		cut += s->cut;
		preempted += s->preempted;
		act_max = max(act_max, s->act_max);
		over_max = max(over_max, s->over_max);
	}
	pr_info("FINISH in %llu ns: mode=%s sections=%llu cut=%llu preempted=%llu max_actual_ns=%llu max_overshoot_ns=%llu\n",
		plab_clock_ns() - nps_cfg.start_ns, nps_mode_name(nps_cfg.mode),
		sections, cut, preempted, act_max, over_max);
}

static int __init nps_init(void)
{
	struct nps_timing t;
	int ret;

	nps_cfg.start_ns = plab_clock_ns();
	if (!zalloc_cpumask_var(&nps_cfg.cpus, GFP_KERNEL))
		return -ENOMEM;

	ret = nps_config_check();
	if (ret)
		goto out_free_cpumask;

	ret = nps_timing_publish();
	if (ret)
		goto out_free_cpumask;
	nps_cpus_init();

	ret = nps_debugfs_init();
	if (ret)
		goto out_free_cpumask;

	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "preemptlab/nps:online",
				nps_cpu_online, nps_cpu_offline);
	if (ret < 0) {
		pr_err("cannot register the CPU hotplug state (%d)\n", ret);
		goto out_debugfs_exit;
	}
	nps_cfg.hp_state = ret;

	nps_timing_get(&t);
	pr_info("START mode=%s%s cpus=%*pbl duration_us=%u period_us=%u burst=%u jitter_us=%u seed=%lu resched_every_us=%u start_delay_ms=%u count=%u policy=%s prio=%u contention=%u unsafe=%d enabled=%d model=%s\n",
		nps_mode_name(nps_cfg.mode),
		nps_cfg.atomic ? " (non-preemptible)" : " (preemptible)",
		cpumask_pr_args(nps_cfg.cpus), t.duration_us, t.period_us,
		t.burst, t.jitter_us, nps_cfg.seed, t.resched_every_us,
		plab_param_uint_get(&nps_cfg.start_delay_ms),
		plab_param_uint_get(&nps_cfg.count), nps_cfg.policy_str,
		plab_param_uint_get(&nps_cfg.prio),
		plab_param_uint_get(&nps_cfg.contention), nps_cfg.unsafe,
		READ_ONCE(nps_cfg.enabled),
		preempt_model_rt() ? "rt" : preempt_model_full() ? "full" :
		preempt_model_voluntary() ? "voluntary" : "none");
	return 0;

out_debugfs_exit:
	nps_debugfs_exit();
out_free_cpumask:
	free_cpumask_var(nps_cfg.cpus);
	return ret;
}

static void __exit nps_exit(void)
{
	/*
	 * First every holder ends its section and burst and waits, on all
	 * CPUs at once (as trace_osnoise's stop flag): cpuhp/N, SCHED_OTHER,
	 * then gets its CPU at once to stop the threads, instead of between
	 * two bursts of a FIFO holder, one CPU after another.
	 */
	WRITE_ONCE(nps_cfg.stopping, true);
	/* Stops every holder and waiter; none holds a lock afterwards. */
	cpuhp_remove_state(nps_cfg.hp_state);
	/* Waits for open readers and writers of the files to finish. */
	nps_debugfs_exit();
	nps_print_finish();
	free_cpumask_var(nps_cfg.cpus);
}

module_init(nps_init);
module_exit(nps_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("preemptlab: non-preemptible section injector (preempt, irq, bh, locks, rcu, migrate)");
