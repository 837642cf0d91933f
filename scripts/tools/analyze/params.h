/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plab-analyze parameters: what the command line asked for. Filled by
 * cli_parse() only; nothing here touches a file or the system.
 */
#ifndef PLAB_ANALYZE_PARAMS_H
#define PLAB_ANALYZE_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#define PARAMS_MAX_FILES	64

#define DEFAULT_THRESHOLD_US	100		/* 100 us */
#define DEFAULT_HIST_MAX_US	100000		/* 100 ms */
#define DEFAULT_LAG_MS		1000		/* 1 s */
#define DEFAULT_TOL_REL		0.2		/* 20 % */
#define DEFAULT_TOL_ABS_US	500		/* 500 us */
#define DEFAULT_TOP		10

#define MAX_HIST_MAX_US		10000000	/* 10 s of 1 us buckets */
#define MAX_THRESHOLD_US	100000000	/* 100 s */
#define MAX_LAG_MS		3600000		/* 1 h */

/* Exit statuses, documented in Documentation/analyze.rst. */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* cannot read an input or write an output */
	EXIT_USAGE = 2,
	EXIT_REGRESSION = 3,
};

struct plab_params {
	const char *files[PARAMS_MAX_FILES];
	int nr_files;
	const char *models[PARAMS_MAX_FILES];	/* -m, in file order */
	int nr_models;
	const char *kernels[PARAMS_MAX_FILES];	/* -k, in file order */
	int nr_kernels;
	uint64_t threshold_us;
	uint64_t hist_max_us;
	uint64_t lag_ms;
	const char *json_path;		/* NULL: no JSON; "-": stdout */
	const char *plot_dir;
	const char *baseline_path;
	double tol_rel;
	uint64_t tol_abs_us;
	unsigned int top;		/* causes shown in the text report */
	bool print_hist;
	bool quiet;
	int verbose;
};

#endif
