// SPDX-License-Identifier: GPL-2.0
/*
 * plab_softirq: softirq flood of the preemptlab suite. A hard-IRQ hrtimer
 * per selected CPU plays a NIC interrupt that queues work for a softirq
 * source (NAPI on a dummy netdev, tasklets, timer_list or soft hrtimers);
 * every batch of work reports where it ran (inline, ksoftirqd, a thread).
 *
 * This file holds the parameters, load/unload and CPU hotplug.
 * See Documentation/softirq.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/string.h>
#include <plab/clock.h>
#include <plab/cpulist.h>
#include "softirq.h"

const char * const sq_source_names[SQ_SRC_NR] = {
	[SQ_SRC_NAPI] = "napi",
	[SQ_SRC_TASKLET] = "tasklet",
	[SQ_SRC_TASKLET_HI] = "tasklet_hi",
	[SQ_SRC_TIMER] = "timer",
	[SQ_SRC_HRTIMER_SOFT] = "hrtimer_soft",
};

const char * const sq_ctx_names[SQ_CTX_NR] = {
	[SQ_CTX_INLINE] = "inline",
	[SQ_CTX_KSOFTIRQD] = "ksoftirqd",
	[SQ_CTX_THREAD] = "thread",
	[SQ_CTX_KTIMERS] = "ktimers",
};

struct sq_config sq_cfg = {
	.rate_pps = PLAB_PARAM_UINT(SQ_RATE_PPS_DEFAULT, 0, SQ_RATE_PPS_MAX),
	.cost_ns = PLAB_PARAM_UINT(SQ_COST_NS_DEFAULT, 0, SQ_COST_NS_MAX),
	.irq_us = PLAB_PARAM_UINT(SQ_IRQ_US_DEFAULT, SQ_IRQ_US_MIN,
				  SQ_IRQ_US_MAX),
	.ring_size = PLAB_PARAM_UINT(SQ_RING_DEFAULT, SQ_RING_MIN, SQ_RING_MAX),
	.weight = PLAB_PARAM_UINT(SQ_WEIGHT_DEFAULT, 1, NAPI_POLL_WEIGHT),
	.source_str = "napi",
	.enabled = true,
};

DEFINE_PER_CPU(struct sq_cpu, sq_cpu);

module_param_string(source, sq_cfg.source_str, sizeof(sq_cfg.source_str),
		    0444);
MODULE_PARM_DESC(source, "Softirq source: napi, tasklet, tasklet_hi, timer or hrtimer_soft (default napi)");

module_param_string(cpus, sq_cfg.cpus_str, sizeof(sq_cfg.cpus_str), 0444);
MODULE_PARM_DESC(cpus, "CPUs to flood, kernel list syntax such as 0,2-3 (default: CPU 1, or CPU 0 when 1 is offline)");

module_param_cb(rate_pps, &plab_param_uint_ops, &sq_cfg.rate_pps, 0444);
MODULE_PARM_DESC(rate_pps, "Packets (or callbacks) per second and CPU, 0..2000000 (default 10000)");

module_param_cb(cost_ns, &plab_param_uint_ops, &sq_cfg.cost_ns, 0444);
MODULE_PARM_DESC(cost_ns, "Busy time per packet or callback in nanoseconds, 0..100000 (default 1000)");

module_param_cb(irq_us, &plab_param_uint_ops, &sq_cfg.irq_us, 0444);
MODULE_PARM_DESC(irq_us, "Period of the hard-IRQ timer that queues the arrivals, in microseconds, 50..100000 (default 1000)");

module_param_cb(ring_size, &plab_param_uint_ops, &sq_cfg.ring_size, 0444);
MODULE_PARM_DESC(ring_size, "Per-CPU receive ring in packets; a full ring drops, 1..65536 (default 1024)");

module_param_cb(weight, &plab_param_uint_ops, &sq_cfg.weight, 0444);
MODULE_PARM_DESC(weight, "NAPI weight, and the batch of the other sources, 1..64 (default 64)");

module_param_named(threaded, sq_cfg.threaded, bool, 0444);
MODULE_PARM_DESC(threaded, "Threaded NAPI (napi/<dev>-<id> kthreads), source=napi only (default 0)");

module_param_named(unsafe, sq_cfg.unsafe, bool, 0444);
MODULE_PARM_DESC(unsafe, "Allow rate_pps x cost_ns above 90% of one CPU, up to 400% (default 0)");

static int sq_source_parse(void)
{
	int i;

	for (i = 0; i < SQ_SRC_NR; i++) {
		if (sysfs_streq(sq_cfg.source_str, sq_source_names[i])) {
			sq_cfg.source = i;
			return 0;
		}
	}
	pr_err("source=%s: unknown, expected napi, tasklet, tasklet_hi, timer or hrtimer_soft\n",
	       sq_cfg.source_str);
	return -EINVAL;
}

static int sq_cpus_parse(void)
{
	if (!sq_cfg.cpus_str[0]) {
		cpumask_clear(sq_cfg.cpus);
		cpumask_set_cpu(cpu_online(1) ? 1 : 0, sq_cfg.cpus);
		return 0;
	}
	return plab_cpulist_parse("cpus", sq_cfg.cpus_str, sq_cfg.cpus);
}

/* Cross-parameter checks, before any side effect. */
static int sq_params_check(void)
{
	u64 rate = plab_param_uint_get(&sq_cfg.rate_pps);
	u64 cost = plab_param_uint_get(&sq_cfg.cost_ns);
	u64 pct = div_u64(rate * cost, NSEC_PER_SEC / 100);
	int ret;

	ret = sq_source_parse();
	if (ret)
		return ret;
	if (sq_cfg.threaded && sq_cfg.source != SQ_SRC_NAPI) {
		pr_err("threaded=1: only with source=napi (source=%s)\n",
		       sq_source_names[sq_cfg.source]);
		return -EINVAL;
	}
	if (pct > SQ_LOAD_PCT_UNSAFE ||
	    (pct > SQ_LOAD_PCT_SAFE && !sq_cfg.unsafe)) {
		pr_err("rate_pps=%llu x cost_ns=%llu is %llu%% of a CPU: refused above %u%% (unsafe=1 allows up to %u%%)\n",
		       rate, cost, pct, SQ_LOAD_PCT_SAFE, SQ_LOAD_PCT_UNSAFE);
		return -EINVAL;
	}
	return sq_cpus_parse();
}

static int sq_cpu_online(unsigned int cpu)
{
	if (cpumask_test_cpu(cpu, sq_cfg.cpus))
		sq_gen_start(per_cpu_ptr(&sq_cpu, cpu));
	return 0;
}

static int sq_cpu_offline(unsigned int cpu)
{
	/* Queued work stays: the kernel moves it to a live CPU. */
	if (cpumask_test_cpu(cpu, sq_cfg.cpus))
		sq_gen_stop(per_cpu_ptr(&sq_cpu, cpu));
	return 0;
}

static void sq_cpus_reset(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, sq_cfg.cpus) {
		struct sq_cpu *sc = per_cpu_ptr(&sq_cpu, cpu);

		memset(sc, 0, sizeof(*sc));
		sc->cpu = cpu;
		sc->squeeze0 = sq_squeeze(cpu);
		sq_gen_init(sc);
	}
}

static void sq_print_finish(void)
{
	u64 rx = 0, done = 0, drop = 0, queued = 0, b[SQ_CTX_NR] = { 0 };
	unsigned int cpu, squeeze = 0;
	int i;

	for_each_cpu(cpu, sq_cfg.cpus) {
		struct sq_cpu *sc = per_cpu_ptr(&sq_cpu, cpu);

		rx += sc->received;
		done += sc->processed;
		drop += sc->dropped;
		queued += sc->head - sc->tail;
		squeeze += sq_squeeze(cpu) - sc->squeeze0;
		for (i = 0; i < SQ_CTX_NR; i++)
			b[i] += sc->batches[i];
	}
	pr_info("FINISH in %llu ns: received=%llu processed=%llu dropped=%llu queued=%llu batches_inline=%llu batches_ksoftirqd=%llu batches_thread=%llu batches_ktimers=%llu time_squeeze=%u\n",
		plab_clock_ns() - sq_cfg.start_ns, rx, done, drop, queued,
		b[SQ_CTX_INLINE], b[SQ_CTX_KSOFTIRQD], b[SQ_CTX_THREAD],
		b[SQ_CTX_KTIMERS], squeeze);
}

static int __init sq_init(void)
{
	int ret;

	sq_cfg.start_ns = plab_clock_ns();
	if (!zalloc_cpumask_var(&sq_cfg.cpus, GFP_KERNEL))
		return -ENOMEM;

	/* Ranges were checked by the param ops; the rest is checked here. */
	ret = sq_params_check();
	if (ret)
		goto out_free_cpumask;

	sq_cpus_reset();
	sq_storm_init();
	if (sq_cfg.source == SQ_SRC_NAPI) {
		ret = sq_napi_init();
		if (ret)
			goto out_free_cpumask;
	}

	ret = sq_debugfs_init();
	if (ret)
		goto out_napi_exit;

	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "preemptlab/softirq:online",
				sq_cpu_online, sq_cpu_offline);
	if (ret < 0) {
		pr_err("cannot register the CPU hotplug state (%d)\n", ret);
		goto out_debugfs_exit;
	}
	sq_cfg.hp_state = ret;

	pr_info("START source=%s cpus=%*pbl rate_pps=%u cost_ns=%u irq_us=%u ring_size=%u weight=%u threaded=%d unsafe=%d\n",
		sq_source_names[sq_cfg.source], cpumask_pr_args(sq_cfg.cpus),
		plab_param_uint_get(&sq_cfg.rate_pps),
		plab_param_uint_get(&sq_cfg.cost_ns),
		plab_param_uint_get(&sq_cfg.irq_us),
		plab_param_uint_get(&sq_cfg.ring_size),
		plab_param_uint_get(&sq_cfg.weight), sq_cfg.threaded,
		sq_cfg.unsafe);
	return 0;

out_debugfs_exit:
	sq_debugfs_exit();
out_napi_exit:
	sq_napi_exit();
	sq_napi_free();
out_free_cpumask:
	free_cpumask_var(sq_cfg.cpus);
	return ret;
}

static void __exit sq_exit(void)
{
	/* Consumers that still run once must not re-arm themselves. */
	WRITE_ONCE(sq_cfg.stopping, true);
	/* Cancels every generator timer: nothing queues or kicks any more. */
	cpuhp_remove_state(sq_cfg.hp_state);
	/* Disables (waiting for a running poll) and deletes the NAPIs. */
	sq_napi_exit();
	/* Tasklets killed, timer_list and soft hrtimer cancelled. */
	sq_storm_exit();
	sq_napi_free();
	/* Waits for open readers of the stats file. */
	sq_debugfs_exit();
	sq_print_finish();
	free_cpumask_var(sq_cfg.cpus);
}

module_init(sq_init);
module_exit(sq_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("preemptlab softirq flood: NAPI, tasklet and timer storms, where the work ran");
