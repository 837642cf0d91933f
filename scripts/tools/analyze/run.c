// SPDX-License-Identifier: GPL-2.0
/*
 * Run lifecycle: allocation of the per-CPU data, end-of-stream merge.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run.h"

int run_init(struct run *r, const char *file, uint64_t hist_max_us,
	     uint64_t threshold_us, uint64_t lag_ms)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->file, sizeof(r->file), "%s", file);
	snprintf(r->kernel, sizeof(r->kernel), "unknown");
	run_guess_model(file, r->model, sizeof(r->model));
	r->hist_entries = hist_max_us;
	r->first_ts = UINT64_MAX;
	if (lat_hist_init(&r->all_irq, hist_max_us) ||
	    lat_hist_init(&r->all_thread, hist_max_us) ||
	    attr_init(&r->attr, threshold_us * 1000, lag_ms * 1000000)) {
		run_destroy(r);
		return -1;
	}
	return 0;
}

void run_destroy(struct run *r)
{
	int i;

	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i])
			continue;
		plab_hist_destroy(&r->cpu[i]->irq);
		plab_hist_destroy(&r->cpu[i]->thread);
		free(r->cpu[i]);
		r->cpu[i] = NULL;
	}
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		free(r->defer[i]);
		r->defer[i] = NULL;
	}
	plab_hist_destroy(&r->all_irq);
	plab_hist_destroy(&r->all_thread);
	if (r->attr.labels)
		attr_destroy(&r->attr);
}

struct run_cpu *run_cpu_get(struct run *r, int cpu)
{
	struct run_cpu *c;

	if (cpu < 0 || cpu >= RUN_MAX_CPUS)
		return NULL;
	if (r->cpu[cpu])
		return r->cpu[cpu];
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (lat_hist_init(&c->irq, r->hist_entries) ||
	    lat_hist_init(&c->thread, r->hist_entries)) {
		plab_hist_destroy(&c->irq);
		free(c);
		return NULL;
	}
	r->cpu[cpu] = c;
	return c;
}

int run_finish(struct run *r)
{
	int i;

	attr_finish(&r->attr);
	plab_hist_reset(&r->all_irq);
	plab_hist_reset(&r->all_thread);
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i])
			continue;
		if (plab_hist_merge(&r->all_irq, &r->cpu[i]->irq) ||
		    plab_hist_merge(&r->all_thread, &r->cpu[i]->thread))
			return -1;
	}
	return 0;
}

static bool run_word_at(const char *s, const char *start, size_t n)
{
	return (start == s || !isalnum((unsigned char)start[-1])) &&
	       !isalnum((unsigned char)start[n]);
}

void run_guess_model(const char *file, char *out, size_t len)
{
	static const char *const models[] = { "voluntary", "none", "full", "rt" };
	const char *base = strrchr(file, '/');
	const char *p;
	size_t i, n;

	base = base ? base + 1 : file;
	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		n = strlen(models[i]);
		for (p = strstr(base, models[i]); p; p = strstr(p + 1, models[i])) {
			if (run_word_at(base, p, n)) {
				snprintf(out, len, "%s", models[i]);
				return;
			}
		}
	}
	/*
	 * Else the path as given, not the file's name: scenario traces are
	 * all "trace-base.dat", and a baseline is matched by model. The end
	 * of a long path is kept, it is what tells runs apart.
	 */
	n = strlen(file);
	if (n > 4 && !strcmp(file + n - 4, ".dat"))
		n -= 4;
	base = file;
	if (n >= len) {
		base += n - (len - 1);
		n = len - 1;
	}
	/* Keep JSON-safe characters only. */
	for (i = 0; i < n; i++)
		out[i] = isprint((unsigned char)base[i]) && base[i] != '"' &&
			 base[i] != '\\' ? base[i] : '_';
	out[n] = '\0';
	if (!n)
		snprintf(out, len, "unknown");
}

/*
 * A default model equal to one of the runs before r (the same file twice,
 * or two files with one model word) gets "#2", "#3"...: each run of a
 * report is then one baseline entry, and a baseline made from the same
 * files matches run for run.
 */
void run_unique_model(struct run *r, struct run *const *prev, int nr)
{
	char base[RUN_NAME_LEN - 8];
	size_t n = strlen(r->model), keep = sizeof(base) - 1;
	int i, k = 1;

	/* Room for "#N": as run_guess_model() does, the end is kept. */
	snprintf(base, sizeof(base), "%s", r->model + (n > keep ? n - keep : 0));
	for (i = 0; i < nr; i++) {
		if (strcmp(prev[i]->model, r->model))
			continue;
		snprintf(r->model, sizeof(r->model), "%s#%d", base, ++k % 10000000);
		i = -1;		/* again, against every earlier run */
	}
}
