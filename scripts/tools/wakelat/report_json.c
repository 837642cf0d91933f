// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat's JSON report: schema preemptlab-analysis v1, written through
 * the tools' shared writer (libplab/analysis_v1.h) like plab-analyze's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "analysis_v1.h"
#include "wakelat_user.h"

static void json_summary(struct pav1_summary *s, const struct wakelat_summary *sm)
{
	*s = (struct pav1_summary){
		.count = sm->count, .min_us = sm->min_ns / 1e3,
		.mean_us = sm->count ? sm->sum_ns / 1e3 / sm->count : 0,
		.p50_us = sm->p50_ns / 1e3, .p90_us = sm->p90_ns / 1e3,
		.p99_us = sm->p99_ns / 1e3, .p999_us = sm->p999_ns / 1e3,
		.max_us = sm->max_ns / 1e3,
	};
}

/* The members every run has; wakelat measures threads only, with BPF. */
static void json_head(struct json_writer *w, const struct wakelat_tool *tool,
		      const struct wakelat_summary *all, int *cpus, double secs)
{
	const struct wakelat_data *d = &tool->now;
	const char *model = getenv("PLAB_MODEL");
	struct pav1_run r = {
		.file = "-", .model = model && *model ? model : "host",
		.cpus = cpus, .events = tool->events, .samples = all->count,
		.duration_s = secs, .sources = { .sched = true, .bpf = true },
	};
	struct utsname un;
	int c;

	uname(&un);
	r.kernel = un.release;
	for (c = 0; c < d->nr_cpus; c++)
		if (cpu_has_samples(d, c))
			cpus[r.nr_cpus++] = c;
	pav1_run_begin(w, &r);
	jw_str(w, "measure", "wakeup");
	jw_str(w, "attach", tool->attach);
}

static void json_stats(struct json_writer *w, const struct wakelat_tool *tool,
		       const struct wakelat_summary *all, uint64_t *row)
{
	const struct wakelat_data *d = &tool->now;
	struct wakelat_summary sm;
	struct pav1_summary s;
	int c;

	jw_arr_begin(w, "stats");
	json_summary(&s, all);
	pav1_stats_row(w, -1, NULL, &s);
	for (c = 0; c < d->nr_cpus; c++) {
		if (!cpu_has_samples(d, c))
			continue;
		wakelat_summary_get(d, NULL, c, tool->params->entries, &sm, row);
		json_summary(&s, &sm);
		pav1_stats_row(w, c, NULL, &s);
	}
	jw_arr_end(w);
}

/* One CPU's series: 1 us buckets, then the log2 slots past them as [lo, hi, count]. */
static void json_series(struct json_writer *w, const struct wakelat_data *d,
			unsigned int entries, int c)
{
	const __u64 *r = &d->hist[(size_t)c * d->row];
	__u64 over = 0;
	unsigned int s;

	pav1_series_begin(w, c, "thread");
	for (s = 0; s < entries; s++)
		if (r[s])
			pav1_bucket(w, s, r[s]);
	for (s = entries; s < d->row; s++)
		over += r[s];
	pav1_series_buckets_end(w, over);
	jw_arr_begin_inline(w, "log2_tail");
	for (s = entries; s < d->row; s++) {
		if (!r[s])
			continue;
		jw_arr_begin(w, NULL);
		jw_u64(w, NULL, slot_lo_us(entries, s));
		jw_u64(w, NULL, s == d->row - 1 ? 0 : slot_lo_us(entries, s + 1));
		jw_u64(w, NULL, r[s]);
		jw_arr_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* The top tasks by their worst latency, and who ran before it. */
static void json_tasks(struct json_writer *w, const struct wakelat_data *d,
		       const unsigned int *order, unsigned int top)
{
	unsigned int i;

	jw_arr_begin(w, "tasks");
	for (i = 0; i < d->nr_tasks && i < top; i++) {
		const struct wakelat_task *t = &d->tasks[order[i]];

		jw_obj_begin(w, NULL);
		jw_u64(w, "tid", d->task_pids[order[i]]);
		jw_u64(w, "pid", t->tgid);
		jw_str(w, "comm", t->comm);
		jw_u64(w, "count", t->count);
		jw_num(w, "mean", t->count ? t->sum_ns / 1e3 / t->count : 0, 3);
		jw_num(w, "max", t->max_ns / 1e3, 3);
		jw_u64(w, "max_cpu", t->max_cpu);
		jw_obj_begin(w, "behind");
		jw_str(w, "comm", t->max_prev_comm);
		jw_u64(w, "pid", t->max_prev_pid);
		jw_u64(w, "state", t->max_prev_state);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* Losses: the ring buffer's as the schema's, the BPF maps' and markers' as wakelat's own. */
static void json_missed(struct json_writer *w, const struct wakelat_tool *tool)
{
	const struct wakelat_data *d = &tool->now;
	struct pav1_missed m = { .ring_buffer = d->event_drops };

	jw_obj_begin(w, "missed");
	pav1_missed_counts(w, &m);
	jw_u64(w, "start_map_full", d->start_drops);
	jw_u64(w, "task_map_full", d->task_drops);
	jw_u64(w, "marker_errors", tool->marker_errors);
	jw_obj_end(w);
}

static void json_run(FILE *f, struct wakelat_tool *tool, double secs, uint64_t *row,
		     int *cpus, const unsigned int *order)
{
	const struct wakelat_params *p = tool->params;
	const struct wakelat_data *d = &tool->now;
	struct pav1_doc doc = { .generator = "plab-wakelat", .threshold_us = p->threshold_us,
				.hist_max_us = p->entries };
	struct pav1_taint taint = { 0 };	/* nothing is read that could be malformed */
	struct wakelat_summary all;
	struct json_writer w;
	int c;

	wakelat_summary_get(d, NULL, -1, p->entries, &all, row);
	pav1_doc_begin(&w, f, &doc);
	json_head(&w, tool, &all, cpus, secs);
	json_stats(&w, tool, &all, row);
	pav1_hist_begin(&w, p->entries);
	for (c = 0; c < d->nr_cpus; c++)
		if (cpu_has_samples(d, c))
			json_series(&w, d, p->entries, c);
	pav1_hist_end(&w);
	json_tasks(&w, d, order, p->top);
	json_missed(&w, tool);
	pav1_taint(&w, &taint);
	jw_obj_end(&w);
	pav1_doc_end(&w);
}

int write_json(struct wakelat_tool *tool, double secs)
{
	const struct wakelat_params *p = tool->params;
	const struct wakelat_data *d = &tool->now;
	unsigned int *order = NULL;
	uint64_t *row = NULL;
	int *cpus = NULL, err = -1;
	FILE *f;

	f = strcmp(p->json, "-") ? fopen(p->json, "w") : stdout;
	if (!f) {
		fprintf(stderr, PROG ": cannot write '%s': %s\n", p->json, strerror(errno));
		return -1;
	}
	row = calloc(d->row, sizeof(*row));
	cpus = calloc(d->nr_cpus, sizeof(*cpus));
	order = tasks_sorted(d);
	if (row && cpus && order) {
		json_run(f, tool, secs, row, cpus, order);
		err = ferror(f);
	} else {
		fprintf(stderr, PROG ": out of memory for the JSON report\n");
	}
	free(row);
	free(cpus);
	free(order);
	if (f != stdout)
		err |= fclose(f);
	else
		err |= fflush(f);
	if (err)
		fprintf(stderr, PROG ": error writing '%s'\n", p->json);
	return err ? -1 : 0;
}
