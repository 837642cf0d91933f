// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what the guests wrote: OUT/raw/<model>-<boot>/ with env, noise,
 * result (plab-vm's one line), and per scenario its metrics, status and
 * trace. A boot that never ran, or a scenario that never started, becomes
 * a "not run" status here, never a pass.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "verdict.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "kvm" or "tcg" as a word in plab-vm's result line, else NULL. */
static const char *find_accel(const char *s)
{
	const char *p;
	size_t i;

	for (p = s; *p; p++) {
		static const char *const acc[] = { "kvm", "tcg" };

		for (i = 0; i < 2; i++) {
			if (strncmp(p, acc[i], 3))
				continue;
			if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
				continue;
			if (isalnum((unsigned char)p[3]) || p[3] == '_')
				continue;
			return acc[i];
		}
	}
	return NULL;
}

static void load_boots(struct run *r, struct model_info *mi)
{
	char *rawdir = xasprintf("%s/raw", r->out), **names = NULL, *prefix;
	int n = 0, cap = 0, i;
	DIR *d = opendir(rawdir);
	struct dirent *de;

	prefix = xasprintf("%s-", mi->name);
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) || de->d_name[0] == '.')
			continue;
		GROW(names, n, cap);
		names[n++] = xstrdup(de->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct boot_info b = { 0 };
		char *dir = xasprintf("%s/%s", rawdir, names[i]), *path, *res;
		const char *acc;

		b.label = xstrdup(names[i] + strlen(prefix));
		path = xasprintf("%s/env-%s.txt", dir, b.label);
		kv_read(&b.env, path);
		free(path);
		path = xasprintf("%s/result", dir);
		res = read_file(path, NULL);
		free(path);
		path = strip_dup(res ? res : "");
		kv_set(&b.env, "vm_result", path);
		acc = find_accel(path);
		if (!acc)
			acc = getenv("PLAB_RUN_ACCEL") ? getenv("PLAB_RUN_ACCEL") : "";
		kv_set(&b.env, "accelerator", acc);
		free(path);
		free(res);
		path = xasprintf("%s/noise-%s.txt", dir, b.label);
		kv_read(&b.noise, path);
		free(path);
		free(dir);
		free(names[i]);
		GROW(mi->boots, mi->nboots, mi->cap);
		mi->boots[mi->nboots++] = b;
	}
	free(names);
	free(prefix);
	free(rawdir);
}

static const struct boot_info *find_boot(const struct model_info *mi, const char *label)
{
	int i;

	for (i = 0; i < mi->nboots; i++)
		if (!strcmp(mi->boots[i].label, label))
			return &mi->boots[i];
	return NULL;
}

/* The boot's noise readings into a trial, unless the scenario measured more. */
static void merge_noise(struct kvlist *t, const struct boot_info *bi)
{
	double nv, mv;
	int j;

	for (j = 0; bi && j < bi->noise.n; j++) {
		const char *k = bi->noise.a[j].k, *cur = kv_get(t, k);

		if (!parse_num(bi->noise.a[j].v, &nv))
			continue;
		if (!cur || !parse_num(cur, &mv) || nv > mv)
			kv_set(t, k, bi->noise.a[j].v);
	}
}

/*
 * One boot's trials of a scenario: metrics-BOOT.txt is trial 1, then
 * metrics-BOOT.trial2.txt and on while they exist. A trial another boot
 * of the scenario did not make lacks this boot's numbers (a "missing"
 * inconclusive, never a silent reuse).
 */
static void load_trials(struct cell *c, const char *dir,
			const char *scn, const char *boot)
{
	char *path;
	int t;

	for (t = 0;; t++) {
		path = t ? xasprintf("%s/%s/metrics-%s.trial%d.txt", dir, scn, boot, t + 1)
			 : xasprintf("%s/%s/metrics-%s.txt", dir, scn, boot);
		if (t && !file_exists(path)) {
			free(path);
			break;
		}
		if (t >= c->ntrials) {
			c->trial = xrealloc(c->trial, (size_t)(t + 1) * sizeof(*c->trial));
			memset(&c->trial[t], 0, sizeof(*c->trial));
			c->ntrials = t + 1;
		}
		kv_read(&c->trial[t], path);
		free(path);
	}
}

static void load_cell(struct run *r, int s, int m)
{
	const struct scn *sc = &r->scns[s];
	const struct model_info *mi = &r->mi[m];
	struct cell *c = cell_of(r, s, m);
	int i, t;

	for (i = 0; i < sc->boots.n; i++) {
		const char *boot = sc->boots.a[i].k;
		const struct boot_info *bi = find_boot(mi, boot);
		char *dir = xasprintf("%s/raw/%s-%s", r->out, mi->name, boot);
		char *path, *st = NULL, *text;

		load_trials(c, dir, sc->name, boot);
		path = xasprintf("%s/%s/status.%s", dir, sc->name, boot);
		text = read_file(path, NULL);
		if (text) {
			st = strip_dup(text);
			free(text);
		} else if (!is_dir(dir)) {
			st = xasprintf("not run: no %s boot of %s", boot, mi->name);
		} else {
			const char *res = bi ? kv_get(&bi->env, "vm_result") : NULL;

			st = xasprintf("not run: scenario did not start (%s)",
				       res && *res ? res : "run stopped");
		}
		free(path);
		if (strcmp(st, "ok") && !c->status)
			c->status = st;
		else
			free(st);
		path = xasprintf("%s/%s/trace-%s.dat", dir, sc->name, boot);
		if (file_exists(path)) {
			c->traces = xrealloc(c->traces, (size_t)(c->ntraces + 1) * sizeof(char *));
			c->trace_boots = xrealloc(c->trace_boots, (size_t)(c->ntraces + 1) * sizeof(char *));
			c->traces[c->ntraces] = path;
			c->trace_boots[c->ntraces++] = xstrdup(boot);
		} else {
			free(path);
		}
		free(dir);
	}
	if (!c->ntrials) {
		c->trial = xmalloc(sizeof(*c->trial));
		memset(c->trial, 0, sizeof(*c->trial));
		c->ntrials = 1;
	}
	for (i = 0; i < sc->boots.n; i++)
		for (t = 0; t < c->ntrials; t++)
			merge_noise(&c->trial[t], find_boot(mi, sc->boots.a[i].k));
	if (!c->status)
		c->status = xstrdup("ok");
}

void load_raw(struct run *r)
{
	int s, m;

	r->mi = xmalloc((size_t)(r->nmodels ? r->nmodels : 1) * sizeof(*r->mi));
	memset(r->mi, 0, (size_t)(r->nmodels ? r->nmodels : 1) * sizeof(*r->mi));
	r->cells = xmalloc((size_t)(r->nscns * r->nmodels + 1) * sizeof(*r->cells));
	memset(r->cells, 0, (size_t)(r->nscns * r->nmodels + 1) * sizeof(*r->cells));
	for (m = 0; m < r->nmodels; m++) {
		r->mi[m].name = r->models[m];
		load_boots(r, &r->mi[m]);
		for (s = 0; s < r->nscns; s++)
			load_cell(r, s, m);
	}
}

static int cmp_boot(const void *a, const void *b)
{
	return strcmp((*(const struct boot_info *const *)a)->label,
		      (*(const struct boot_info *const *)b)->label);
}

/* The model's boots by label, for reports that list them in a stable order. */
const struct boot_info **sorted_boots(const struct model_info *mi)
{
	const struct boot_info **sorted = xmalloc((size_t)(mi->nboots + 1) * sizeof(*sorted));
	int i;

	for (i = 0; i < mi->nboots; i++)
		sorted[i] = &mi->boots[i];
	qsort(sorted, (size_t)mi->nboots, sizeof(*sorted), cmp_boot);
	return sorted;
}
