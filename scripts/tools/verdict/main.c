// SPDX-License-Identifier: GPL-2.0
/*
 * plab-verdict OUT SCENARIO.scn...: decide the scenario verdicts from
 * plab-scenario-exec's raw results (OUT/raw/<model>-<boot>/) and write the
 * report: summary.txt (also printed), report.json, index.html, plots/ and
 * analysis/ (plab-analyze's report of every trace).
 *
 * Environment: PLAB_RUN_MODELS (the models, in table order; default
 * "none voluntary full rt"), PLAB_RUN_CPU (the victim CPU for ${CPU};
 * default 1), PLAB_RUN_ACCEL (the accelerator when plab-vm's result does
 * not name one), PLAB_VERDICT_ANALYZE (another plab-analyze binary).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "opt.h"
#include "verdict.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s OUT SCENARIO.scn...\n"
		"\n"
		"Decide the verdict of every scenario on every model from the raw results in\n"
		"OUT/raw/<model>-<boot>/ (written by plab-scenario-exec) and write the report:\n"
		"OUT/summary.txt (also printed), OUT/report.json, OUT/index.html, OUT/plots/\n"
		"and OUT/analysis/ (plab-analyze's JSON of every trace).\n"
		"\n"
		"Environment:\n"
		"  PLAB_RUN_MODELS       models, in table order  [default: none voluntary full rt]\n"
		"  PLAB_RUN_CPU          the CPU that replaces ${CPU}  [default: 1]\n"
		"  PLAB_RUN_ACCEL        accelerator when plab-vm's result names none\n"
		"  PLAB_VERDICT_ANALYZE  the plab-analyze to run  [default: scripts/tools/analyze/plab-analyze]\n"
		"\n"
		"Exit status: 0 when the report was written (whatever the verdicts), 1 on\n"
		"errors (unreadable scenario, unwritable report), 2 on usage errors.\n", PROG);
}

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: error: ", PROG);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see %s -h)\n", PROG);
	exit(2);
}

/* scripts/tools/analyze/plab-analyze next to this program's folder. */
static char *default_analyzer(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return xstrdup("scripts/tools/analyze/plab-analyze");
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	return xasprintf("%s/../analyze/plab-analyze", exe);
}

static void mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) && errno != EEXIST)
			die("cannot create '%s': %s", p, strerror(errno));
		*s = '/';
	}
	if (mkdir(p, 0777) && errno != EEXIST)
		die("cannot create '%s': %s", p, strerror(errno));
	if (!is_dir(p))
		die("'%s' is not a folder", p);
	free(p);
}

/*
 * The options: -h, and "--" before an OUT that starts with '-'. Returns
 * the index of OUT in argv; exits on -h and on usage errors.
 */
static int parse_options(int argc, char **argv)
{
	int first = 1;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		exit(0);
	}
	if (argc > 1 && !strcmp(argv[1], "--"))
		first = 2;
	else if (argc > 1 && argv[1][0] == '-' && argv[1][1])
		usage_error("unknown option '%s'", argv[1]);
	if (argc - first < 2) {
		fprintf(stderr, "%s: error: need OUT and at least one SCENARIO.scn (see %s -h)\n",
			PROG, PROG);
		exit(2);
	}
	return first;
}

/* PLAB_RUN_CPU: the CPU that replaces ${CPU} in the scenarios (default 1). */
static int env_cpu(void)
{
	const char *env = getenv("PLAB_RUN_CPU");
	uint64_t v;

	if (!env)
		return 1;
	if (!plab_opt_u64(env, 0, 65535, &v))
		usage_error("PLAB_RUN_CPU='%s' is not a CPU number (allowed: 0..65535)", env);
	return (int)v;
}

/*
 * PLAB_RUN_MODELS into r->models, pointing into the returned copy (free it
 * after r->models).
 */
static char *env_models(struct run *r)
{
	const char *env = getenv("PLAB_RUN_MODELS");
	char *copy, *tok, *save = NULL;

	copy = xstrdup(env ? env : "none voluntary full rt");
	for (tok = strtok_r(copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (strchr(tok, '/'))
			usage_error("PLAB_RUN_MODELS: '%s' is no model name", tok);
		r->models = xrealloc(r->models, (size_t)(r->nmodels + 1) * sizeof(char *));
		r->models[r->nmodels++] = tok;
	}
	return copy;
}

/* Every SCENARIO.scn of the command line into r->scns, ${CPU} as cpu. */
static void parse_scenarios(struct run *r, char **files, int n, int cpu)
{
	char err[512];
	int s;

	r->nscns = n;
	r->scns = xmalloc((size_t)r->nscns * sizeof(*r->scns));
	for (s = 0; s < r->nscns; s++) {
		const char *f = files[s];
		size_t len = strlen(f);

		if (len < 5 || strcmp(f + len - 4, ".scn") || f[len - 5] == '/')
			usage_error("'%s' is not a scenario file (NAME.scn)", f);
		if (scn_parse(f, cpu, &r->scns[s], err, sizeof(err)))
			die("%s", err);
	}
}

/* OUT/summary.txt, the plots, OUT/report.json and OUT/index.html; then the summary on stdout. */
static void write_reports(struct run *r)
{
	struct sbuf summary = { 0 };
	char *path;
	int s;

	summary_text(r, &summary);
	path = xasprintf("%s/summary.txt", r->out);
	if (write_file(path, sb_str(&summary), summary.len))
		die("cannot write '%s': %s", path, strerror(errno));
	free(path);
	r->plots = xmalloc((size_t)r->nscns * sizeof(char *));
	for (s = 0; s < r->nscns; s++)
		r->plots[s] = plot_scenario(r, s);
	path = xasprintf("%s/report.json", r->out);
	if (write_report_json(r, path))
		die("cannot write '%s': %s", path, strerror(errno));
	free(path);
	path = xasprintf("%s/index.html", r->out);
	if (write_html(r, path))
		die("cannot write '%s': %s", path, strerror(errno));
	free(path);
	fputs(sb_str(&summary), stdout);
	if (fflush(stdout))
		die("cannot write the summary: %s", strerror(errno));
	sb_free(&summary);
}

/* Everything main and the run's steps allocated, but the model names' copy. */
static void run_free(struct run *r)
{
	int i, s, m;

	for (s = 0; s < r->nscns; s++) {
		for (m = 0; m < r->nmodels; m++)
			cell_free(cell_of(r, s, m));
		free(r->plots[s]);
		scn_free(&r->scns[s]);
	}
	for (m = 0; m < r->nmodels; m++) {
		for (i = 0; i < r->mi[m].nboots; i++) {
			free(r->mi[m].boots[i].label);
			kv_free(&r->mi[m].boots[i].env);
			kv_free(&r->mi[m].boots[i].noise);
		}
		free(r->mi[m].boots);
	}
	free(r->mi);
	free(r->cells);
	free(r->plots);
	free(r->scns);
	free(r->models);
	free((char *)r->analyzer);
	free((char *)r->out);
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	char *models_copy, *out, *analyzer;
	int i, s, m, first, cpu;

	first = parse_options(argc, argv);
	cpu = env_cpu();
	out = xstrdup(argv[first]);
	for (i = (int)strlen(out) - 1; i > 0 && out[i] == '/'; i--)
		out[i] = 0;	/* "out/" and "out" name the same files */
	r.out = out;
	models_copy = env_models(&r);
	parse_scenarios(&r, argv + first + 1, argc - first - 1, cpu);
	analyzer = getenv("PLAB_VERDICT_ANALYZE");
	r.analyzer = analyzer && *analyzer ? xstrdup(analyzer) : default_analyzer();
	mkdir_p(r.out);

	load_raw(&r);
	analyze_traces(&r);
	for (s = 0; s < r.nscns; s++)
		for (m = 0; m < r.nmodels; m++)
			decide(&r, s, m);
	write_reports(&r);

	run_free(&r);
	free(models_copy);
	return 0;
}
