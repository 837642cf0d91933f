/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plab-verdict: the state of one report. Raw results of every model and
 * boot (OUT/raw/<model>-<boot>/, written by plab-scenario-exec), the
 * verdict of every scenario on every model, and the analyzer's reports of
 * the traces; the report writers only read it.
 */
#ifndef PLAB_VERDICT_VERDICT_H
#define PLAB_VERDICT_VERDICT_H

#include <stdbool.h>
#include "expr.h"
#include "json.h"
#include "scn.h"
#include "util.h"

struct boot_info {
	char *label;
	struct kvlist env;	/* env-<boot>.txt, then vm_result and accelerator */
	struct kvlist noise;	/* noise-<boot>.txt */
};

struct model_info {
	char *name;
	struct boot_info *boots;	/* every OUT/raw/<model>-* found, sorted */
	int nboots, cap;
};

/* One plab-analyze report: the document, or why there is none. */
struct analysis {
	char *text;		/* the file as written, embedded in report.json */
	struct json_node *doc;
	char *error;
};

/* One evaluation of an assertion: a trial, or a pair of trials of two cells. */
struct evaluation {
	int t, u;		/* this cell's trial, the other cells' (0-based) */
	int side;		/* 1 holds, -1 fails beyond the margin, 0 within */
	struct xval lhs, rhs, margin;
};

struct check {
	char *result;		/* holds, fails, inconclusive */
	bool numbers;		/* lhs, rhs and margin were evaluated */
	struct xval lhs, rhs, margin;	/* the medians over the evaluations */
	char *text, *why;
	struct evaluation *evals;	/* with more than one evaluation */
	int nevals;
	bool pairs;		/* the evaluations are pairs of trials */
};

/* A scenario on a model. */
struct cell {
	/*
	 * [ntrials]: per trial, every boot's metrics of that trial and the
	 * larger noise readings of the boots (metrics-BOOT.txt is trial 1,
	 * metrics-BOOT.trialN.txt trial N); at least one.
	 */
	struct kvlist *trial;
	int ntrials;
	char *status;		/* ok, or the first other status of its boots */
	char **traces, **trace_boots;
	int ntraces;
	struct analysis *an;
	int nan;
	char *verdict, *why;
	struct check *checks;
	int nchecks;
};

struct run {
	const char *out;
	char **models;
	int nmodels;
	struct scn *scns;
	int nscns;
	struct model_info *mi;	/* per model */
	struct cell *cells;	/* [scn * nmodels + model] */
	char **plots;		/* per scenario: "<scn>.svg" or NULL */
	const char *analyzer;	/* plab-analyze binary */
};

static inline struct cell *cell_of(const struct run *r, int s, int m)
{
	return &r->cells[s * r->nmodels + m];
}

/* raw.c: read OUT/raw into r->mi and the cells' metrics and status. */
void load_raw(struct run *r);
/* raw.c: the model's boots sorted by label (free() the array) */
const struct boot_info **sorted_boots(const struct model_info *mi);
/* verdict.c */
void check_assertion(const struct expect *e, const struct run *r, int s, int m, struct check *c);
void decide(struct run *r, int s, int m);
void cell_free(struct cell *c);
/* analysis.c: runs plab-analyze on every trace; fills the cells' an[]. */
void analyze_traces(struct run *r);
/* Thread latency histogram, counts per log2 bucket: hist[b] counts (2^(b-1), 2^b]. */
bool thread_hist(const struct cell *c, double hist[64]);
/* The "all" CPU thread statistics of the first run that has samples, or NULL. */
const struct json_node *run_stats(const struct cell *c);
/* The first n causes of CPU "all" over the runs. */
int top_causes(const struct cell *c, const struct json_node **out, int n);
/* Whether Python would call the value true (non-zero, non-empty). */
bool py_truthy(const struct json_node *n);
/* The value as Python's str() prints it (numbers, strings, bools, null). */
void py_str(const struct json_node *n, char *buf, size_t len);
/* plot.c: OUT/plots/<scn>.{dat,gp,png,svg}; returns "<scn>.svg" or NULL. */
char *plot_scenario(const struct run *r, int s);
/* report_text.c: summary.txt's text. */
void summary_text(const struct run *r, struct sbuf *b);
/* report_json.c / report_html.c: 0 or -1 (errno). */
int write_report_json(const struct run *r, const char *path);
int write_html(const struct run *r, const char *path);

#endif
