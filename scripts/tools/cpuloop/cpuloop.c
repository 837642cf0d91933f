// SPDX-License-Identifier: GPL-2.0
/*
 * cpuloop: a CPU-bound user task for overhead benchmarks. Pinned to one
 * CPU, it runs a fixed arithmetic kernel for a given time and prints how
 * many iterations per second it managed; what a probe or tracer costs
 * shows as the drop of that rate against a run without it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "opt.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: cpuloop [-h] [-c CPU] [-d SECONDS]\n"
		"\n"
		"Spin on an arithmetic loop pinned to CPU for SECONDS and print\n"
		"\"iterations_per_sec N\".\n"
		"\n"
		"  -c, --cpu CPU          CPU to pin to (default: do not pin)\n"
		"  -d, --duration SECONDS 1..3600 (default 5)\n"
		"  -h, --help             this text\n");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* CPU_SETSIZE: not pinned. */
	uint64_t cpu = CPU_SETSIZE, duration = 5;
	uint64_t x = 88172645463325252ULL, iters = 0;
	double start, end;
	int c;

	while ((c = getopt_long(argc, argv, "c:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (!plab_opt_u64(optarg, 0, CPU_SETSIZE - 1, &cpu)) {
				fprintf(stderr, "cpuloop: error: --cpu '%s': not a CPU number 0..%d\n",
					optarg, CPU_SETSIZE - 1);
				return 2;
			}
			break;
		case 'd':
			if (!plab_opt_u64(optarg, 1, 3600, &duration)) {
				fprintf(stderr, "cpuloop: error: --duration '%s': not 1..3600 seconds\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "cpuloop: error: unknown option (see cpuloop -h)\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cpuloop: error: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}

	if (cpu < CPU_SETSIZE) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "cpuloop: error: cannot pin to CPU %llu: %s\n",
				(unsigned long long)cpu, strerror(errno));
			return 1;
		}
	}

	start = now_s();
	end = start + duration;
	for (;;) {
		/* xorshift64: cheap, and the compiler cannot drop it. */
		for (int i = 0; i < 65536; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		iters += 65536;
		if (now_s() >= end)
			break;
	}
	printf("iterations_per_sec %.0f\n", iters / (now_s() - start));
	/* Print the state so the loop has an observable result. */
	fprintf(stderr, "cpuloop: state %llx\n", (unsigned long long)x);
	return 0;
}
