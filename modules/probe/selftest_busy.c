// SPDX-License-Identifier: GPL-2.0
/*
 * plab_probe_selftest: test-only helper for the plab_probe selftests. It
 * runs one busy, non-preemptible section of duration_ms on CPU cpu at load
 * time, and again on every write to the trigger parameter: preempt_disable,
 * or local_irq_disable with irqs_off=1. The section is capped at 200 ms,
 * far below every watchdog.
 *
 *   insmod plab_probe_selftest.ko cpu=1 duration_ms=50 irqs_off=1
 *   echo 1 > /sys/module/plab_probe_selftest/parameters/trigger
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/workqueue.h>
#include <plab/busy.h>
#include <plab/param.h>

#define SELFTEST_DURATION_MS_MAX	200

static struct {
	struct plab_param_uint duration_ms;
	struct plab_param_uint cpu;
	struct plab_param_uint irqs_off;
} selftest_cfg = {
	.duration_ms = PLAB_PARAM_UINT(50, 1, SELFTEST_DURATION_MS_MAX),
	.cpu = PLAB_PARAM_UINT(0, 0, NR_CPUS - 1),
	.irqs_off = PLAB_PARAM_UINT(0, 0, 1),
};

module_param_cb(duration_ms, &plab_param_uint_ops, &selftest_cfg.duration_ms,
		0600);
MODULE_PARM_DESC(duration_ms, "Length of the section in milliseconds, 1..200 (default 50)");

module_param_cb(cpu, &plab_param_uint_ops, &selftest_cfg.cpu, 0600);
MODULE_PARM_DESC(cpu, "CPU to run the section on; must be online (default 0)");

module_param_cb(irqs_off, &plab_param_uint_ops, &selftest_cfg.irqs_off, 0600);
MODULE_PARM_DESC(irqs_off, "1: interrupts off in the section, 0: preemption off (default 0)");

static long selftest_section(void *arg)
{
	u64 ns = *(u64 *)arg;

	if (plab_param_uint_get(&selftest_cfg.irqs_off)) {
		local_irq_disable();
		ns = plab_busy_wait_ns(ns, false);
		local_irq_enable();
	} else {
		preempt_disable();
		ns = plab_busy_wait_ns(ns, false);
		preempt_enable();
	}
	return min_t(u64, ns, LONG_MAX);
}

static int selftest_run(void)
{
	unsigned int cpu = plab_param_uint_get(&selftest_cfg.cpu);
	u64 ns = (u64)plab_param_uint_get(&selftest_cfg.duration_ms) *
		 NSEC_PER_MSEC;
	long done;

	cpus_read_lock();
	if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		cpus_read_unlock();
		pr_err("cpu=%u: not an online CPU\n", cpu);
		return -EINVAL;
	}
	done = work_on_cpu(cpu, selftest_section, &ns);
	cpus_read_unlock();
	pr_info("%s section on CPU %u: requested %llu ns, actual %ld ns\n",
		plab_param_uint_get(&selftest_cfg.irqs_off) ?
		"local_irq_disable" : "preempt_disable", cpu, ns, done);
	return 0;
}

static int selftest_trigger_set(const char *val, const struct kernel_param *kp)
{
	return selftest_run();
}

static const struct kernel_param_ops selftest_trigger_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = selftest_trigger_set,
};

module_param_cb(trigger, &selftest_trigger_ops, NULL, 0200);
MODULE_PARM_DESC(trigger, "Write anything to run one more section");

static int __init selftest_init(void)
{
	return selftest_run();
}

static void __exit selftest_exit(void)
{
}

module_init(selftest_init);
module_exit(selftest_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("preemptlab: busy preempt_disable or irqs-off section for the plab_probe selftests");
MODULE_INFO(test, "Y");
