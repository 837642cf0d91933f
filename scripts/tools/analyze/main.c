// SPDX-License-Identifier: GPL-2.0
/*
 * plab-analyze: percentiles, histograms, missed events and the causes of
 * the latency spikes in preemptlab trace.dat files. See
 * Documentation/analyze.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "baseline.h"
#include "cli.h"
#include "export.h"
#include "memlimit.h"
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

/*
 * Flush f and say whether every write to it worked: an error seen by an
 * earlier flush stays in ferror(), a full disk often shows only at the
 * last one. A report cut short must not exit 0.
 */
static int out_check(FILE *f, const char *name)
{
	int bad;

	errno = 0;
	bad = fflush(f) | ferror(f);
	if (!bad)
		return 0;
	fprintf(stderr, "plab-analyze: %s: %s\n", name,
		errno ? strerror(errno) : "write error");
	return -1;
}

static int write_json(const struct plab_params *p, struct run *const *runs,
		      int nr)
{
	FILE *f = strcmp(p->json_path, "-") ? fopen(p->json_path, "w") : stdout;
	int ret;

	if (!f) {
		fprintf(stderr, "plab-analyze: %s: %s\n", p->json_path,
			strerror(errno));
		return -1;
	}
	export_json(f, runs, nr, p);
	if (f == stdout)
		return out_check(f, "standard output (JSON)");
	ret = out_check(f, p->json_path);
	if (fclose(f) && !ret) {
		fprintf(stderr, "plab-analyze: %s: %s\n", p->json_path,
			strerror(errno));
		ret = -1;
	}
	return ret;
}

/* Whether anything will be written to standard output. */
static bool uses_stdout(const struct plab_params *p)
{
	bool json_out = p->json_path && !strcmp(p->json_path, "-");

	return json_out || !p->quiet || p->baseline_path;
}

/*
 * A closed standard output: the report would be lost, and the first file
 * the tool opens would become fd 1 (text meant for stdout landing in the
 * JSON file). Refused before reading anything; with nothing to write to
 * it, fd 1 is taken by /dev/null so that no file gets it.
 */
static int check_stdout(const struct plab_params *p)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
		return 0;
	if (uses_stdout(p)) {
		fprintf(stderr, "plab-analyze: standard output: %s\n",
			strerror(EBADF));
		return -1;
	}
	fd = open("/dev/null", O_WRONLY);
	if (fd >= 0 && fd != STDOUT_FILENO) {	/* stdin closed too */
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	return 0;
}

/* What read_run did with a trace file. */
enum read_result { READ_OK, READ_ERROR, READ_NOTHING, READ_NOMEM };

/*
 * Read trace file i into a new run, runs[*nr]: READ_OK; READ_ERROR when
 * the file stopped early (said on stderr, the run still reported);
 * READ_NOTHING when not one event was read (no run added); READ_NOMEM.
 */
static enum read_result read_run(const struct plab_params *p, int i,
				 struct run **runs, int *nr)
{
	struct run *r = calloc(1, sizeof(*r));
	enum read_result res = READ_OK;
	char err[ERR_LEN];
	const char *name;

	if (!r || run_init(r, p->files[i], p->hist_max_us, p->threshold_us, p->lag_ms)) {
		free(r);
		fprintf(stderr, "plab-analyze: out of memory\n");
		return READ_NOMEM;
	}
	runs[(*nr)++] = r;
	name = param_for(p->models, p->nr_models, i);
	if (name)
		snprintf(r->model, sizeof(r->model), "%s", name);
	else
		run_unique_model(r, runs, *nr - 1);
	name = param_for(p->kernels, p->nr_kernels, i);
	if (name)
		snprintf(r->kernel, sizeof(r->kernel), "%s", name);
	if (trace_read(r, p->files[i], p->verbose, err, sizeof(err))) {
		fprintf(stderr, "plab-analyze: %s\n", err);
		snprintf(r->error, sizeof(r->error), "%s", err);
		res = READ_ERROR;
		if (!r->events) {	/* nothing read: no report */
			run_destroy(r);
			free(r);
			(*nr)--;
			return READ_NOTHING;
		}
	}
	if (run_finish(r)) {
		fprintf(stderr, "plab-analyze: %s: histogram merge failed\n", r->file);
		res = READ_ERROR;
	}
	return res;
}

static int run_tool(const struct plab_params *p)
{
	struct run **runs = calloc(p->nr_files, sizeof(*runs));
	struct baseline base = { 0 };
	char err[ERR_LEN];
	int ret = EXIT_OK, nr = 0, i;
	enum read_result res;
	FILE *out = stdout;

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
		res = read_run(p, i, runs, &nr);
		if (res != READ_OK)
			ret = EXIT_INPUT;
		if (res == READ_NOMEM)
			break;
		if (res == READ_NOTHING || p->quiet)
			continue;
		if (i)
			fputc('\n', out);
		report_text(out, runs[nr - 1], p);
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
	/* A lost text report or comparison is an output not written. */
	if (out_check(out, out == stdout ? "standard output" : "standard error"))
		ret = EXIT_INPUT;
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
		return out_check(stdout, "standard output") ? EXIT_INPUT : EXIT_OK;
	case CLI_ERROR:
		fprintf(stderr, "plab-analyze: %s (see plab-analyze -h)\n", err);
		return EXIT_USAGE;
	case CLI_OK:
		break;
	}
	if (check_stdout(&p))
		return EXIT_INPUT;
	if (memlimit_apply(memlimit_bytes(&p)))
		fprintf(stderr, "plab-analyze: warning: cannot set the memory limit: %s\n",
			strerror(errno));
	return run_tool(&p);
}
