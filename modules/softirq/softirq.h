/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plab_softirq internals shared by its objects: the one config struct, the
 * per-CPU state and the names of sources and contexts.
 */
#ifndef _PLAB_SOFTIRQ_H
#define _PLAB_SOFTIRQ_H

#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <plab/param.h>

#define SQ_RATE_PPS_DEFAULT	10000		/* 10 kpps */
#define SQ_RATE_PPS_MAX		2000000
#define SQ_COST_NS_DEFAULT	1000		/* 1 us */
#define SQ_COST_NS_MAX		100000		/* 100 us */
#define SQ_IRQ_US_DEFAULT	1000		/* 1 ms, 1 kHz "NIC interrupt" */
#define SQ_IRQ_US_MIN		50
#define SQ_IRQ_US_MAX		100000		/* 100 ms */
#define SQ_RING_DEFAULT		1024
#define SQ_RING_MIN		1
#define SQ_RING_MAX		65536
#define SQ_WEIGHT_DEFAULT	64		/* NAPI_POLL_WEIGHT */
#define SQ_LOAD_PCT_SAFE	90	/* rate x cost, % of one CPU, unsafe=0 */
#define SQ_LOAD_PCT_UNSAFE	400	/* even with unsafe=1 */

/* What plays the softirq side of the flood. */
enum sq_source {
	SQ_SRC_NAPI,
	SQ_SRC_TASKLET,
	SQ_SRC_TASKLET_HI,
	SQ_SRC_TIMER,
	SQ_SRC_HRTIMER_SOFT,
	SQ_SRC_NR,
};

/*
 * Where a batch of work ran. INLINE: a softirq served by the task or
 * interrupt it happened to hit (on !RT mostly on interrupt exit; on RT the
 * task that re-enabled bottom halves); KSOFTIRQD: ksoftirqd/N; THREAD: in
 * task context outside softirq (threaded NAPI); KTIMERS: PREEMPT_RT's
 * ktimers/N thread that serves TIMER and HRTIMER softirqs.
 */
enum sq_ctx {
	SQ_CTX_INLINE,
	SQ_CTX_KSOFTIRQD,
	SQ_CTX_THREAD,
	SQ_CTX_KTIMERS,
	SQ_CTX_NR,
};

extern const char * const sq_source_names[SQ_SRC_NR];
extern const char * const sq_ctx_names[SQ_CTX_NR];

struct sq_config {
	struct plab_param_uint rate_pps;
	struct plab_param_uint cost_ns;
	struct plab_param_uint irq_us;
	struct plab_param_uint ring_size;
	struct plab_param_uint weight;
	bool threaded;
	bool unsafe;
	char source_str[16];
	char cpus_str[256];

	enum sq_source source;
	cpumask_var_t cpus;		/* selected at load */
	int hp_state;			/* dynamic cpuhp state */
	bool stopping;			/* unload: consumers stop re-arming */
	bool enabled;			/* debugfs: generators queue work */
	struct net_device *netdev;	/* napi source only */
	struct dentry *dir;
	u64 start_ns;
};

/* A copy of one CPU's counters, taken without its generator running. */
struct sq_snap {
	u64 received, processed, dropped, irqs, seq, max_batch_ns;
	u64 batches[SQ_CTX_NR], units[SQ_CTX_NR], busy_ns[SQ_CTX_NR];
	unsigned long queued;
	unsigned int cpu;
};

/*
 * Per-CPU state. The generator (hard-IRQ hrtimer, always on this CPU)
 * writes head, received, dropped and irqs; the consumer (serialised by
 * the NAPI SCHED bit, the tasklet RUN bit or the timer) writes tail and the
 * batch counters. head - tail is what is queued; both only grow.
 */
struct sq_cpu {
	unsigned int cpu;
	struct hrtimer gen_timer;	/* the "NIC interrupt", hard IRQ */
	u64 gen_t0_ns;			/* CLOCK_MONOTONIC of this phase start */
	u64 gen_due;			/* units due in this phase so far */

	unsigned long head;
	unsigned long tail;

	struct napi_struct napi;
	struct tasklet_struct tasklet;
	struct timer_list timer;
	struct hrtimer soft_timer;

	u64 received;			/* arrivals, dropped ones included */
	u64 dropped;			/* ring full */
	u64 irqs;
	u64 processed;
	u64 seq;			/* batches, all contexts */
	u64 batches[SQ_CTX_NR];
	u64 units[SQ_CTX_NR];
	u64 busy_ns[SQ_CTX_NR];
	u64 max_batch_ns;
	unsigned int squeeze0;		/* softnet time_squeeze at reset */
	struct sq_snap base;		/* the counters at reset (debugfs) */
};

extern struct sq_config sq_cfg;
DECLARE_PER_CPU(struct sq_cpu, sq_cpu);

/* softirq_gen.c: the generator and the accounting of consumed batches. */
void sq_gen_init(struct sq_cpu *sc);
void sq_gen_start(struct sq_cpu *sc);
void sq_gen_stop(struct sq_cpu *sc);
unsigned int sq_consume(struct sq_cpu *sc, unsigned int budget);
unsigned int sq_squeeze(unsigned int cpu);

/* softirq_napi.c */
int sq_napi_init(void);
void sq_napi_exit(void);
void sq_napi_free(void);
void sq_napi_kick(struct sq_cpu *sc);

/* softirq_storm.c: tasklet, timer_list and soft hrtimer consumers. */
void sq_storm_init(void);
void sq_storm_exit(void);
void sq_storm_kick(struct sq_cpu *sc);

/* softirq_debugfs.c */
void sq_snap_take(void *data);
int sq_debugfs_init(void);
void sq_debugfs_exit(void);

#endif /* _PLAB_SOFTIRQ_H */
