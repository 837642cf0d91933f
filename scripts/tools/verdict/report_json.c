// SPDX-License-Identifier: GPL-2.0
/*
 * report.json, schema preemptlab-run v1 (Documentation/scenarios.rst):
 * models, environment, noise floors and per scenario and model the
 * verdict, its checks, the raw measurements and the analyzer's reports
 * (embedded as the analyzer wrote them).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "verdict.h"

static void kv_object(struct json_writer *w, const char *key, const struct kvlist *l)
{
	int i;

	jw_obj_begin(w, key);
	for (i = 0; i < l->n; i++)
		jw_str(w, l->a[i].k, l->a[i].v);
	jw_obj_end(w);
}

/* The CPU model of the host, "" when /proc/cpuinfo does not say. */
static char *host_cpu(void)
{
	char *text = read_file("/proc/cpuinfo", NULL), *p, *e, *r;

	if (!text)
		return xstrdup("");
	p = strstr(text, "model name");
	if (!p) {
		free(text);
		return xstrdup("");
	}
	p += strlen("model name");
	e = strchr(p, '\n');
	if (e)
		*e = 0;
	while (*p && strchr(": \t", *p))
		p++;
	e = p + strlen(p);
	while (e > p && strchr(": \t", e[-1]))
		e--;
	r = xstrndup(p, (size_t)(e - p));
	free(text);
	return r;
}

/*
 * A number of a check: an integer as one ("3"), anything else as the
 * shortest text that reads back as it ("1000.0"), as the Python version
 * wrote them.
 */
static void jw_value(struct json_writer *w, const char *key, const struct xval *v)
{
	if (v->is_int && isfinite(v->v) && fabs(v->v) < 9.2e18)
		jw_i64(w, key, (long long)v->v);
	else
		jw_double(w, key, v->v);
}

/*
 * With more than one: every evaluation's sides and where it fell, per
 * trial ("trial") or pair of trials ("trial" of this cell, "other_trial"
 * of the cells it compares with), 1-based.
 */
static void write_evals(struct json_writer *w, const struct check *c)
{
	static const char *const fell[] = { "fails", "within the margin", "holds" };
	int i;

	if (c->nevals < 2)
		return;
	jw_arr_begin(w, "evaluations");
	for (i = 0; i < c->nevals; i++) {
		const struct evaluation *e = &c->evals[i];

		jw_obj_begin(w, NULL);
		jw_i64(w, "trial", e->t + 1);
		if (c->pairs)
			jw_i64(w, "other_trial", e->u + 1);
		jw_value(w, "lhs", &e->lhs);
		jw_value(w, "rhs", &e->rhs);
		jw_value(w, "margin", &e->margin);
		jw_str(w, "fell", fell[e->side + 1]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void write_check(struct json_writer *w, const struct check *c)
{
	jw_obj_begin(w, NULL);
	jw_str(w, "result", c->result);
	if (c->numbers) {
		jw_value(w, "lhs", &c->lhs);
		jw_value(w, "rhs", &c->rhs);
		jw_value(w, "margin", &c->margin);
		jw_str(w, "text", c->text);
		jw_str(w, "why", c->why);
		write_evals(w, c);
	} else {
		jw_str(w, "why", c->why);
		jw_str(w, "text", c->text);
	}
	jw_obj_end(w);
}

static void write_cell(struct json_writer *w, const char *model, const struct cell *c)
{
	int i;

	jw_obj_begin(w, model);
	jw_str(w, "verdict", c->verdict);
	jw_str(w, "why", c->why);
	jw_arr_begin(w, "checks");
	for (i = 0; i < c->nchecks; i++)
		write_check(w, &c->checks[i]);
	jw_arr_end(w);
	jw_str(w, "status", c->status);
	/* The first trial's metrics; with more trials, every trial's too. */
	kv_object(w, "metrics", &c->trial[0]);
	jw_i64(w, "trials", c->ntrials);
	if (c->ntrials > 1) {
		jw_arr_begin(w, "trial_metrics");
		for (i = 0; i < c->ntrials; i++)
			kv_object(w, NULL, &c->trial[i]);
		jw_arr_end(w);
	}
	jw_arr_begin(w, "analysis");
	for (i = 0; i < c->nan; i++) {
		if (c->an[i].doc) {
			jw_raw(w, NULL, c->an[i].text);
		} else {
			jw_obj_begin(w, NULL);
			jw_str(w, "error", c->an[i].error);
			jw_obj_end(w);
		}
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* Model -> boot label -> each boot's environment, or its noise readings. */
static void boots_object(struct json_writer *w, const char *key, const struct run *r,
			 bool noise)
{
	const struct boot_info *b;
	int m, i;

	jw_obj_begin(w, key);
	for (m = 0; m < r->nmodels; m++) {
		jw_obj_begin(w, r->models[m]);
		for (i = 0; i < r->mi[m].nboots; i++) {
			b = &r->mi[m].boots[i];
			kv_object(w, b->label, noise ? &b->noise : &b->env);
		}
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

int write_report_json(const struct run *r, const char *path)
{
	struct json_writer w;
	const char *acc = getenv("PLAB_RUN_ACCEL");
	char *cpu = host_cpu();
	int s, m, rc;
	size_t len = 0;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		die("out of memory");
	/* ASCII, one blank per level: the layout of the Python version. */
	jw_init(&w, f, 1, JSON_W_ASCII);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "schema", "preemptlab-run");
	jw_i64(&w, "version", 1);
	jw_arr_begin(&w, "models");
	for (m = 0; m < r->nmodels; m++)
		jw_str(&w, NULL, r->models[m]);
	jw_arr_end(&w);
	jw_obj_begin(&w, "environment");
	jw_str(&w, "host_cpu", cpu);
	jw_str(&w, "accelerator", acc ? acc : "tcg");
	boots_object(&w, "boots", r, false);
	jw_obj_end(&w);
	boots_object(&w, "noise", r, true);
	jw_arr_begin(&w, "scenarios");
	for (s = 0; s < r->nscns; s++) {
		jw_obj_begin(&w, NULL);
		jw_str(&w, "name", r->scns[s].name);
		jw_str(&w, "claim", r->scns[s].claim);
		kv_object(&w, "boots", &r->scns[s].boots);
		jw_obj_begin(&w, "results");
		for (m = 0; m < r->nmodels; m++)
			write_cell(&w, r->models[m], cell_of(r, s, m));
		jw_obj_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	if (fclose(f))
		die("out of memory");
	rc = write_file(path, buf, len);
	free(buf);
	free(cpu);
	return rc;
}
