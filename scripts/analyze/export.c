// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON report, schema "preemptlab-analysis" version 1. Times are in
 * microseconds with ns precision (3 decimals); counts are integers.
 */
#include "export.h"
#include "json.h"

static void export_summary(struct json_writer *w, const char *key,
			   const struct lat_hist *h)
{
	struct lat_summary s;

	lat_hist_summary(h, &s);
	jw_obj_begin(w, key);
	jw_u64(w, "count", s.count);
	jw_num(w, "min", s.min_ns / 1e3, 3);
	jw_num(w, "mean", s.mean_ns / 1e3, 3);
	jw_num(w, "p50", s.p50_ns / 1e3, 3);
	jw_num(w, "p90", s.p90_ns / 1e3, 3);
	jw_num(w, "p99", s.p99_ns / 1e3, 3);
	jw_num(w, "p999", s.p999_ns / 1e3, 3);
	jw_num(w, "max", s.max_ns / 1e3, 3);
	jw_obj_end(w);
}

static void export_cpu_key(struct json_writer *w, int cpu)
{
	if (cpu < 0)
		jw_str(w, "cpu", "all");
	else
		jw_i64(w, "cpu", cpu);
}

static void export_series(struct json_writer *w, int cpu, const char *kind,
			  const struct lat_hist *h)
{
	uint64_t i;

	jw_obj_begin(w, NULL);
	jw_i64(w, "cpu", cpu);
	jw_str(w, "kind", kind);
	jw_arr_begin_inline(w, "buckets");
	for (i = 0; i < h->entries; i++) {
		if (!h->bucket[i])
			continue;
		jw_arr_begin(w, NULL);
		jw_u64(w, NULL, i);
		jw_u64(w, NULL, h->bucket[i]);
		jw_arr_end(w);
	}
	jw_arr_end(w);
	jw_u64(w, "overflow", h->bucket[h->entries]);
	jw_obj_end(w);
}

static void export_causes(struct json_writer *w, const struct run *r, int cpu)
{
	static uint32_t ids[ATTR_MAX_CAUSES];
	const struct attr *a = &r->attr;
	const struct attr_cause_stat *cs = attr_stats(a, cpu);
	uint64_t n = cpu < 0 ? a->nr_over : a->cpu[cpu]->nr_over;
	uint64_t lat = cpu < 0 ? a->over_ns : a->cpu[cpu]->over_ns;
	int i, nr = attr_rank(a, cpu, ids, ATTR_MAX_CAUSES);

	jw_obj_begin(w, NULL);
	export_cpu_key(w, cpu);
	jw_u64(w, "samples", n);
	jw_num(w, "latency_us", lat / 1e3, 3);
	jw_arr_begin(w, "causes");
	for (i = 0; i < nr && cs; i++) {
		const struct attr_cause_stat *s = &cs[ids[i]];

		jw_obj_begin(w, NULL);
		jw_i64(w, "rank", i + 1);
		jw_str(w, "cause", attr_cause_label(a, ids[i]));
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

static void export_missed(struct json_writer *w, const struct run *r)
{
	uint64_t t[6] = { 0 };
	int i;

	for (i = 0; i < RUN_MAX_CPUS; i++) {
		const struct run_cpu *c = r->cpu[i];

		if (!c)
			continue;
		t[0] += c->rb_missed;
		t[1] += c->rb_missed_unknown;
		t[2] += c->seq_gaps;
		t[3] += c->seq_lost;
		t[4] += c->seq_resets;
		t[5] += c->probe_missed;
	}
	jw_obj_begin(w, "missed");
	jw_u64(w, "ring_buffer", t[0]);
	jw_u64(w, "ring_buffer_unknown", t[1]);
	jw_u64(w, "seq_gaps", t[2]);
	jw_u64(w, "seq_lost", t[3]);
	jw_u64(w, "seq_resets", t[4]);
	jw_u64(w, "probe_missed_periods", t[5]);
	jw_arr_begin(w, "per_cpu");
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		const struct run_cpu *c = r->cpu[i];

		if (!c)
			continue;
		jw_obj_begin(w, NULL);
		jw_i64(w, "cpu", i);
		jw_u64(w, "ring_buffer", c->rb_missed);
		jw_u64(w, "ring_buffer_unknown", c->rb_missed_unknown);
		jw_u64(w, "seq_gaps", c->seq_gaps);
		jw_u64(w, "seq_lost", c->seq_lost);
		jw_u64(w, "seq_resets", c->seq_resets);
		jw_u64(w, "probe_missed_periods", c->probe_missed);
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

static void export_run(struct json_writer *w, const struct run *r)
{
	const struct attr *a = &r->attr;
	uint64_t mismatch = 0;
	int i;

	jw_obj_begin(w, NULL);
	jw_str(w, "file", r->file);
	jw_str(w, "kernel", r->kernel);
	jw_str(w, "model", r->model);
	/* Results of a file not read to its end are marked as partial. */
	jw_bool(w, "partial", r->error[0] != '\0');
	if (r->error[0])
		jw_str(w, "error", r->error);
	jw_arr_begin_inline(w, "cpus");
	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->cpu[i] && r->cpu[i]->thread.count)
			jw_i64(w, NULL, i);
	jw_arr_end(w);
	jw_u64(w, "events", r->events);
	jw_u64(w, "samples", r->samples);
	jw_num(w, "duration_s", r->events > 1 ? (r->last_ts - r->first_ts) / 1e9 : 0, 6);
	if (r->clock_offset_known)
		jw_i64(w, "clock_offset_ns", r->clock_offset_ns);
	jw_obj_begin(w, "sources");
	jw_bool(w, "probe", r->have_probe);
	jw_bool(w, "intervals", r->have_intervals);
	jw_bool(w, "irq", r->have_irq);
	jw_bool(w, "softirq", r->have_softirq);
	jw_bool(w, "sched", r->have_sched);
	jw_obj_end(w);

	jw_arr_begin(w, "stats");
	jw_obj_begin(w, NULL);
	export_cpu_key(w, -1);
	export_summary(w, "irq", &r->all_irq);
	export_summary(w, "thread", &r->all_thread);
	jw_obj_end(w);
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i] || !r->cpu[i]->thread.count)
			continue;
		jw_obj_begin(w, NULL);
		export_cpu_key(w, i);
		export_summary(w, "irq", &r->cpu[i]->irq);
		export_summary(w, "thread", &r->cpu[i]->thread);
		jw_obj_end(w);
	}
	jw_arr_end(w);

	jw_obj_begin(w, "histogram");
	jw_str(w, "unit", "us");
	jw_u64(w, "bucket_us", 1);
	jw_u64(w, "max_us", r->hist_entries);
	jw_arr_begin(w, "series");
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i] || !r->cpu[i]->thread.count)
			continue;
		export_series(w, i, "irq", &r->cpu[i]->irq);
		export_series(w, i, "thread", &r->cpu[i]->thread);
	}
	jw_arr_end(w);
	jw_obj_end(w);

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

	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->cpu[i])
			mismatch += r->cpu[i]->cpu_mismatch;
	jw_obj_begin(w, "taint");
	jw_bool(w, "read_error", r->read_error);
	jw_u64(w, "malformed_events", r->malformed);
	jw_u64(w, "unknown_events", r->unknown_events);
	jw_u64(w, "cpu_mismatch", mismatch);
	jw_u64(w, "dropped_intervals", a->dropped_intervals);
	jw_u64(w, "early_attributions", a->early_samples);
	jw_u64(w, "overlap_capped", a->overlap_capped);
	jw_u64(w, "bad_intervals", a->bad_intervals);
	jw_obj_end(w);
	jw_obj_end(w);
}

void export_json(FILE *f, struct run *const *runs, int nr,
		 const struct plab_params *p)
{
	struct json_writer w;
	int i;

	jw_init(&w, f);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "schema", EXPORT_SCHEMA);
	jw_i64(&w, "version", EXPORT_VERSION);
	jw_str(&w, "generator", "plab-analyze");
	jw_str(&w, "unit", "us");
	jw_u64(&w, "threshold_us", p->threshold_us);
	jw_u64(&w, "hist_max_us", p->hist_max_us);
	jw_u64(&w, "lag_ms", p->lag_ms);
	jw_arr_begin(&w, "runs");
	for (i = 0; i < nr; i++)
		export_run(&w, runs[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_finish(&w);
}
