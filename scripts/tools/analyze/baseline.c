// SPDX-License-Identifier: GPL-2.0
/*
 * Baseline reading (from the JSON reader) and comparison.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "baseline.h"
#include "export.h"
#include "json.h"

static const char *const bl_kinds[BL_NR_KINDS] = { "irq", "thread" };
static const char *const bl_metrics[BL_NR_METRICS] = { "p99", "p999", "max" };
static const char *const bl_metric_names[BL_NR_METRICS] = { "p99", "p99.9", "max" };

static int bl_fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

static int bl_row_add(struct baseline *b, const struct json_node *st,
		      const char *model)
{
	const struct json_node *c = json_get(st, "cpu");
	struct baseline_row *row, *n;
	const char *s = json_str(c);
	int k, m, cpu;

	if (s && !strcmp(s, "all"))
		cpu = -1;
	else if (c && c->type == JSON_NUMBER && c->num >= 0 && c->num < RUN_MAX_CPUS)
		cpu = (int)c->num;
	else
		return 0;
	n = realloc(b->row, (b->nr + 1) * sizeof(*b->row));
	if (!n)
		return -1;
	b->row = n;
	row = &b->row[b->nr];
	memset(row, 0, sizeof(*row));
	snprintf(row->model, sizeof(row->model), "%s", model);
	row->cpu = cpu;
	for (k = 0; k < BL_NR_KINDS; k++)
		for (m = 0; m < BL_NR_METRICS; m++)
			row->have[k][m] = json_get_num(json_get(st, bl_kinds[k]),
						       bl_metrics[m], &row->us[k][m]);
	b->nr++;
	return 0;
}

/* The rows of one run's "stats"; -1 when out of memory. */
static int bl_run_add(struct baseline *b, const struct json_node *run)
{
	const char *model = json_get_str(run, "model");
	const struct json_node *stats = json_get(run, "stats");
	int i;

	if (!model || !stats || stats->type != JSON_ARRAY)
		return 0;
	for (i = 0; i < stats->n; i++)
		if (bl_row_add(b, stats->items[i], model))
			return -1;
	return 0;
}

int baseline_parse(const char *buf, size_t len, struct baseline *b,
		   char *err, size_t errlen)
{
	const struct json_node *runs;
	struct json_node *d;
	const char *schema;
	double version;
	int run, ret = -1;

	memset(b, 0, sizeof(*b));
	d = json_parse(buf, len, err, errlen);
	if (!d)
		return -1;
	schema = json_get_str(d, "schema");
	runs = json_get(d, "runs");
	if (!schema || strcmp(schema, EXPORT_SCHEMA)) {
		bl_fail(err, errlen, "not a " EXPORT_SCHEMA " document (no \"schema\": \"" EXPORT_SCHEMA "\")");
	} else if (!json_get_num(d, "version", &version) || version != EXPORT_VERSION) {
		bl_fail(err, errlen, "unsupported schema version (this tool reads version 1)");
	} else if (!runs || runs->type != JSON_ARRAY) {
		bl_fail(err, errlen, "no \"runs\" array");
	} else {
		ret = 0;
		for (run = 0; run < runs->n && !ret; run++)
			ret = bl_run_add(b, runs->items[run]);
		if (ret) {
			baseline_free(b);
			bl_fail(err, errlen, "out of memory");
		}
	}
	json_free(d);
	return ret;
}

int baseline_load(const char *path, struct baseline *b, char *err,
		  size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *n;
	size_t len = 0, cap = 0, got;
	int ret;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > JSON_MAX_INPUT + 1) {
				free(buf);
				fclose(f);
				snprintf(err, errlen, "%s: larger than %u bytes", path, JSON_MAX_INPUT);
				return -1;
			}
			n = realloc(buf, cap);
			if (!n) {
				free(buf);
				fclose(f);
				return bl_fail(err, errlen, "out of memory");
			}
			buf = n;
		}
		got = fread(buf + len, 1, cap - len, f);
		if (!got)
			break;
		len += got;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	fclose(f);
	ret = baseline_parse(buf, len, b, err, errlen);
	if (ret) {
		/* Name the file in the message. */
		char tmp[256];

		snprintf(tmp, sizeof(tmp), "%s", err);
		snprintf(err, errlen, "%s: %s", path, tmp);
	}
	free(buf);
	return ret;
}

void baseline_free(struct baseline *b)
{
	free(b->row);
	b->row = NULL;
	b->nr = 0;
}

bool baseline_regressed(double base, double cur, double tol_rel,
			double tol_abs_us)
{
	return cur > base * (1.0 + tol_rel) && cur > base + tol_abs_us;
}

/*
 * The baseline row of model and cpu; NULL when there is none, or more
 * than one (*dups): a baseline whose runs share a model (an older report's
 * default names) cannot say which one this run is.
 */
static const struct baseline_row *bl_find(const struct baseline *b,
					  const char *model, int cpu, int *dups)
{
	const struct baseline_row *found = NULL;
	int i;

	*dups = 0;
	for (i = 0; i < b->nr; i++) {
		if (b->row[i].cpu != cpu || strcmp(b->row[i].model, model))
			continue;
		(*dups)++;
		found = &b->row[i];
	}
	return *dups == 1 ? found : NULL;
}

static int bl_compare_hist(FILE *f, const struct baseline_row *row,
			   const struct run *r, int cpu, int kind,
			   const struct plab_hist *h, const struct plab_params *p)
{
	struct plab_hist_summary s;
	double cur[BL_NR_METRICS];
	char where[32];
	int m, bad = 0;

	plab_hist_summary(h, &s);
	cur[BL_P99] = s.p99_ns / 1e3;
	cur[BL_P999] = s.p999_ns / 1e3;
	cur[BL_MAX] = s.max_ns / 1e3;
	if (cpu < 0)
		snprintf(where, sizeof(where), "all CPUs");
	else
		snprintf(where, sizeof(where), "CPU %d", cpu);
	for (m = 0; m < BL_NR_METRICS; m++) {
		bool reg;

		if (!row->have[kind][m])
			continue;
		reg = baseline_regressed(row->us[kind][m], cur[m], p->tol_rel,
					 (double)p->tol_abs_us);
		bad += reg;
		fprintf(f, "%s %s %s %s %s: %.3f us, baseline %.3f us (%+.1f%%)\n",
			reg ? "REGRESSION" : "ok        ", r->model, where,
			bl_kinds[kind], bl_metric_names[m], cur[m],
			row->us[kind][m],
			row->us[kind][m] > 0 ?
			(cur[m] / row->us[kind][m] - 1) * 100 : 0.0);
	}
	return bad;
}

int baseline_compare(FILE *f, const struct baseline *b,
		     struct run *const *runs, int nr,
		     const struct plab_params *p)
{
	const struct baseline_row *row;
	int i, cpu, bad = 0, compared = 0, dups;

	fprintf(f, "# Baseline comparison: regression when above baseline * %.2f and baseline + %llu us\n",
		1.0 + p->tol_rel, (unsigned long long)p->tol_abs_us);
	for (i = 0; i < nr; i++) {
		const struct run *r = runs[i];

		for (cpu = -1; cpu < RUN_MAX_CPUS; cpu++) {
			const struct plab_hist *irq, *thr;

			if (cpu < 0) {
				irq = &r->all_irq;
				thr = &r->all_thread;
			} else {
				if (!r->cpu[cpu] || !r->cpu[cpu]->thread.count)
					continue;
				irq = &r->cpu[cpu]->irq;
				thr = &r->cpu[cpu]->thread;
			}
			if (!thr->count)
				continue;
			row = bl_find(b, r->model, cpu, &dups);
			if (dups > 1) {
				char where[32] = "all CPUs";

				if (cpu >= 0)
					snprintf(where, sizeof(where), "CPU %d", cpu);
				fprintf(f, "# %s %s: %d runs of this model in the baseline, not compared (name runs with -m)\n",
					r->model, where, dups);
				continue;
			}
			if (!row) {
				if (cpu < 0)
					fprintf(f, "# %s all CPUs: not in the baseline\n", r->model);
				else
					fprintf(f, "# %s CPU %d: not in the baseline\n", r->model, cpu);
				continue;
			}
			compared++;
			bad += bl_compare_hist(f, row, r, cpu, BL_IRQ, irq, p);
			bad += bl_compare_hist(f, row, r, cpu, BL_THREAD, thr, p);
		}
	}
	if (!compared)
		fprintf(f, "# nothing to compare: no model and CPU in common with the baseline\n");
	fprintf(f, "# %d regression%s\n", bad, bad == 1 ? "" : "s");
	return bad;
}
