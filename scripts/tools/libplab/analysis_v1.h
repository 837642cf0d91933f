/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one writer of schema "preemptlab-analysis" version 1
 * (Documentation/analyze.rst), used by plab-analyze (export.c) and wakelat:
 * the members both tools write come from here, in one order with one
 * number format, so the two cannot drift apart. A tool adds its own
 * members between the calls (wakelat: "measure", "tasks", "log2_tail").
 *
 * Times are microseconds with ns precision (3 decimals); counts are
 * integers.
 */
#ifndef PLAB_ANALYSIS_V1_H
#define PLAB_ANALYSIS_V1_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "json.h"

#define PAV1_SCHEMA	"preemptlab-analysis"
#define PAV1_VERSION	1

/* The document's own members. */
struct pav1_doc {
	const char *generator;		/* "plab-analyze", "plab-wakelat" */
	uint64_t threshold_us;
	uint64_t hist_max_us;
	uint64_t lag_ms;
};

/* Which event sources the run's numbers come from. */
struct pav1_sources {
	bool probe, intervals, irq, softirq, sched;
	bool bpf;			/* written only when true (wakelat) */
};

/* The members every run starts with. */
struct pav1_run {
	const char *file, *kernel, *model;
	const char *error;		/* why the file was not read to its end, or NULL */
	const int *cpus;		/* the CPUs with samples */
	int nr_cpus;
	uint64_t events, samples;
	double duration_s;
	bool clock_offset_known;
	int64_t clock_offset_ns;
	struct pav1_sources sources;
};

/* One latency distribution, in microseconds. */
struct pav1_summary {
	uint64_t count;
	double min_us, mean_us, p50_us, p90_us, p99_us, p999_us, max_us;
};

/* Events the run lost, each counted where the loss was seen. */
struct pav1_missed {
	uint64_t ring_buffer, ring_buffer_unknown;
	uint64_t seq_gaps, seq_lost, seq_resets;
	uint64_t probe_missed_periods;
};

/* Broken invariants seen while reading: the numbers are suspect. */
struct pav1_taint {
	bool read_error;
	uint64_t malformed_events, unknown_events, cpu_mismatch;
	uint64_t dropped_intervals, early_attributions, overlap_capped, bad_intervals;
};

/* Starts the document on f, up to the open "runs" array. */
void pav1_doc_begin(struct json_writer *w, FILE *f, const struct pav1_doc *d);
/* Closes "runs" and the document, with a final newline. */
void pav1_doc_end(struct json_writer *w);

/* Opens a run object with its common members; the tool closes it (jw_obj_end). */
void pav1_run_begin(struct json_writer *w, const struct pav1_run *r);

/* A "stats" row: cpu < 0 is "all"; a NULL summary is left out. */
void pav1_stats_row(struct json_writer *w, int cpu, const struct pav1_summary *irq,
		    const struct pav1_summary *thread);
void pav1_summary(struct json_writer *w, const char *key, const struct pav1_summary *s);

/* "histogram": its header, then the open "series" array; end closes both. */
void pav1_hist_begin(struct json_writer *w, uint64_t max_us);
void pav1_hist_end(struct json_writer *w);
/* A series object up to its open "buckets" array, one pav1_bucket() per */
/* non-empty bucket, then pav1_series_buckets_end() writes "overflow". */
void pav1_series_begin(struct json_writer *w, int cpu, const char *kind);
void pav1_bucket(struct json_writer *w, uint64_t us, uint64_t count);
void pav1_series_buckets_end(struct json_writer *w, uint64_t overflow);

/* The six loss counters, into the open object (the run's or a CPU's). */
void pav1_missed_counts(struct json_writer *w, const struct pav1_missed *m);
void pav1_taint(struct json_writer *w, const struct pav1_taint *t);

#endif
