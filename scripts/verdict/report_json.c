// SPDX-License-Identifier: GPL-2.0
/*
 * report.json, schema preemptlab-run v1 (Documentation/scenarios.rst):
 * models, environment, noise floors and per scenario and model the
 * verdict, its checks, the raw measurements and the analyzer's reports
 * (embedded as the analyzer wrote them).
 */
#include <stdlib.h>
#include <string.h>
#include "verdict.h"

static void kv_object(struct jwriter *w, const char *key, const struct kvlist *l)
{
	int i;

	jw_begin(w, key, '{');
	for (i = 0; i < l->n; i++)
		jw_string(w, l->a[i].k, l->a[i].v);
	jw_end(w, '}');
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

static void write_check(struct jwriter *w, const struct check *c)
{
	jw_begin(w, NULL, '{');
	jw_string(w, "result", c->result);
	if (c->numbers) {
		jw_double(w, "lhs", c->lhs.v, c->lhs.is_int);
		jw_double(w, "rhs", c->rhs.v, c->rhs.is_int);
		jw_double(w, "margin", c->margin.v, c->margin.is_int);
		jw_string(w, "text", c->text);
		jw_string(w, "why", c->why);
	} else {
		jw_string(w, "why", c->why);
		jw_string(w, "text", c->text);
	}
	jw_end(w, '}');
}

static void write_cell(struct jwriter *w, const char *model, const struct cell *c)
{
	int i;

	jw_begin(w, model, '{');
	jw_string(w, "verdict", c->verdict);
	jw_string(w, "why", c->why);
	jw_begin(w, "checks", '[');
	for (i = 0; i < c->nchecks; i++)
		write_check(w, &c->checks[i]);
	jw_end(w, ']');
	jw_string(w, "status", c->status);
	kv_object(w, "metrics", &c->metrics);
	jw_begin(w, "analysis", '[');
	for (i = 0; i < c->nan; i++) {
		if (c->an[i].doc) {
			jw_raw(w, NULL, c->an[i].text);
		} else {
			jw_begin(w, NULL, '{');
			jw_string(w, "error", c->an[i].error);
			jw_end(w, '}');
		}
	}
	jw_end(w, ']');
	jw_end(w, '}');
}

int write_report_json(const struct run *r, const char *path)
{
	struct sbuf b = { 0 };
	struct jwriter w = { .out = &b };
	const char *acc = getenv("PLAB_RUN_ACCEL");
	char *cpu = host_cpu();
	int s, m, i, rc;

	jw_begin(&w, NULL, '{');
	jw_string(&w, "schema", "preemptlab-run");
	jw_int(&w, "version", 1);
	jw_begin(&w, "models", '[');
	for (m = 0; m < r->nmodels; m++)
		jw_string(&w, NULL, r->models[m]);
	jw_end(&w, ']');
	jw_begin(&w, "environment", '{');
	jw_string(&w, "host_cpu", cpu);
	jw_string(&w, "accelerator", acc ? acc : "tcg");
	jw_begin(&w, "boots", '{');
	for (m = 0; m < r->nmodels; m++) {
		jw_begin(&w, r->models[m], '{');
		for (i = 0; i < r->mi[m].nboots; i++)
			kv_object(&w, r->mi[m].boots[i].label, &r->mi[m].boots[i].env);
		jw_end(&w, '}');
	}
	jw_end(&w, '}');
	jw_end(&w, '}');
	jw_begin(&w, "noise", '{');
	for (m = 0; m < r->nmodels; m++) {
		jw_begin(&w, r->models[m], '{');
		for (i = 0; i < r->mi[m].nboots; i++)
			kv_object(&w, r->mi[m].boots[i].label, &r->mi[m].boots[i].noise);
		jw_end(&w, '}');
	}
	jw_end(&w, '}');
	jw_begin(&w, "scenarios", '[');
	for (s = 0; s < r->nscns; s++) {
		jw_begin(&w, NULL, '{');
		jw_string(&w, "name", r->scns[s].name);
		jw_string(&w, "claim", r->scns[s].claim);
		kv_object(&w, "boots", &r->scns[s].boots);
		jw_begin(&w, "results", '{');
		for (m = 0; m < r->nmodels; m++)
			write_cell(&w, r->models[m], cell_of(r, s, m));
		jw_end(&w, '}');
		jw_end(&w, '}');
	}
	jw_end(&w, ']');
	jw_end(&w, '}');
	rc = write_file(path, sb_str(&b), b.len);
	sb_free(&b);
	free(cpu);
	return rc;
}
