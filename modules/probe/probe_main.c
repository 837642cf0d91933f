// SPDX-License-Identifier: GPL-2.0
/*
 * plab_probe: latency probe of the preemptlab suite. For each selected CPU,
 * a hard-IRQ hrtimer on absolute periods wakes a SCHED_FIFO kthread; every
 * sample's IRQ and thread latency goes to per-CPU histograms (debugfs) and
 * to the preemptlab:plab_latency trace event.
 *
 * This file holds the parameters, load/unload and CPU hotplug.
 * See Documentation/probe.rst.
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
#include "probe.h"

struct probe_config probe_cfg = {
	.period_us = PLAB_PARAM_UINT(PROBE_PERIOD_US_DEFAULT,
				     PROBE_PERIOD_US_MIN, PROBE_PERIOD_US_MAX),
	.threshold_us = PLAB_PARAM_UINT(0, 0, PROBE_THRESHOLD_US_MAX),
	.prio = PLAB_PARAM_UINT(PROBE_PRIO_DEFAULT, 1, 99),
	.hist_max_us = PLAB_PARAM_UINT(PROBE_HIST_MAX_US_DEFAULT, 1,
				       PROBE_HIST_MAX_US_MAX),
	.enabled = true,
	.wq = __WAIT_QUEUE_HEAD_INITIALIZER(probe_cfg.wq),
};

module_param_cb(period_us, &plab_param_uint_ops, &probe_cfg.period_us, 0600);
MODULE_PARM_DESC(period_us,
		 "Sampling period in microseconds, 100..1000000 (default 1000); live");

module_param_cb(threshold_us, &plab_param_uint_ops, &probe_cfg.threshold_us,
		0600);
MODULE_PARM_DESC(threshold_us,
		 "Thread latency in microseconds above which the cause is recorded (plab_latency_cause), 0..10000000, 0 off (default 0); live");

static int probe_enabled_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_bool(val, kp);

	if (ret) {
		pr_err("%s: invalid value, expected 0 or 1\n", kp->name);
		return -EINVAL;
	}
	/* Threads waiting for enabled=1 re-check their condition. */
	wake_up_all(&probe_cfg.wq);
	return 0;
}

static const struct kernel_param_ops probe_enabled_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = probe_enabled_set,
	.get = param_get_bool,
};

module_param_cb(enabled, &probe_enabled_ops, &probe_cfg.enabled, 0600);
MODULE_PARM_DESC(enabled, "Take samples, 0 or 1 (default 1); live");

module_param_cb(prio, &plab_param_uint_ops, &probe_cfg.prio, 0444);
MODULE_PARM_DESC(prio, "SCHED_FIFO priority of the probe threads, 1..99 (default 95)");

module_param_cb(hist_max_us, &plab_param_uint_ops, &probe_cfg.hist_max_us,
		0444);
MODULE_PARM_DESC(hist_max_us,
		 "Histogram range in microseconds (1 us buckets, then overflow), 1..100000 (default 10000)");

module_param_named(stop_tracing, probe_cfg.stop_tracing, bool, 0444);
MODULE_PARM_DESC(stop_tracing,
		 "Turn tracing off at the first sample over threshold_us (default 0)");

module_param_string(cpus, probe_cfg.cpus_str, sizeof(probe_cfg.cpus_str),
		    0444);
MODULE_PARM_DESC(cpus, "CPUs to probe, kernel list syntax such as 0,2-3 (default: all online)");

static int probe_cpu_online(unsigned int cpu)
{
	struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_FIFO,
		.sched_priority = plab_param_uint_get(&probe_cfg.prio),
	};
	struct task_struct *task;
	int ret;

	if (!cpumask_test_cpu(cpu, probe_cfg.cpus))
		return 0;

	/*
	 * On failure the CPU is left unprobed, logged: an error here would
	 * keep the CPU from coming online.
	 */
	task = kthread_create_on_cpu(probe_thread_fn, pc, cpu, "plab_probe/%u");
	if (IS_ERR(task)) {
		pr_err("CPU %u: cannot create the probe thread (%ld), not probed\n",
		       cpu, PTR_ERR(task));
		return 0;
	}
	ret = sched_setattr_nocheck(task, &attr);
	if (ret) {
		pr_err("CPU %u: cannot set SCHED_FIFO prio %u (%d), not probed\n",
		       cpu, attr.sched_priority, ret);
		kthread_stop(task);
		return 0;
	}
	WRITE_ONCE(pc->task, task);
	wake_up_process(task);
	return 0;
}

static int probe_cpu_offline(unsigned int cpu)
{
	struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);
	struct task_struct *task;

	/* Take ownership so that a racing stop cannot stop it twice. */
	task = xchg(&pc->task, NULL);
	if (task)
		kthread_stop(task);
	return 0;
}

static void probe_hists_free(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, probe_cfg.cpus) {
		struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);

		plab_hist_free(&pc->irq_hist);
		plab_hist_free(&pc->thread_hist);
	}
}

static int probe_hists_alloc(void)
{
	unsigned int nr = plab_param_uint_get(&probe_cfg.hist_max_us);
	unsigned int cpu;

	for_each_cpu(cpu, probe_cfg.cpus) {
		struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);

		memset(pc, 0, sizeof(*pc));
		pc->cpu = cpu;
		spin_lock_init(&pc->lock);
		if (plab_hist_alloc(&pc->irq_hist, nr, NSEC_PER_USEC) ||
		    plab_hist_alloc(&pc->thread_hist, nr, NSEC_PER_USEC)) {
			probe_hists_free();
			return -ENOMEM;
		}
	}
	return 0;
}

static void probe_print_finish(void)
{
	u64 samples = 0, missed = 0, hits = 0, irq_max = 0, thread_max = 0;
	unsigned int cpu;

	for_each_cpu(cpu, probe_cfg.cpus) {
		struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);

		samples += pc->thread_hist.count;
		missed += pc->missed;
		hits += pc->hits;
		irq_max = max(irq_max, pc->irq_hist.max);
		thread_max = max(thread_max, pc->thread_hist.max);
	}
	pr_info("FINISH in %llu ns: samples=%llu missed=%llu over_threshold=%llu max_irq_ns=%llu max_thread_ns=%llu\n",
		plab_clock_ns() - probe_cfg.start_ns, samples, missed, hits,
		irq_max, thread_max);
}

static int __init probe_init(void)
{
	int ret;

	probe_cfg.start_ns = plab_clock_ns();
	if (!zalloc_cpumask_var(&probe_cfg.cpus, GFP_KERNEL))
		return -ENOMEM;

	/* Ranges were checked by the param ops; the CPU list is checked here. */
	ret = plab_cpulist_parse("cpus", probe_cfg.cpus_str, probe_cfg.cpus);
	if (ret)
		goto out_free_cpumask;

	ret = probe_hists_alloc();
	if (ret)
		goto out_free_cpumask;

	ret = probe_debugfs_init();
	if (ret)
		goto out_free_hists;

	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "preemptlab/probe:online",
				probe_cpu_online, probe_cpu_offline);
	if (ret < 0) {
		pr_err("cannot register the CPU hotplug state (%d)\n", ret);
		goto out_debugfs_exit;
	}
	probe_cfg.hp_state = ret;

	pr_info("START cpus=%*pbl period_us=%u prio=%u threshold_us=%u stop_tracing=%d hist_max_us=%u enabled=%d\n",
		cpumask_pr_args(probe_cfg.cpus),
		plab_param_uint_get(&probe_cfg.period_us),
		plab_param_uint_get(&probe_cfg.prio),
		plab_param_uint_get(&probe_cfg.threshold_us),
		probe_cfg.stop_tracing,
		plab_param_uint_get(&probe_cfg.hist_max_us),
		READ_ONCE(probe_cfg.enabled));
	return 0;

out_debugfs_exit:
	probe_debugfs_exit();
out_free_hists:
	probe_hists_free();
out_free_cpumask:
	free_cpumask_var(probe_cfg.cpus);
	return ret;
}

static void __exit probe_exit(void)
{
	/* Stops every thread; each cancels its timer before it returns. */
	cpuhp_remove_state(probe_cfg.hp_state);
	/* Waits for open readers and writers of the files to finish. */
	probe_debugfs_exit();
	probe_print_finish();
	probe_hists_free();
	free_cpumask_var(probe_cfg.cpus);
}

module_init(probe_init);
module_exit(probe_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("preemptlab latency probe: per-CPU hrtimer and SCHED_FIFO thread latency");
