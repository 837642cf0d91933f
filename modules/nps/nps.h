/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plab_nps internals shared by its objects: the one config struct, the
 * per-CPU state and the section modes.
 */
#ifndef _PLAB_NPS_H
#define _PLAB_NPS_H

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <plab/param.h>

#define NPS_DURATION_US_DEFAULT	1000		/* 1 ms */
#define NPS_DURATION_US_MAX	1000000		/* 1 s: hard limit, even unsafe */
#define NPS_CAP_US_DEFAULT	100000		/* 100 ms: limit without unsafe=1 */
#define NPS_PERIOD_US_DEFAULT	100000		/* 100 ms */
#define NPS_PERIOD_US_MIN	100
#define NPS_PERIOD_US_MAX	10000000	/* 10 s */
#define NPS_BURST_MAX		100
#define NPS_START_DELAY_MS_MAX	600000		/* 10 min */
#define NPS_CONTENTION_MAX	8
#define NPS_DUTY_PCT_MAX	90	/* atomic modes, fifo: busy share of a period */
#define NPS_GAP_NS		20000	/* 20 us: a longer loop gap is "away" */
#define NPS_WAITER_GAP_US	1000	/* 1 ms between two waiter attempts */

enum nps_mode {
	NPS_MODE_PREEMPT,
	NPS_MODE_IRQ,
	NPS_MODE_BH,
	NPS_MODE_RAW_SPIN,
	NPS_MODE_SPIN,
	NPS_MODE_RWLOCK_READ,
	NPS_MODE_RWLOCK_WRITE,
	NPS_MODE_MUTEX,
	NPS_MODE_RCU,
	NPS_MODE_MIGRATE,
	NPS_MODE_NONE,
	NPS_MODE_NR,
};

/* Section timing: checked as a whole, changed live as a whole. */
struct nps_timing {
	unsigned int duration_us;
	unsigned int period_us;
	unsigned int burst;
	unsigned int jitter_us;
	unsigned int resched_every_us;
};

struct nps_config {
	/* Parameters, validated in nps_config_check() before any side effect. */
	struct nps_timing timing;	/* under lock once live */
	char mode_str[16];
	char policy_str[8];
	char cpus_str[256];
	struct plab_param_uint prio;
	struct plab_param_uint start_delay_ms;
	struct plab_param_uint count;	/* sections per CPU; 0: until stopped */
	struct plab_param_uint contention;	/* waiter threads per CPU */
	unsigned long seed;
	bool unsafe;
	bool enabled;			/* live: sections run only while set */

	/* Derived at load. */
	enum nps_mode mode;
	bool fifo;
	bool atomic;			/* the section cannot be preempted */
	cpumask_var_t cpus;
	int hp_state;
	bool live;			/* checked: param writes cross-check */
	bool stopping;			/* unload: no new section, cut the current */
	spinlock_t lock;		/* timing once live */
	struct mutex control_lock;	/* enabled writes (param and debugfs) */
	atomic_t gen;			/* bumped by "start": count restarts */
	wait_queue_head_t wq;		/* disabled threads wait here */
	struct dentry *dir;		/* debugfs KBUILD_MODNAME */
	u64 start_ns;
};

struct nps_stats {
	u64 sections;
	u64 cut;			/* ended early by a stop */
	u64 req_min, req_max, req_sum;	/* ns; min U64_MAX while empty */
	u64 act_min, act_max, act_sum;
	u64 over_max, over_sum;		/* actual - requested, ns (>= 0) */
	u64 under;			/* sections shorter than requested */
	u64 preempted;			/* sections with a context switch */
	u64 away_max, away_sum;		/* ns of loop gaps over NPS_GAP_NS */
	u64 waits;			/* waiter lock acquisitions */
	u64 wait_max;			/* longest waiter acquisition, ns */
};

struct nps_cpu {
	struct task_struct *task;	/* owned by the hotplug callbacks */
	struct task_struct *waiter[NPS_CONTENTION_MAX];
	unsigned int cpu;
	u64 seq;			/* section id on this CPU */
	u64 rng;			/* xorshift64 state */

	raw_spinlock_t raw_lock;	/* mode=raw_spin section and waiters */
	spinlock_t spin_lock;		/* mode=spin section and waiters */
	rwlock_t rwlock;		/* mode=rwlock_* section and waiters */
	struct mutex mutex;		/* mode=mutex section and waiters */

	spinlock_t stats_lock;		/* stats vs readers and reset */
	struct nps_stats stats;
};

/* What one section did. */
struct nps_result {
	u64 start;		/* trace_clock_local() ns */
	u64 actual_ns;
	u64 away_ns;		/* sum of loop gaps over NPS_GAP_NS */
	bool preempted;		/* the thread was switched out inside */
	bool cut;		/* stopped before the end */
};

extern struct nps_config nps_cfg;
DECLARE_PER_CPU(struct nps_cpu, nps_cpu);

const char *nps_mode_name(enum nps_mode mode);
unsigned int nps_cap_us(void);
void nps_section_run(struct nps_cpu *nc, enum nps_mode mode, u64 ns,
		     u64 resched_ns, struct nps_result *res);
int nps_waiter_fn(void *data);
int nps_thread_fn(void *data);
void nps_timing_get(struct nps_timing *t);
void nps_stats_reset(struct nps_cpu *nc);
void nps_control_start(void);
void nps_control_stop(void);
int nps_debugfs_init(void);
void nps_debugfs_exit(void);

#endif /* _PLAB_NPS_H */
