/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Baseline comparison: p99, p99.9 and max of the IRQ and thread latency,
 * per model and CPU (and all CPUs), against a previous JSON report.
 */
#ifndef PLAB_ANALYZE_BASELINE_H
#define PLAB_ANALYZE_BASELINE_H

#include <stdio.h>
#include "params.h"
#include "run.h"

enum { BL_IRQ, BL_THREAD, BL_NR_KINDS };
enum { BL_P99, BL_P999, BL_MAX, BL_NR_METRICS };

struct baseline_row {
	char model[RUN_NAME_LEN];
	int cpu;			/* -1: all CPUs */
	double us[BL_NR_KINDS][BL_NR_METRICS];
	bool have[BL_NR_KINDS][BL_NR_METRICS];
};

struct baseline {
	struct baseline_row *row;
	int nr;
};

/* Rows from a JSON report in memory; -1 with err on a bad document. */
int baseline_parse(const char *buf, size_t len, struct baseline *b,
		   char *err, size_t errlen);
int baseline_load(const char *path, struct baseline *b, char *err,
		  size_t errlen);
void baseline_free(struct baseline *b);
/*
 * Print the comparison to f; returns the number of regressions: values
 * above base * (1 + tol_rel) and above base + tol_abs_us.
 */
int baseline_compare(FILE *f, const struct baseline *b,
		     struct run *const *runs, int nr,
		     const struct plab_params *p);
bool baseline_regressed(double base, double cur, double tol_rel,
			double tol_abs_us);

#endif
