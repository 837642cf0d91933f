// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat: wakeup-to-run latency of any task, per CPU and per task, from a
 * libbpf CO-RE program (wakelat.bpf.c). Documentation/wakelat.rst.
 *
 * This file is the run: parse the command line (args.c), load the
 * programs (bpf_maps.c), poll the ring buffer for events (events.c) until
 * the duration ends or a signal comes, then print the reports
 * (report_text.c, report_json.c). wakelat_user.h says how they connect.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "wakelat_user.h"
#include "wakelat.skel.h"

static volatile sig_atomic_t wakelat_stop;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int libbpf_print_verbose(enum libbpf_print_level level, const char *fmt,
				va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static void on_signal(int sig)
{
	(void)sig;
	wakelat_stop = 1;
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int wakelat_run(struct wakelat_tool *tool)
{
	const struct wakelat_params *p = tool->params;
	double next_ival = p->interval_s, now;
	int err, ms;

	if (p->interval_s && wakelat_data_read(tool))
		return -1;
	/* Always: scripts wait for this line before starting their load. */
	fprintf(stderr, PROG ": tracing wakeups (%s)%s\n", tool->attach,
		p->duration_s ? "" : ", Ctrl-C to stop");
	if (p->interval_s)
		printf("%-8s %-6s %10s %9s %8s %8s %8s %8s %9s\n", "time", "CPU", "count",
		       "avg", "p50", "p90", "p99", "p99.9", "max");
	while (!wakelat_stop) {
		now = since(&tool->t_start);
		if (p->duration_s && now >= p->duration_s)
			break;
		ms = 100;
		if (p->duration_s && (p->duration_s - now) * 1000 < ms)
			ms = (p->duration_s - now) * 1000 + 1;
		err = ring_buffer__poll(tool->rb, ms);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, PROG ": ring buffer: %s\n", strerror(-err));
			return -1;
		}
		if (p->interval_s && since(&tool->t_start) >= next_ival) {
			if (wakelat_data_read(tool))
				return -1;
			print_interval(tool);
			next_ival += p->interval_s;
		}
	}
	ring_buffer__consume(tool->rb);
	return wakelat_data_read(tool);
}

int main(int argc, char **argv)
{
	struct wakelat_params params;
	struct wakelat_tool tool = { .params = &params, .marker_fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	char err[256];
	double secs;
	int rc;

	rc = wakelat_parse_args(argc, argv, &params, err, sizeof(err));
	if (rc > 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (rc < 0) {
		fprintf(stderr, PROG ": error: %s (see " PROG " -h)\n", err);
		return EXIT_USAGE;
	}

	libbpf_set_print(params.verbose ? libbpf_print_verbose : libbpf_print);
	tool.nr_cpus = libbpf_num_possible_cpus();
	if (tool.nr_cpus <= 0 || tool.nr_cpus > MAX_CPUS) {
		fprintf(stderr, PROG ": cannot handle %d possible CPUs\n", tool.nr_cpus);
		return EXIT_RUNTIME;
	}
	if (wakelat_data_alloc(&tool.now, tool.nr_cpus, params.entries, params.max_tasks) ||
	    wakelat_data_alloc(&tool.prev, tool.nr_cpus, params.entries, params.max_tasks)) {
		fprintf(stderr, PROG ": out of memory\n");
		rc = EXIT_RUNTIME;
		goto cleanup;
	}
	if (params.threshold_us && !params.no_marker) {
		tool.marker_fd = marker_open();
		if (tool.marker_fd < 0) {
			fprintf(stderr, PROG ": cannot open trace_marker (is tracefs mounted?): %s\n",
				strerror(errno));
			rc = EXIT_RUNTIME;
			goto cleanup;
		}
	}

	rc = wakelat_bpf_start(&tool);
	if (rc)
		goto cleanup;
	tool.rb = ring_buffer__new(bpf_map__fd(tool.skel->maps.events), handle_event,
				   &tool, NULL);
	if (!tool.rb) {
		fprintf(stderr, PROG ": cannot create the ring buffer reader: %s\n",
			strerror(errno));
		rc = EXIT_RUNTIME;
		goto cleanup;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &tool.t_start);

	if (wakelat_run(&tool)) {
		fprintf(stderr, PROG ": cannot read the BPF maps: %s\n", strerror(errno));
		rc = EXIT_RUNTIME;
		goto cleanup;
	}
	secs = since(&tool.t_start);
	if (!params.quiet)
		print_report(params.json && !strcmp(params.json, "-") ? stderr : stdout,
			     &tool, secs);
	if (params.json && write_json(&tool, secs))
		rc = EXIT_RUNTIME;

cleanup:
	ring_buffer__free(tool.rb);
	if (tool.hist_map)
		munmap(tool.hist_map, tool.hist_len);
	wakelat_bpf__destroy(tool.skel);
	if (tool.marker_fd >= 0)
		close(tool.marker_fd);
	wakelat_data_free(&tool.now);
	wakelat_data_free(&tool.prev);
	return rc;
}
