// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat's text output: the histogram and per-CPU and per-task report at
 * the end of a run, and the summary lines of each --interval.
 */
#include <stdlib.h>
#include <time.h>
#include "wakelat_user.h"

static void print_hist(FILE *f, const struct wakelat_tool *tool, uint64_t *row)
{
	const struct wakelat_data *d = &tool->now;
	unsigned int entries = tool->params->entries, s;
	char idx[48];
	int c, any;

	fprintf(f, "# Wakeup-to-run latency histogram\n");
	fprintf(f, "# Time unit is microseconds (us); 1 us buckets below %u, "
		"then log2 buckets lo-hi\n", entries);
	fprintf(f, "%-13s", "Index");
	for (c = 0; c < d->nr_cpus; c++)
		if (cpu_has_samples(d, c))
			fprintf(f, " %9s%03d", "CPU-", c);
	fprintf(f, " %12s\n", "Total");
	for (s = 0; s < d->row; s++) {
		__u64 total = 0;

		any = 0;
		for (c = 0; c < d->nr_cpus; c++) {
			total += d->hist[(size_t)c * d->row + s];
			any |= d->hist[(size_t)c * d->row + s] != 0;
		}
		if (!any)
			continue;
		if (s < entries)
			snprintf(idx, sizeof(idx), "%u", s);
		else if (s == d->row - 1)
			snprintf(idx, sizeof(idx), "over");
		else
			snprintf(idx, sizeof(idx), "%llu-%llu",
				 (unsigned long long)slot_lo_us(entries, s),
				 (unsigned long long)slot_lo_us(entries, s + 1) - 1);
		fprintf(f, "%-13s", idx);
		for (c = 0; c < d->nr_cpus; c++)
			if (cpu_has_samples(d, c))
				fprintf(f, " %12llu", (unsigned long long)d->hist[(size_t)c * d->row + s]);
		fprintf(f, " %12llu\n", (unsigned long long)total);
	}
	(void)row;
}

static void print_summary_line(FILE *f, const char *label,
			       const struct wakelat_summary *sm)
{
	fprintf(f, "%-6s %10llu %9.1f %8.1f %8.1f %8.1f %8.1f %9.1f\n", label,
		(unsigned long long)sm->count,
		sm->count ? sm->sum_ns / 1000.0 / sm->count : 0.0,
		sm->p50_ns / 1000.0, sm->p90_ns / 1000.0, sm->p99_ns / 1000.0,
		sm->p999_ns / 1000.0, sm->max_ns / 1000.0);
}

static const char *state_name(__u32 st)
{
	if (!st)
		return "R";
	if (st & 1)
		return "S";
	if (st & 2)
		return "D";
	if (st & 4)
		return "T";
	if (st & 8)
		return "t";
	return "?";
}

void print_report(FILE *f, struct wakelat_tool *tool, double secs)
{
	const struct wakelat_data *d = &tool->now;
	struct wakelat_summary sm;
	unsigned int *order, i;
	char label[16];
	uint64_t *row;
	int c;

	row = calloc(d->row, sizeof(*row));
	if (!row)
		return;
	if (!tool->params->no_hist)
		print_hist(f, tool, row);
	fprintf(f, "# %.1f s, %s programs; latency in us\n", secs, tool->attach);
	fprintf(f, "%-6s %10s %9s %8s %8s %8s %8s %9s\n", "CPU", "count", "avg",
		"p50", "p90", "p99", "p99.9", "max");
	for (c = 0; c < d->nr_cpus; c++) {
		if (!cpu_has_samples(d, c))
			continue;
		wakelat_summary_get(d, NULL, c, tool->params->entries, &sm, row);
		snprintf(label, sizeof(label), "%d", c);
		print_summary_line(f, label, &sm);
	}
	wakelat_summary_get(d, NULL, -1, tool->params->entries, &sm, row);
	print_summary_line(f, "all", &sm);

	order = tasks_sorted(d);
	if (order && tool->params->top && d->nr_tasks) {
		fprintf(f, "# tasks by worst latency, with the task that ran just before "
			"(state R: preempted)\n");
		fprintf(f, "%-16s %7s %7s %8s %9s %9s %4s  %-16s %7s %s\n", "COMM", "TID",
			"PID", "count", "avg", "max", "CPU", "BEHIND", "PID", "STATE");
		for (i = 0; i < d->nr_tasks && i < tool->params->top; i++) {
			const struct wakelat_task *t = &d->tasks[order[i]];

			fprintf(f, "%-16.16s %7u %7u %8llu %9.1f %9.1f %4u  %-16.16s %7u %s\n",
				t->comm, d->task_pids[order[i]], t->tgid,
				(unsigned long long)t->count,
				t->count ? t->sum_ns / 1000.0 / t->count : 0.0,
				t->max_ns / 1000.0, t->max_cpu, t->max_prev_comm,
				t->max_prev_pid, state_name(t->max_prev_state));
		}
	}
	free(order);
	fprintf(f, "# events above threshold: %llu written, %llu dropped (ring buffer "
		"full), %llu not written; wakeups not tracked (map full): %llu; "
		"tasks not tracked: %llu\n",
		(unsigned long long)tool->events, (unsigned long long)d->event_drops,
		(unsigned long long)tool->marker_errors,
		(unsigned long long)d->start_drops, (unsigned long long)d->task_drops);
	free(row);
}

void print_interval(struct wakelat_tool *tool)
{
	const struct wakelat_data *d = &tool->now;
	struct wakelat_summary sm;
	char label[16], stamp[16];
	time_t now = time(NULL);
	uint64_t *row;
	int c;

	row = calloc(d->row, sizeof(*row));
	if (!row)
		return;
	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&now));
	for (c = 0; c < d->nr_cpus; c++) {
		if (d->cpu[c].count == tool->prev.cpu[c].count)
			continue;
		wakelat_summary_get(d, &tool->prev, c, tool->params->entries, &sm, row);
		snprintf(label, sizeof(label), "%d", c);
		printf("%s ", stamp);
		print_summary_line(stdout, label, &sm);
	}
	wakelat_summary_get(d, &tool->prev, -1, tool->params->entries, &sm, row);
	printf("%s ", stamp);
	print_summary_line(stdout, "all", &sm);
	fflush(stdout);
	free(row);
}
