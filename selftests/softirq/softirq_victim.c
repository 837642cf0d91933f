// SPDX-License-Identifier: GPL-2.0
/*
 * softirq_victim: the interactive task of the softirq flood tests. It wakes
 * every period on absolute CLOCK_MONOTONIC deadlines (clock_nanosleep with
 * TIMER_ABSTIME) and records how late it ran; periods already over when it
 * wakes are skipped and counted. Prints one line:
 *
 *   samples=N missed=N p50_us=N p99_us=N max_us=N policy=other|fifo prio=N
 *
 * Usage: softirq_victim [-c CPU] [-d SECONDS] [-i PERIOD_US] [-p FIFO_PRIO]
 * (-p 0, the default, runs at SCHED_OTHER with the inherited nice value).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC 1000000000LL

static long long ts_ns(const struct timespec *ts)
{
	return (long long)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static struct timespec ns_ts(long long ns)
{
	struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };

	return ts;
}

static int cmp_i64(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static long parse(const char *s, const char *name, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "softirq_victim: %s=%s: expected %ld..%ld\n",
			name, s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long period_us = 1000, secs = 5, prio = 0, cpu = -1;
	long long *lat, next, now, end, period;
	long n = 0, max_n, missed = 0;
	struct timespec ts;
	int opt;

	while ((opt = getopt(argc, argv, "c:d:i:p:h")) != -1) {
		switch (opt) {
		case 'c':
			cpu = parse(optarg, "-c", 0, CPU_SETSIZE - 1);
			break;
		case 'd':
			secs = parse(optarg, "-d", 1, 600);
			break;
		case 'i':
			period_us = parse(optarg, "-i", 100, 1000000);
			break;
		case 'p':
			prio = parse(optarg, "-p", 0, 99);
			break;
		default:
			fprintf(stderr,
				"usage: %s [-c CPU] [-d SECONDS] [-i PERIOD_US] [-p FIFO_PRIO]\n",
				argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			perror("softirq_victim: sched_setaffinity");
			return 1;
		}
	}
	if (prio > 0) {
		struct sched_param sp = { .sched_priority = (int)prio };

		if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
			perror("softirq_victim: sched_setscheduler");
			return 1;
		}
	}

	period = (long long)period_us * 1000;
	max_n = secs * 1000000 / period_us + 1;
	lat = calloc(max_n, sizeof(*lat));
	if (!lat) {
		perror("softirq_victim: calloc");
		return 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &ts);
	next = ts_ns(&ts) + period;
	end = ts_ns(&ts) + secs * NSEC_PER_SEC;
	while (next < end && n < max_n) {
		ts = ns_ts(next);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				       NULL) == EINTR)
			;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = ts_ns(&ts);
		lat[n++] = now - next;
		next += period;
		/* Skip the periods that are already over. */
		while (next <= now) {
			next += period;
			missed++;
		}
	}

	qsort(lat, n, sizeof(*lat), cmp_i64);
	printf("samples=%ld missed=%ld p50_us=%lld p99_us=%lld max_us=%lld policy=%s prio=%ld\n",
	       n, missed,
	       n ? (long long)(lat[(n - 1) / 2] / 1000) : 0,
	       n ? (long long)(lat[(n * 99 + 99) / 100 - 1] / 1000) : 0,
	       n ? (long long)(lat[n - 1] / 1000) : 0,
	       prio ? "fifo" : "other", prio);
	free(lat);
	return 0;
}
