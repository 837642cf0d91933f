/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plab_probe internals shared by its objects: the one config struct and the
 * per-CPU state.
 */
#ifndef _PLAB_PROBE_H
#define _PLAB_PROBE_H

#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <plab/hist.h>
#include <plab/param.h>

#define PROBE_PERIOD_US_DEFAULT		1000	/* 1 ms */
#define PROBE_PERIOD_US_MIN		100
#define PROBE_PERIOD_US_MAX		1000000	/* 1 s */
#define PROBE_PRIO_DEFAULT		95
#define PROBE_THRESHOLD_US_MAX		10000000	/* 10 s */
#define PROBE_HIST_MAX_US_DEFAULT	10000	/* 10 ms */
#define PROBE_HIST_MAX_US_MAX		100000	/* 100 ms, 1.6 MB per CPU */

struct probe_config {
	struct plab_param_uint period_us;	/* 0600, live */
	struct plab_param_uint threshold_us;	/* 0600, live; 0: off */
	struct plab_param_uint prio;
	struct plab_param_uint hist_max_us;
	bool enabled;				/* 0600, live */
	bool stop_tracing;
	char cpus_str[256];
	cpumask_var_t cpus;			/* selected at load */
	int hp_state;				/* dynamic cpuhp state */
	atomic_t tracing_stopped;		/* stop_tracing done once */
	wait_queue_head_t wq;			/* disabled threads wait here */
	struct dentry *dir;
	u64 start_ns;
};

/* What the CPU was doing when the timer of the current period fired. */
struct probe_ctx {
	char comm[TASK_COMM_LEN];	/* only while threshold_us != 0 */
	pid_t pid;
	unsigned int count;		/* preempt count, softirq count merged */
	bool user;
};

struct probe_cpu {
	struct task_struct *task;	/* owned by the hotplug callbacks */
	struct task_struct *waiter;	/* the thread the timer wakes */
	struct hrtimer timer;		/* owned by the thread */
	ktime_t expected;		/* absolute expiry of this period */
	u64 irq_ns;			/* written by the timer handler */
	bool fired;
	struct probe_ctx ctx;
	unsigned int cpu;
	unsigned int missed_now;	/* periods skipped before this one */
	u64 seq;

	spinlock_t lock;		/* hists, missed, hits vs reset */
	struct plab_hist irq_hist;
	struct plab_hist thread_hist;
	u64 missed;
	u64 hits;			/* samples over threshold_us */
	u64 bogus;			/* negative latencies seen (clamped) */
};

extern struct probe_config probe_cfg;
DECLARE_PER_CPU(struct probe_cpu, probe_cpu);

int probe_thread_fn(void *data);
void probe_cpu_reset(struct probe_cpu *pc);
int probe_debugfs_init(void);
void probe_debugfs_exit(void);

#endif /* _PLAB_PROBE_H */
