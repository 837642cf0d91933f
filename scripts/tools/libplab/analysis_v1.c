// SPDX-License-Identifier: GPL-2.0
/*
 * Schema preemptlab-analysis version 1 (analysis_v1.h). The member names
 * and their order are the schema: change them only with a new version.
 */
#include "analysis_v1.h"

void pav1_doc_begin(struct json_writer *w, FILE *f, const struct pav1_doc *d)
{
	jw_init(w, f, 2, 0);
	jw_obj_begin(w, NULL);
	jw_str(w, "schema", PAV1_SCHEMA);
	jw_i64(w, "version", PAV1_VERSION);
	jw_str(w, "generator", d->generator);
	jw_str(w, "unit", "us");
	jw_u64(w, "threshold_us", d->threshold_us);
	jw_u64(w, "hist_max_us", d->hist_max_us);
	jw_u64(w, "lag_ms", d->lag_ms);
	jw_arr_begin(w, "runs");
}

void pav1_doc_end(struct json_writer *w)
{
	jw_arr_end(w);
	jw_obj_end(w);
	jw_finish(w);
}

static void pav1_sources(struct json_writer *w, const struct pav1_sources *s)
{
	jw_obj_begin(w, "sources");
	jw_bool(w, "probe", s->probe);
	jw_bool(w, "intervals", s->intervals);
	jw_bool(w, "irq", s->irq);
	jw_bool(w, "softirq", s->softirq);
	jw_bool(w, "sched", s->sched);
	/* Only wakelat has it: the analyzer's documents stay as they were. */
	if (s->bpf)
		jw_bool(w, "bpf", true);
	jw_obj_end(w);
}

void pav1_run_begin(struct json_writer *w, const struct pav1_run *r)
{
	int i;

	jw_obj_begin(w, NULL);
	jw_str(w, "file", r->file);
	jw_str(w, "kernel", r->kernel);
	jw_str(w, "model", r->model);
	/* Results of a file not read to its end are marked as partial. */
	jw_bool(w, "partial", r->error && r->error[0]);
	if (r->error && r->error[0])
		jw_str(w, "error", r->error);
	jw_arr_begin_inline(w, "cpus");
	for (i = 0; i < r->nr_cpus; i++)
		jw_i64(w, NULL, r->cpus[i]);
	jw_arr_end(w);
	jw_u64(w, "events", r->events);
	jw_u64(w, "samples", r->samples);
	jw_num(w, "duration_s", r->duration_s, 6);
	if (r->clock_offset_known)
		jw_i64(w, "clock_offset_ns", r->clock_offset_ns);
	pav1_sources(w, &r->sources);
}

void pav1_summary(struct json_writer *w, const char *key, const struct pav1_summary *s)
{
	jw_obj_begin(w, key);
	jw_u64(w, "count", s->count);
	jw_num(w, "min", s->min_us, 3);
	jw_num(w, "mean", s->mean_us, 3);
	jw_num(w, "p50", s->p50_us, 3);
	jw_num(w, "p90", s->p90_us, 3);
	jw_num(w, "p99", s->p99_us, 3);
	jw_num(w, "p999", s->p999_us, 3);
	jw_num(w, "max", s->max_us, 3);
	jw_obj_end(w);
}

void pav1_stats_row(struct json_writer *w, int cpu, const struct pav1_summary *irq,
		    const struct pav1_summary *thread)
{
	jw_obj_begin(w, NULL);
	if (cpu < 0)
		jw_str(w, "cpu", "all");
	else
		jw_i64(w, "cpu", cpu);
	if (irq)
		pav1_summary(w, "irq", irq);
	if (thread)
		pav1_summary(w, "thread", thread);
	jw_obj_end(w);
}

void pav1_hist_begin(struct json_writer *w, uint64_t max_us)
{
	jw_obj_begin(w, "histogram");
	jw_str(w, "unit", "us");
	jw_u64(w, "bucket_us", 1);
	jw_u64(w, "max_us", max_us);
	jw_arr_begin(w, "series");
}

void pav1_hist_end(struct json_writer *w)
{
	jw_arr_end(w);
	jw_obj_end(w);
}

void pav1_series_begin(struct json_writer *w, int cpu, const char *kind)
{
	jw_obj_begin(w, NULL);
	jw_i64(w, "cpu", cpu);
	jw_str(w, "kind", kind);
	/* Thousands of pairs: one line keeps the report readable. */
	jw_arr_begin_inline(w, "buckets");
}

void pav1_bucket(struct json_writer *w, uint64_t us, uint64_t count)
{
	jw_arr_begin(w, NULL);
	jw_u64(w, NULL, us);
	jw_u64(w, NULL, count);
	jw_arr_end(w);
}

void pav1_series_buckets_end(struct json_writer *w, uint64_t overflow)
{
	jw_arr_end(w);
	jw_u64(w, "overflow", overflow);
}

void pav1_missed_counts(struct json_writer *w, const struct pav1_missed *m)
{
	jw_u64(w, "ring_buffer", m->ring_buffer);
	jw_u64(w, "ring_buffer_unknown", m->ring_buffer_unknown);
	jw_u64(w, "seq_gaps", m->seq_gaps);
	jw_u64(w, "seq_lost", m->seq_lost);
	jw_u64(w, "seq_resets", m->seq_resets);
	jw_u64(w, "probe_missed_periods", m->probe_missed_periods);
}

void pav1_taint(struct json_writer *w, const struct pav1_taint *t)
{
	jw_obj_begin(w, "taint");
	jw_bool(w, "read_error", t->read_error);
	jw_u64(w, "malformed_events", t->malformed_events);
	jw_u64(w, "unknown_events", t->unknown_events);
	jw_u64(w, "cpu_mismatch", t->cpu_mismatch);
	jw_u64(w, "dropped_intervals", t->dropped_intervals);
	jw_u64(w, "early_attributions", t->early_attributions);
	jw_u64(w, "overlap_capped", t->overlap_capped);
	jw_u64(w, "bad_intervals", t->bad_intervals);
	jw_obj_end(w);
}
