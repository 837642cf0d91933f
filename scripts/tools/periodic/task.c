// SPDX-License-Identifier: GPL-2.0
/*
 * One thread per task: scheduling setup, the job loop, and the two
 * continuous workers (matrix multiply, noise).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "periodic.h"

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

/* The kernel's struct sched_attr (glibc 2.36 has no wrapper). */
struct plab_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
};

uint64_t periodic_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void sleep_until_ns(uint64_t t)
{
	struct timespec ts = { .tv_sec = t / 1000000000ull,
			       .tv_nsec = t % 1000000000ull };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int periodic_role_set(struct periodic_task_params *t, const char *role)
{
	if (!strcmp(role, "compositor")) {	/* 60 Hz frames */
		t->policy = POL_FIFO; t->prio = 80;
		t->period_us = 16667; t->cost_us = 2000;
	} else if (!strcmp(role, "audio")) {	/* 5 ms callback, xrun = miss */
		t->policy = POL_FIFO; t->prio = 90;
		t->period_us = 5000; t->cost_us = 1000;
	} else if (!strcmp(role, "shell")) {	/* keystrokes, 20 ms to echo */
		t->policy = POL_OTHER; t->nice = 0;
		t->period_us = 50000; t->cost_us = 300; t->deadline_us = 20000;
	} else if (!strcmp(role, "edf")) {	/* one task of an EDF set */
		t->policy = POL_DEADLINE; t->cpu = -1;
		t->period_us = 20000; t->cost_us = 2000;
	} else if (!strcmp(role, "hpc")) {
		t->work = WORK_MATMUL; t->size = 128;
	} else if (!strcmp(role, "noise")) {
		t->work = WORK_NOISE; t->gap_us = 10;
	} else {
		return -1;
	}
	return 0;
}

static int task_sched_set(struct periodic_task *t)
{
	const struct periodic_task_params *p = t->p;
	struct plab_sched_attr a = { .size = sizeof(a) };
	cpu_set_t set;

	if (p->cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(p->cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			snprintf(t->d.errmsg, sizeof(t->d.errmsg),
				 "CPU %d: %s", p->cpu, strerror(errno));
			return -errno;
		}
	}
	switch (p->policy) {
	case POL_OTHER:
		a.sched_policy = SCHED_OTHER;
		a.sched_nice = p->nice;
		break;
	case POL_FIFO:
		a.sched_policy = SCHED_FIFO;
		a.sched_priority = p->prio;
		break;
	case POL_DEADLINE:
		a.sched_policy = SCHED_DEADLINE;
		a.sched_runtime = p->runtime_us * 1000;
		a.sched_deadline = p->deadline_us * 1000;
		a.sched_period = p->period_us * 1000;
		break;
	}
	if (syscall(SYS_sched_setattr, 0, &a, 0)) {
		int e = errno;

		snprintf(t->d.errmsg, sizeof(t->d.errmsg), "sched_setattr: %s%s",
			 strerror(e), p->policy == POL_DEADLINE && p->cpu >= 0 ?
			 " (a deadline task cannot be pinned to part of its root domain: use cpu=-1)" :
			 e == EBUSY ? " (admission control: total bandwidth too high)" : "");
		return -e;
	}
	return 0;
}

/* Burn cost_ns of this thread's CPU time: preemption makes the job late. */
static void burn_cpu_ns(uint64_t cost_ns)
{
	uint64_t end = thread_cpu_ns() + cost_ns;

	/* A short loop the compiler must keep, between clock reads. */
	while (thread_cpu_ns() < end)
		for (int i = 0; i < 200; i++)
			__asm__ __volatile__("" : : "r"(i) : "memory");
}

static void marker_job(struct periodic_task *t, uint64_t seq, uint64_t rel,
		       uint64_t start, uint64_t fin, uint64_t dl)
{
	char buf[256];
	int n;

	if (t->marker_fd < 0)
		return;
	n = snprintf(buf, sizeof(buf),
		     "plab_job: name=%s seq=%llu cpu=%d release=%llu start=%llu finish=%llu deadline=%llu miss=%d\n",
		     t->p->name, (unsigned long long)seq, sched_getcpu(),
		     (unsigned long long)rel, (unsigned long long)start,
		     (unsigned long long)fin, (unsigned long long)dl, fin > dl);
	if (write(t->marker_fd, buf, n) < 0)
		t->marker_fd = -1;
}

static void job_record(struct periodic_task_data *d, uint64_t rel,
		       uint64_t start, uint64_t fin, uint64_t dl)
{
	if (d->jobs < d->cap) {
		d->wakeup_ns[d->jobs] = start - rel;
		d->lateness_ns[d->jobs] = (int64_t)(fin - dl);
		d->response_ns[d->jobs] = fin - rel;
	}
	d->jobs++;
	if (fin > dl)
		d->misses++;
}

static void run_periodic(struct periodic_task *t)
{
	const struct periodic_task_params *p = t->p;
	uint64_t period = p->period_us * 1000, rdl = p->deadline_us * 1000;
	uint64_t k = 0;

	t->d.cap = (uint64_t)((t->end_ns - t->t0_ns) / period) + 2;
	t->d.wakeup_ns = calloc(t->d.cap, sizeof(uint64_t));
	t->d.lateness_ns = calloc(t->d.cap, sizeof(int64_t));
	t->d.response_ns = calloc(t->d.cap, sizeof(uint64_t));
	if (!t->d.wakeup_ns || !t->d.lateness_ns || !t->d.response_ns) {
		t->d.cap = 0;
		t->d.error = ENOMEM;
		return;
	}
	for (;;) {
		uint64_t rel = t->t0_ns + k * period, start, fin, now;

		if (rel >= t->end_ns)
			break;
		sleep_until_ns(rel);
		start = periodic_now_ns();
		burn_cpu_ns(p->cost_us * 1000);
		fin = periodic_now_ns();
		job_record(&t->d, rel, start, fin, rel + rdl);
		marker_job(t, k, rel, start, fin, rel + rdl);
		k++;
		/*
		 * Jobs whose deadline passed before they could even be
		 * released are xruns too: count them, do not run them.
		 */
		now = periodic_now_ns();
		while (t->t0_ns + k * period + rdl < now &&
		       t->t0_ns + k * period < t->end_ns) {
			t->d.skipped++;
			t->d.misses++;
			k++;
		}
	}
}

/* Blocked C = A x B on doubles: cache-sensitive throughput. */
static void run_matmul(struct periodic_task *t)
{
	unsigned int n = t->p->size, bs = 32;
	double *a = calloc((size_t)n * n, sizeof(double));
	double *b = calloc((size_t)n * n, sizeof(double));
	double *c = calloc((size_t)n * n, sizeof(double));
	uint64_t t1;

	if (!a || !b || !c) {
		t->d.error = ENOMEM;
		goto out;
	}
	for (unsigned int i = 0; i < n * n; i++) {
		a[i] = (i % 7) * 0.5;
		b[i] = (i % 5) * 0.25;
	}
	sleep_until_ns(t->t0_ns);
	while (periodic_now_ns() < t->end_ns) {
		for (unsigned int ii = 0; ii < n; ii += bs)
			for (unsigned int kk = 0; kk < n; kk += bs)
				for (unsigned int jj = 0; jj < n; jj += bs)
					for (unsigned int i = ii; i < ii + bs && i < n; i++)
						for (unsigned int k = kk; k < kk + bs && k < n; k++) {
							double aik = a[i * n + k];

							for (unsigned int j = jj; j < jj + bs && j < n; j++)
								c[i * n + j] += aik * b[k * n + j];
						}
		t->d.work_units += (double)n * n * n;
		t->d.jobs++;
	}
	t1 = periodic_now_ns();
	t->d.elapsed_s = (t1 - t->t0_ns) / 1e9;
	if (c[0] < 0)	/* keep the result alive */
		t->d.error = EDOM;
out:
	free(a);
	free(b);
	free(c);
}

/* Spin on the clock; a gap above gap_us is time the CPU was taken away. */
static void run_noise(struct periodic_task *t)
{
	uint64_t gap = t->p->gap_us * 1000, last, now;

	sleep_until_ns(t->t0_ns);
	last = periodic_now_ns();
	while (last < t->end_ns) {
		now = periodic_now_ns();
		if (now - last > gap) {
			t->d.noise_count++;
			t->d.noise_total_ns += now - last;
			if (now - last > t->d.noise_max_ns)
				t->d.noise_max_ns = now - last;
		}
		t->d.work_units++;
		last = now;
	}
	t->d.elapsed_s = (last - t->t0_ns) / 1e9;
}

void *periodic_task_main(void *arg)
{
	struct periodic_task *t = arg;
	struct rusage ru;
	int ret;

	ret = task_sched_set(t);
	if (ret) {
		t->d.error = -ret;
		return NULL;
	}
	switch (t->p->work) {
	case WORK_PERIODIC:
		run_periodic(t);
		break;
	case WORK_MATMUL:
		run_matmul(t);
		break;
	case WORK_NOISE:
		run_noise(t);
		break;
	}
	if (!getrusage(RUSAGE_THREAD, &ru)) {
		t->d.nvcsw = ru.ru_nvcsw;
		t->d.nivcsw = ru.ru_nivcsw;
	}
	return NULL;
}
