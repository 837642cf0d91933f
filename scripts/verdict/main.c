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
		"  PLAB_VERDICT_ANALYZE  the plab-analyze to run  [default: scripts/analyze/plab-analyze]\n"
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

/* scripts/analyze/plab-analyze next to this program's folder. */
static char *default_analyzer(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return xstrdup("scripts/analyze/plab-analyze");
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

int main(int argc, char **argv)
{
	struct run r = { 0 };
	const char *env_models = getenv("PLAB_RUN_MODELS"), *env_cpu = getenv("PLAB_RUN_CPU");
	char *models_copy, *tok, *save = NULL, *out, err[512], *path, *end;
	struct sbuf summary = { 0 };
	int i, s, m, first = 1, cpu = 1;
	long v;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--"))
		first = 2;
	else if (argc > 1 && argv[1][0] == '-' && argv[1][1])
		usage_error("unknown option '%s'", argv[1]);
	if (argc - first < 2) {
		fprintf(stderr, "%s: error: need OUT and at least one SCENARIO.scn (see %s -h)\n",
			PROG, PROG);
		return 2;
	}
	if (env_cpu) {
		errno = 0;
		v = strtol(env_cpu, &end, 10);
		if (errno || end == env_cpu || *end || v < 0 || v > 65535)
			usage_error("PLAB_RUN_CPU='%s' is not a CPU number", env_cpu);
		cpu = (int)v;
	}
	out = xstrdup(argv[first]);
	for (i = (int)strlen(out) - 1; i > 0 && out[i] == '/'; i--)
		out[i] = 0;	/* "out/" and "out" name the same files */
	r.out = out;
	models_copy = xstrdup(env_models ? env_models : "none voluntary full rt");
	for (tok = strtok_r(models_copy, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		if (strchr(tok, '/'))
			usage_error("PLAB_RUN_MODELS: '%s' is no model name", tok);
		r.models = xrealloc(r.models, (size_t)(r.nmodels + 1) * sizeof(char *));
		r.models[r.nmodels++] = tok;
	}
	r.nscns = argc - first - 1;
	r.scns = xmalloc((size_t)r.nscns * sizeof(*r.scns));
	for (s = 0; s < r.nscns; s++) {
		const char *f = argv[first + 1 + s];
		size_t n = strlen(f);

		if (n < 5 || strcmp(f + n - 4, ".scn") || f[n - 5] == '/')
			usage_error("'%s' is not a scenario file (NAME.scn)", f);
		if (scn_parse(f, cpu, &r.scns[s], err, sizeof(err))) {
			fprintf(stderr, "%s: error: %s\n", PROG, err);
			return 1;
		}
	}
	tok = getenv("PLAB_VERDICT_ANALYZE");
	r.analyzer = tok && *tok ? xstrdup(tok) : default_analyzer();
	mkdir_p(r.out);

	load_raw(&r);
	analyze_traces(&r);
	for (s = 0; s < r.nscns; s++)
		for (m = 0; m < r.nmodels; m++)
			decide(&r, s, m);

	summary_text(&r, &summary);
	path = xasprintf("%s/summary.txt", r.out);
	if (write_file(path, sb_str(&summary), summary.len))
		die("cannot write '%s': %s", path, strerror(errno));
	free(path);
	r.plots = xmalloc((size_t)r.nscns * sizeof(char *));
	for (s = 0; s < r.nscns; s++)
		r.plots[s] = plot_scenario(&r, s);
	path = xasprintf("%s/report.json", r.out);
	if (write_report_json(&r, path))
		die("cannot write '%s': %s", path, strerror(errno));
	free(path);
	path = xasprintf("%s/index.html", r.out);
	if (write_html(&r, path))
		die("cannot write '%s': %s", path, strerror(errno));
	free(path);
	fputs(sb_str(&summary), stdout);
	if (fflush(stdout))
		die("cannot write the summary: %s", strerror(errno));

	for (s = 0; s < r.nscns; s++) {
		for (m = 0; m < r.nmodels; m++)
			cell_free(cell_of(&r, s, m));
		free(r.plots[s]);
		scn_free(&r.scns[s]);
	}
	for (m = 0; m < r.nmodels; m++) {
		for (i = 0; i < r.mi[m].nboots; i++) {
			free(r.mi[m].boots[i].label);
			kv_free(&r.mi[m].boots[i].env);
			kv_free(&r.mi[m].boots[i].noise);
		}
		free(r.mi[m].boots);
	}
	free(r.mi);
	free(r.cells);
	free(r.plots);
	free(r.scns);
	free(r.models);
	free(models_copy);
	free((char *)r.analyzer);
	free(out);
	sb_free(&summary);
	return 0;
}
