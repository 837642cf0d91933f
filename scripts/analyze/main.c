// SPDX-License-Identifier: GPL-2.0
/*
 * plab-analyze: percentiles, histograms, missed events and the causes of
 * the latency spikes in preemptlab trace.dat files. See
 * Documentation/analyze.rst.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "cli.h"
#include "export.h"
#include "plot.h"
#include "report.h"
#include "run.h"
#include "trace.h"

#define ERR_LEN 512

static const char *param_for(const char *const *v, int nr, int i)
{
	if (!nr)
		return NULL;
	return nr == 1 ? v[0] : v[i];
}

static int write_json(const struct plab_params *p, struct run *const *runs,
		      int nr)
{
	FILE *f = strcmp(p->json_path, "-") ? fopen(p->json_path, "w") : stdout;

	if (!f) {
		perror(p->json_path);
		return -1;
	}
	export_json(f, runs, nr, p);
	if (f == stdout)
		return fflush(f) ? -1 : 0;
	if (fclose(f)) {
		perror(p->json_path);
		return -1;
	}
	return 0;
}

static int run_tool(const struct plab_params *p)
{
	struct run **runs = calloc(p->nr_files, sizeof(*runs));
	struct baseline base = { 0 };
	char err[ERR_LEN];
	int ret = EXIT_OK, nr = 0, i;
	FILE *out = stdout;
	const char *name;

	if (!runs) {
		fprintf(stderr, "plab-analyze: out of memory\n");
		return EXIT_INPUT;
	}
	/* Read the baseline first: a bad one should not cost a long trace. */
	if (p->baseline_path && baseline_load(p->baseline_path, &base, err, sizeof(err))) {
		fprintf(stderr, "plab-analyze: baseline %s\n", err);
		free(runs);
		return EXIT_INPUT;
	}
	/* With JSON on stdout, the text goes to stderr. */
	if (p->json_path && !strcmp(p->json_path, "-"))
		out = stderr;
	for (i = 0; i < p->nr_files; i++) {
		struct run *r = calloc(1, sizeof(*r));

		if (!r || run_init(r, p->files[i], p->hist_max_us,
				   p->threshold_us, p->lag_ms)) {
			free(r);
			fprintf(stderr, "plab-analyze: out of memory\n");
			ret = EXIT_INPUT;
			break;
		}
		runs[nr++] = r;
		name = param_for(p->models, p->nr_models, i);
		if (name)
			snprintf(r->model, sizeof(r->model), "%s", name);
		else
			run_unique_model(r, runs, nr - 1);
		name = param_for(p->kernels, p->nr_kernels, i);
		if (name)
			snprintf(r->kernel, sizeof(r->kernel), "%s", name);
		if (trace_read(r, p->files[i], p->verbose, err, sizeof(err))) {
			fprintf(stderr, "plab-analyze: %s\n", err);
			ret = EXIT_INPUT;
			if (!r->events) {	/* nothing read: no report */
				run_destroy(r);
				free(r);
				nr--;
				continue;
			}
		}
		if (run_finish(r)) {
			fprintf(stderr, "plab-analyze: %s: histogram merge failed\n", r->file);
			ret = EXIT_INPUT;
		}
		if (!p->quiet) {
			if (i)
				fputc('\n', out);
			report_text(out, r, p);
		}
	}
	if (p->json_path && nr && write_json(p, runs, nr))
		ret = EXIT_INPUT;
	if (p->plot_dir && nr && plot_write(p->plot_dir, runs, nr, err, sizeof(err))) {
		fprintf(stderr, "plab-analyze: plot: %s\n", err);
		ret = EXIT_INPUT;
	}
	if (p->baseline_path && nr) {
		if (!p->quiet)
			fputc('\n', out);
		if (baseline_compare(out, &base, runs, nr, p) && ret == EXIT_OK)
			ret = EXIT_REGRESSION;
	}
	baseline_free(&base);
	for (i = 0; i < nr; i++) {
		run_destroy(runs[i]);
		free(runs[i]);
	}
	free(runs);
	return ret;
}

int main(int argc, char **argv)
{
	struct plab_params p;
	char err[ERR_LEN];

	switch (cli_parse(argc, argv, &p, err, sizeof(err))) {
	case CLI_HELP:
		cli_usage(stdout);
		return EXIT_OK;
	case CLI_ERROR:
		fprintf(stderr, "plab-analyze: %s (see plab-analyze -h)\n", err);
		return EXIT_USAGE;
	case CLI_OK:
		break;
	}
	return run_tool(&p);
}
