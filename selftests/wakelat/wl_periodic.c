// SPDX-License-Identifier: GPL-2.0
/*
 * wl_periodic: a periodic SCHED_FIFO task that measures its own lateness,
 * for the wakelat selftests. Sleeps until now + DELAY, then LOOPS periods
 * on absolute deadlines; every wakeup (the first one included) is late by
 * clock_gettime() after the sleep minus its deadline. Prints one line:
 *   tid=N count=N blocked=N mean_us=X max_us=X
 * blocked: the sleeps that blocked (voluntary context switches during the
 * periods), each a wakeup a tracer sees. count minus blocked are sleeps
 * whose deadline had passed when clock_nanosleep() ran (the host stopped
 * the vCPU after the next deadline was chosen): they return at once,
 * with no wakeup.
 * and with -v one "lat_us=X deadline_ns=N" line per wakeup before it
 * (deadline in CLOCK_MONOTONIC ns, the clock of bpf_ktime_get_ns()).
 *
 * usage: wl_periodic [-v] PERIOD_US LOOPS DELAY_MS [PRIO]
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>

static long long ts_ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void ts_add(struct timespec *t, long long ns)
{
	long long v = ts_ns(t) + ns;

	t->tv_sec = v / 1000000000LL;
	t->tv_nsec = v % 1000000000LL;
}

int main(int argc, char **argv)
{
	struct sched_param sp = { .sched_priority = 80 };
	long long period_ns, lat, sum = 0, max = 0, *lats, *dl;
	struct timespec next, now;
	struct rusage ru0, ru1;
	int verbose = 0, loops, i, n = 0;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: wl_periodic [-v] PERIOD_US LOOPS DELAY_MS [PRIO]\n");
		return 2;
	}
	period_ns = atoll(argv[1]) * 1000;
	loops = atoi(argv[2]);
	if (argc > 4)
		sp.sched_priority = atoi(argv[4]);
	if (period_ns <= 0 || loops <= 0 || atoll(argv[3]) < 0)
		return 2;
	lats = calloc(loops + 1, sizeof(*lats));
	dl = calloc(loops + 1, sizeof(*dl));
	if (!lats || !dl)
		return 1;
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		perror("sched_setscheduler (continuing as SCHED_OTHER)");
	mlockall(MCL_CURRENT | MCL_FUTURE);

	clock_gettime(CLOCK_MONOTONIC, &next);
	ts_add(&next, atoll(argv[3]) * 1000000);
	getrusage(RUSAGE_SELF, &ru0);
	for (i = 0; i <= loops; i++) {
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		lat = ts_ns(&now) - ts_ns(&next);
		dl[n] = ts_ns(&next);
		lats[n++] = lat;
		sum += lat;
		if (lat > max)
			max = lat;
		ts_add(&next, period_ns);
		/* Skip deadlines already missed: each sleep must block. */
		while (ts_ns(&next) <= ts_ns(&now))
			ts_add(&next, period_ns);
	}
	getrusage(RUSAGE_SELF, &ru1);
	if (verbose)
		for (i = 0; i < n; i++)
			printf("lat_us=%.1f deadline_ns=%lld\n", lats[i] / 1000.0, dl[i]);
	printf("tid=%d count=%d blocked=%ld mean_us=%.1f max_us=%.1f\n", getpid(), n,
	       ru1.ru_nvcsw - ru0.ru_nvcsw, sum / 1000.0 / n, max / 1000.0);
	free(lats);
	free(dl);
	return 0;
}
