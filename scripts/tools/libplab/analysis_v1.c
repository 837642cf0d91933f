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

static const struct jw_field pav1_sources_fields[] = {
	JWF_BOOL(struct pav1_sources, probe),
	JWF_BOOL(struct pav1_sources, intervals),
	JWF_BOOL(struct pav1_sources, irq),
	JWF_BOOL(struct pav1_sources, softirq),
	JWF_BOOL(struct pav1_sources, sched),
};

static void pav1_sources(struct json_writer *w, const struct pav1_sources *s)
{
	jw_obj_begin(w, "sources");
	JW_FIELDS(w, s, pav1_sources_fields);
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

/* Microseconds with ns precision. */
static const struct jw_field pav1_summary_fields[] = {
	JWF_U64(struct pav1_summary, count),
	JWF_NUM("min", struct pav1_summary, min_us, 3),
	JWF_NUM("mean", struct pav1_summary, mean_us, 3),
	JWF_NUM("p50", struct pav1_summary, p50_us, 3),
	JWF_NUM("p90", struct pav1_summary, p90_us, 3),
	JWF_NUM("p99", struct pav1_summary, p99_us, 3),
	JWF_NUM("p999", struct pav1_summary, p999_us, 3),
	JWF_NUM("max", struct pav1_summary, max_us, 3),
};

void pav1_summary(struct json_writer *w, const char *key, const struct pav1_summary *s)
{
	jw_obj_begin(w, key);
	JW_FIELDS(w, s, pav1_summary_fields);
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

static const struct jw_field pav1_missed_fields[] = {
	JWF_U64(struct pav1_missed, ring_buffer),
	JWF_U64(struct pav1_missed, ring_buffer_unknown),
	JWF_U64(struct pav1_missed, seq_gaps),
	JWF_U64(struct pav1_missed, seq_lost),
	JWF_U64(struct pav1_missed, seq_resets),
	JWF_U64(struct pav1_missed, probe_missed_periods),
};

void pav1_missed_counts(struct json_writer *w, const struct pav1_missed *m)
{
	JW_FIELDS(w, m, pav1_missed_fields);
}

static const struct jw_field pav1_taint_fields[] = {
	JWF_BOOL(struct pav1_taint, read_error),
	JWF_U64(struct pav1_taint, malformed_events),
	JWF_U64(struct pav1_taint, unknown_events),
	JWF_U64(struct pav1_taint, cpu_mismatch),
	JWF_U64(struct pav1_taint, dropped_intervals),
	JWF_U64(struct pav1_taint, early_attributions),
	JWF_U64(struct pav1_taint, overlap_capped),
	JWF_U64(struct pav1_taint, bad_intervals),
};

void pav1_taint(struct json_writer *w, const struct pav1_taint *t)
{
	jw_obj_begin(w, "taint");
	JW_FIELDS(w, t, pav1_taint_fields);
	jw_obj_end(w);
}
