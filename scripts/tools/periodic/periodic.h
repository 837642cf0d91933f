/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plab-periodic: periodic jobs (compositor, audio callback, interactive
 * shell, EDF task sets) and throughput/noise workers, one thread each.
 *
 * All times are CLOCK_MONOTONIC nanoseconds unless a name says _us.
 */
#ifndef PLAB_PERIODIC_H
#define PLAB_PERIODIC_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define PERIODIC_MAX_TASKS	16
#define PERIODIC_NAME_LEN	32

enum periodic_policy { POL_OTHER, POL_FIFO, POL_DEADLINE };
#define PERIODIC_NR_POLICIES	(POL_DEADLINE + 1)
enum periodic_work {
	WORK_PERIODIC,	/* jobs on a period with a CPU-time cost */
	WORK_MATMUL,	/* continuous blocked matrix multiply: throughput */
	WORK_NOISE,	/* continuous clock reads: gaps = noise (osnoise-like) */
};
#define PERIODIC_NR_WORKS	(WORK_NOISE + 1)

/* What policy= and work= take, and what the output says (stats.c). */
extern const char *const periodic_policy_name[PERIODIC_NR_POLICIES];
extern const char *const periodic_work_name[PERIODIC_NR_WORKS];

/* What the command line asks for; parsing touches nothing else. */
struct periodic_task_params {
	char name[PERIODIC_NAME_LEN];
	enum periodic_policy policy;
	enum periodic_work work;
	int prio;			/* SCHED_FIFO 1..99 */
	int nice;			/* SCHED_OTHER -20..19 */
	int cpu;			/* -1: no pinning */
	uint64_t period_us;
	uint64_t cost_us;		/* CPU time per job */
	uint64_t deadline_us;		/* relative; default = period */
	uint64_t runtime_us;		/* SCHED_DEADLINE budget; default cost*1.25 */
	unsigned int size;		/* matmul: matrix order */
	uint64_t gap_us;		/* noise: gaps above this count */
};

struct periodic_params {
	struct periodic_task_params task[PERIODIC_MAX_TASKS];
	int ntasks;
	double duration_s;
	const char *json;
	int kv;
	int marker;
	int quiet;
	int all_cpus;		/* -A: widen the inherited affinity first */
};

/* What a thread measured. */
struct periodic_task_data {
	uint64_t jobs, misses, skipped;
	uint64_t *wakeup_ns;		/* start - release */
	int64_t *lateness_ns;		/* finish - deadline */
	uint64_t *response_ns;		/* finish - release */
	uint64_t cap;
	double work_units;		/* matmul: multiply-adds; noise: loops */
	double elapsed_s;
	uint64_t noise_total_ns, noise_max_ns, noise_count;
	long nvcsw, nivcsw;
	int error;			/* errno of a setup failure */
	char errmsg[160];
};

struct periodic_task {
	const struct periodic_task_params *p;
	struct periodic_task_data d;
	pthread_t thread;
	uint64_t t0_ns, end_ns;
	int marker_fd;
};

/* task.c */
uint64_t periodic_now_ns(void);
void *periodic_task_main(void *arg);
int periodic_role_set(struct periodic_task_params *t, const char *role);

/* stats.c */
void periodic_print_text(FILE *f, struct periodic_task *t, int n);
void periodic_print_kv(FILE *f, struct periodic_task *t, int n);
int periodic_write_json(const char *path, struct periodic_task *t, int n,
			double duration_s);

#endif
