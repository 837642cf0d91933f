// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON report, schema "preemptlab-analysis" version 1, through the
 * schema's one writer (libplab/analysis_v1.h); what only the analyzer has
 * (causes, per-CPU losses, softirq deferral) is written here.
 */
#include "export.h"

/* A histogram as the schema's summary: ns to us. */
static void export_summary(struct pav1_summary *s, const struct plab_hist *h)
{
	struct plab_hist_summary l;

	plab_hist_summary(h, &l);
	*s = (struct pav1_summary){
		.count = l.count, .min_us = l.min_ns / 1e3, .mean_us = l.mean_ns / 1e3,
		.p50_us = l.p50_ns / 1e3, .p90_us = l.p90_ns / 1e3, .p99_us = l.p99_ns / 1e3,
		.p999_us = l.p999_ns / 1e3, .max_us = l.max_ns / 1e3,
	};
}

static void export_stats_row(struct json_writer *w, int cpu,
			     const struct plab_hist *irq, const struct plab_hist *thread)
{
	struct pav1_summary si, st;

	export_summary(&si, irq);
	export_summary(&st, thread);
	pav1_stats_row(w, cpu, &si, &st);
}

static void export_series(struct json_writer *w, int cpu, const char *kind,
			  const struct plab_hist *h)
{
	uint64_t i;

	pav1_series_begin(w, cpu, kind);
	for (i = 0; i < h->entries; i++)
		if (h->bucket[i])
			pav1_bucket(w, i, h->bucket[i]);
	pav1_series_buckets_end(w, h->bucket[h->entries]);
	jw_obj_end(w);
}

static void export_cpu_key(struct json_writer *w, int cpu)
{
	if (cpu < 0)
		jw_str(w, "cpu", "all");
	else
		jw_i64(w, "cpu", cpu);
}

static void export_causes(struct json_writer *w, const struct run *r, int cpu)
{
	static struct attr_ranking rk;
	const struct attr *a = &r->attr;
	uint64_t lat;
	int i;

	attr_ranking(a, cpu, &rk);
	lat = rk.latency_ns;
	jw_obj_begin(w, NULL);
	export_cpu_key(w, cpu);
	jw_u64(w, "samples", rk.samples);
	jw_num(w, "latency_us", lat / 1e3, 3);
	jw_arr_begin(w, "causes");
	for (i = 0; i < rk.nr && rk.cs; i++) {
		const struct attr_cause_stat *s = &rk.cs[rk.ids[i]];

		jw_obj_begin(w, NULL);
		jw_i64(w, "rank", i + 1);
		jw_str(w, "cause", attr_cause_label(a, rk.ids[i]));
		jw_u64(w, "samples", s->samples);
		jw_u64(w, "top", s->top);
		jw_num(w, "total_us", s->total_ns / 1e3, 3);
		jw_num(w, "share", lat ? (double)s->total_ns / lat : 0, 4);
		jw_num(w, "max_us", s->max_ns / 1e3, 3);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void export_missed_of(struct pav1_missed *m, const struct run_cpu *c)
{
	m->ring_buffer += c->rb_missed;
	m->ring_buffer_unknown += c->rb_missed_unknown;
	m->seq_gaps += c->seq_gaps;
	m->seq_lost += c->seq_lost;
	m->seq_resets += c->seq_resets;
	m->probe_missed_periods += c->probe_missed;
}

static void export_missed(struct json_writer *w, const struct run *r)
{
	struct pav1_missed all = { 0 }, one;
	int i;

	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->cpu[i])
			export_missed_of(&all, r->cpu[i]);
	jw_obj_begin(w, "missed");
	pav1_missed_counts(w, &all);
	jw_arr_begin(w, "per_cpu");
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i])
			continue;
		one = (struct pav1_missed){ 0 };
		export_missed_of(&one, r->cpu[i]);
		jw_obj_begin(w, NULL);
		jw_i64(w, "cpu", i);
		pav1_missed_counts(w, &one);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void export_defer_stats(struct json_writer *w,
			       const struct defer_stats *s)
{
	int i;

	jw_u64(w, "count", s->count);
	jw_obj_begin(w, "reasons");
	for (i = 0; i < DEFER_NR_REASONS; i++)
		jw_u64(w, defer_reason_name(i), s->reason[i]);
	jw_obj_end(w);
	jw_obj_begin(w, "pending");
	for (i = 0; i <= DEFER_NR_VEC; i++)
		jw_u64(w, i < DEFER_NR_VEC ? defer_vec_name(i) : "other",
		       s->pending[i]);
	jw_obj_end(w);
	jw_u64(w, "max_restarts", s->max_restarts);
	jw_num(w, "max_elapsed_us", s->max_elapsed_ns / 1e3, 3);
}

/* Only when the trace holds irq:softirq_defer: the schema is otherwise v1's. */
static void export_defer(struct json_writer *w, const struct run *r)
{
	int i;

	if (!r->have_defer)
		return;
	jw_obj_begin(w, "softirq_defer");
	export_defer_stats(w, &r->defer_all);
	jw_arr_begin(w, "per_cpu");
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->defer[i] || !r->defer[i]->count)
			continue;
		jw_obj_begin(w, NULL);
		jw_i64(w, "cpu", i);
		export_defer_stats(w, r->defer[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* The CPUs with thread samples, in cpus; their number. */
static int export_cpus(const struct run *r, int *cpus)
{
	int i, n = 0;

	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->cpu[i] && r->cpu[i]->thread.count)
			cpus[n++] = i;
	return n;
}

/* The members the schema's writer puts first. */
static void export_head(struct json_writer *w, const struct run *r)
{
	int cpus[RUN_MAX_CPUS];
	struct pav1_run h = {
		.file = r->file, .kernel = r->kernel, .model = r->model,
		.error = r->error, .cpus = cpus, .nr_cpus = export_cpus(r, cpus),
		.events = r->events, .samples = r->samples,
		.duration_s = r->events > 1 ? (r->last_ts - r->first_ts) / 1e9 : 0,
		.clock_offset_known = r->clock_offset_known,
		.clock_offset_ns = r->clock_offset_ns,
		.sources = { .probe = r->have_probe, .intervals = r->have_intervals,
			     .irq = r->have_irq, .softirq = r->have_softirq,
			     .sched = r->have_sched },
	};

	pav1_run_begin(w, &h);
}

static void export_taint(struct json_writer *w, const struct run *r)
{
	const struct attr *a = &r->attr;
	struct pav1_taint t = {
		.read_error = r->read_error, .malformed_events = r->malformed,
		.unknown_events = r->unknown_events,
		.dropped_intervals = a->dropped_intervals,
		.early_attributions = a->early_samples,
		.overlap_capped = a->overlap_capped, .bad_intervals = a->bad_intervals,
	};
	int i;

	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->cpu[i])
			t.cpu_mismatch += r->cpu[i]->cpu_mismatch;
	pav1_taint(w, &t);
}

static void export_run(struct json_writer *w, const struct run *r)
{
	const struct attr *a = &r->attr;
	int i;

	export_head(w, r);
	jw_arr_begin(w, "stats");
	export_stats_row(w, -1, &r->all_irq, &r->all_thread);
	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->cpu[i] && r->cpu[i]->thread.count)
			export_stats_row(w, i, &r->cpu[i]->irq, &r->cpu[i]->thread);
	jw_arr_end(w);

	pav1_hist_begin(w, r->hist_entries);
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i] || !r->cpu[i]->thread.count)
			continue;
		export_series(w, i, "irq", &r->cpu[i]->irq);
		export_series(w, i, "thread", &r->cpu[i]->thread);
	}
	pav1_hist_end(w);

	jw_obj_begin(w, "causes");
	jw_num(w, "threshold_us", a->threshold_ns / 1e3, 3);
	jw_u64(w, "samples", a->nr_over);
	jw_arr_begin(w, "per_cpu");
	export_causes(w, r, -1);
	for (i = 0; i < ATTR_MAX_CPUS; i++)
		if (a->cpu[i] && a->cpu[i]->nr_over)
			export_causes(w, r, i);
	jw_arr_end(w);
	jw_obj_end(w);

	export_missed(w, r);
	export_defer(w, r);
	export_taint(w, r);
	jw_obj_end(w);
}

void export_json(FILE *f, struct run *const *runs, int nr,
		 const struct plab_params *p)
{
	struct pav1_doc d = { .generator = "plab-analyze",
			      .threshold_us = p->threshold_us,
			      .hist_max_us = p->hist_max_us, .lag_ms = p->lag_ms };
	struct json_writer w;
	int i;

	pav1_doc_begin(&w, f, &d);
	for (i = 0; i < nr; i++)
		export_run(&w, runs[i]);
	pav1_doc_end(&w);
}
