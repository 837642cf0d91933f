// SPDX-License-Identifier: GPL-2.0
/*
 * The traces: plab-analyze turns each into a JSON report (schema
 * preemptlab-analysis v1, Documentation/analyze.rst), kept next to the
 * report in OUT/analysis/ and embedded in report.json as written. A trace
 * the analyzer cannot read gives {"error": its last words} instead: one
 * bad trace must not lose the report of the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hist.h"
#include "verdict.h"

/* Runs argv with stdout to /dev/null; its stderr in err. Exit status or -1. */
static int run_capture(char *const argv[], struct sbuf *err)
{
	int pfd[2], status, nul;
	char buf[4096];
	ssize_t n;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (!pid) {
		nul = open("/dev/null", O_WRONLY);
		if (nul >= 0)
			dup2(nul, 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		sb_putn(err, buf, (size_t)n);
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The last 300 characters of the analyzer's stripped stderr. */
static char *error_tail(const char *s)
{
	char *t = strip_dup(s), *r;
	size_t n = strlen(t);

	if (n <= 300)
		return t;
	r = xstrdup(t + n - 300);
	free(t);
	return r;
}

static void analyze_one(const struct run *r, struct cell *c, const char *scn,
			const char *model, int i)
{
	const char *boot = c->trace_boots[i], *kern = NULL;
	char *js = xasprintf("%s/analysis/%s-%s-%s.json", r->out, scn, model, boot);
	struct analysis *a = &c->an[c->nan++];
	struct sbuf err = { 0 };
	char perr[200];
	size_t len;
	int m, b, rc;

	memset(a, 0, sizeof(*a));
	for (m = 0; m < r->nmodels; m++) {
		if (strcmp(r->models[m], model))
			continue;
		for (b = 0; b < r->mi[m].nboots; b++)
			if (!strcmp(r->mi[m].boots[b].label, boot))
				kern = kv_get(&r->mi[m].boots[b].env, "kernel");
	}
	{
		char *argv[] = { (char *)r->analyzer, "-q", "-t", "1000", "-m", (char *)model,
				 "-k", (char *)(kern ? kern : "unknown"), "-j", js,
				 c->traces[i], NULL };

		unlink(js);	/* a report from an earlier run is not this trace's */
		rc = run_capture(argv, &err);
	}
	if (rc == 0 && (a->text = read_file(js, &len))) {
		a->doc = json_parse(a->text, len, perr, sizeof(perr));
		if (!a->doc) {
			a->error = xasprintf("%s: not JSON: %s", js, perr);
			free(a->text);
			a->text = NULL;
		} else {
			/* embedded as one value: no trailing newline */
			while (len && is_blank((unsigned char)a->text[len - 1]))
				a->text[--len] = 0;
		}
	} else {
		if (rc < 0)
			sb_printf(&err, "cannot run %s: %s", r->analyzer, strerror(errno));
		a->error = error_tail(sb_str(&err));
	}
	sb_free(&err);
	free(js);
}

void analyze_traces(struct run *r)
{
	char *dir = xasprintf("%s/analysis", r->out);
	int s, m, i;

	if (mkdir(dir, 0777) && errno != EEXIST)
		die("cannot create '%s': %s", dir, strerror(errno));
	free(dir);
	for (s = 0; s < r->nscns; s++) {
		for (m = 0; m < r->nmodels; m++) {
			struct cell *c = cell_of(r, s, m);

			if (!c->ntraces)
				continue;
			c->an = xmalloc((size_t)c->ntraces * sizeof(*c->an));
			for (i = 0; i < c->ntraces; i++)
				analyze_one(r, c, r->scns[s].name, r->models[m], i);
		}
	}
}

static const struct json_node *runs_of(const struct analysis *a)
{
	const struct json_node *runs = json_get(a->doc, "runs");

	return runs && runs->type == JSON_ARRAY ? runs : NULL;
}

/*
 * One "thread" series into h, the run's histogram in the analyzer's 1 us
 * layout: a bucket at or past max_us (not written by the analyzer) counts
 * as overflow, a negative one as bucket 0.
 */
static bool series_add(struct plab_hist *h, const struct json_node *sr)
{
	const struct json_node *bk = json_get(sr, "buckets"), *ov = json_get(sr, "overflow");
	bool any = false;
	int b;

	for (b = 0; bk && bk->type == JSON_ARRAY && b < bk->n; b++) {
		const struct json_node *pair = bk->items[b];
		double us;

		if (pair->type != JSON_ARRAY || pair->n < 2)
			continue;
		us = json_num(pair->items[0], 0);
		h->bucket[us <= 0 ? 0 : us < h->entries ? (uint64_t)us : h->entries] +=
			(uint64_t)json_num(pair->items[1], 0);
		any = true;
	}
	if (py_truthy(ov)) {
		h->bucket[h->entries] += (uint64_t)json_num(ov, 0);
		any = true;
	}
	return any;
}

/* The runs' thread latency in log2 buckets, by libplab's histogram. */
bool thread_hist(const struct cell *c, double hist[64])
{
	double part[64];
	bool any = false;
	int i, j, k, b;

	memset(hist, 0, 64 * sizeof(double));
	for (i = 0; i < c->nan; i++) {
		const struct json_node *runs = runs_of(&c->an[i]);

		for (j = 0; runs && j < runs->n; j++) {
			const struct json_node *h = json_get(runs->items[j], "histogram");
			const struct json_node *series = json_get(h, "series");
			double max_us = json_num(json_get(h, "max_us"), 100000);
			struct plab_hist ph;

			/* The analyzer's own limits (params.h): no other size is its. */
			if (!series || series->type != JSON_ARRAY || !(max_us >= 1 && max_us <= 10000000))
				continue;
			if (plab_hist_init(&ph, (uint64_t)max_us, PLAB_HIST_US, 0))
				die("out of memory");
			for (k = 0; k < series->n; k++) {
				const struct json_node *kind = json_get(series->items[k], "kind");

				if (kind && kind->type == JSON_STRING && !strcmp(kind->str, "thread"))
					any |= series_add(&ph, series->items[k]);
			}
			plab_hist_log2_us(&ph, part);
			for (b = 0; b < 64; b++)
				hist[b] += part[b];
			plab_hist_destroy(&ph);
		}
	}
	return any;
}

const struct json_node *run_stats(const struct cell *c)
{
	int i, j, k;

	for (i = 0; i < c->nan; i++) {
		const struct json_node *runs = runs_of(&c->an[i]);

		for (j = 0; runs && j < runs->n; j++) {
			const struct json_node *st = json_get(runs->items[j], "stats");

			for (k = 0; st && st->type == JSON_ARRAY && k < st->n; k++) {
				const struct json_node *cpu = json_get(st->items[k], "cpu");
				const struct json_node *thr = json_get(st->items[k], "thread");

				if (cpu && cpu->type == JSON_STRING && !strcmp(cpu->str, "all") &&
				    py_truthy(json_get(thr, "count")))
					return thr;
			}
		}
	}
	return NULL;
}

int top_causes(const struct cell *c, const struct json_node **out, int n)
{
	int i, j, k, l, got = 0;

	for (i = 0; i < c->nan; i++) {
		const struct json_node *runs = runs_of(&c->an[i]);

		for (j = 0; runs && j < runs->n; j++) {
			const struct json_node *pc = json_get(json_get(runs->items[j], "causes"), "per_cpu");

			for (k = 0; pc && pc->type == JSON_ARRAY && k < pc->n; k++) {
				const struct json_node *cpu = json_get(pc->items[k], "cpu");
				const struct json_node *cs = json_get(pc->items[k], "causes");

				if (!cpu || cpu->type != JSON_STRING || strcmp(cpu->str, "all") ||
				    !cs || cs->type != JSON_ARRAY)
					continue;
				/* n per run, then n over all: the first runs' causes first */
				for (l = 0; l < cs->n && l < n && got < n; l++)
					out[got++] = cs->items[l];
			}
		}
	}
	return got;
}

bool py_truthy(const struct json_node *n)
{
	if (!n)
		return false;
	switch (n->type) {
	case JSON_NULL: return false;
	case JSON_BOOL: return n->b;
	case JSON_NUMBER: return n->num != 0;
	case JSON_STRING: return n->str[0] != 0;
	default: return n->n > 0;
	}
}

/* Integers print as written; other numbers as Python's repr() of the float. */
static void py_num(const struct json_node *n, char *buf, size_t len)
{
	if (!strpbrk(n->str, ".eE"))
		snprintf(buf, len, "%s", n->str);
	else if (!isfinite(n->num))
		snprintf(buf, len, "%s", isnan(n->num) ? "nan" : n->num < 0 ? "-inf" : "inf");
	else
		json_repr(buf, len, n->num);
}

void py_str(const struct json_node *n, char *buf, size_t len)
{
	if (!n) {
		snprintf(buf, len, "None");
		return;
	}
	switch (n->type) {
	case JSON_NULL: snprintf(buf, len, "None"); break;
	case JSON_BOOL: snprintf(buf, len, n->b ? "True" : "False"); break;
	case JSON_STRING: snprintf(buf, len, "%s", n->str); break;
	case JSON_NUMBER: py_num(n, buf, len); break;
	default: snprintf(buf, len, "%s", n->type == JSON_ARRAY ? "[...]" : "{...}"); break;
	}
}
