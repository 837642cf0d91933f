// SPDX-License-Identifier: GPL-2.0
/*
 * gnuplot rendering of the latency histograms.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "plot.h"

extern char **environ;

#define PLOT_MAX_SERIES 64

struct plot_series {
	char title[2 * RUN_NAME_LEN + 16];
	char data[32];
};

static int plot_data(const char *dir, const char *name,
		     const struct plab_hist *h)
{
	char path[4096];
	uint64_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "# bucket_us count (1 us buckets; the last line is the overflow at %llu us)\n",
		(unsigned long long)h->entries);
	for (i = 0; i < h->entries; i++)
		if (h->bucket[i])
			fprintf(f, "%llu %llu\n", (unsigned long long)i,
				(unsigned long long)h->bucket[i]);
	if (h->bucket[h->entries])
		fprintf(f, "%llu %llu\n", (unsigned long long)h->entries,
			(unsigned long long)h->bucket[h->entries]);
	return fclose(f);
}

static void plot_script(FILE *f, const char *kind, const char *term,
			const char *ext, const struct plot_series *s, int n,
			uint64_t xmax)
{
	int i;

	fprintf(f, "set terminal %s size 1000,600\n", term);
	fprintf(f, "set output 'latency-%s.%s'\n", kind, ext);
	fprintf(f, "set title '%s latency histogram'\n", kind);
	fprintf(f, "set xlabel 'latency (us, log scale; bucket upper edge, 1 us buckets)'\n");
	fprintf(f, "set ylabel 'samples (log scale)'\n");
	fprintf(f, "set logscale xy\nset yrange [0.8:*]\nset grid\n");
	fprintf(f, "set xrange [1:%llu]\nset key top right\n",
		(unsigned long long)(xmax * 2 + 2));
	fprintf(f, "plot ");
	for (i = 0; i < n; i++)
		fprintf(f, "%s'%s-%s' using ($1+1):2 with points pt 7 ps 0.6 title '%s'",
			i ? ", \\\n     " : "", kind, s[i].data, s[i].title);
	fprintf(f, "\n");
}

static int plot_run_gnuplot(const char *dir, const char *script,
			    char *err, size_t errlen)
{
	char *argv[] = { "gnuplot", (char *)script, NULL };
	posix_spawn_file_actions_t fa;
	int status, ret;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_addchdir_np(&fa, dir)) {
		snprintf(err, errlen, "cannot set up gnuplot");
		return -1;
	}
	ret = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret) {
		snprintf(err, errlen, "cannot run gnuplot (%s): install gnuplot-nox; the data and %s/%s are written",
			 strerror(ret), dir, script);
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		snprintf(err, errlen, "gnuplot failed on %s/%s", dir, script);
		return -1;
	}
	return 0;
}

int plot_write(const char *dir, struct run *const *runs, int nr,
	       char *err, size_t errlen)
{
	static const char *const kinds[] = { "thread", "irq" };
	struct plot_series s[PLOT_MAX_SERIES];
	char path[4096], name[64];
	uint64_t xmax = 0;
	int n = 0, i, cpu, k;
	FILE *f;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < nr && n < PLOT_MAX_SERIES; i++) {
		const struct run *r = runs[i];

		for (cpu = -1; cpu < RUN_MAX_CPUS && n < PLOT_MAX_SERIES; cpu++) {
			const struct plab_hist *h[2];

			if (cpu < 0 && nr == 1)
				continue;	/* one run: per CPU */
			if (cpu >= 0 && nr > 1)
				break;		/* several runs: per model */
			if (cpu >= 0 && (!r->cpu[cpu] || !r->cpu[cpu]->thread.count))
				continue;
			h[0] = cpu < 0 ? &r->all_thread : &r->cpu[cpu]->thread;
			h[1] = cpu < 0 ? &r->all_irq : &r->cpu[cpu]->irq;
			if (!h[0]->count)
				continue;
			snprintf(s[n].data, sizeof(s[n].data), "%d.dat", n);
			if (cpu < 0)
				snprintf(s[n].title, sizeof(s[n].title), "%s (run %d)",
					 r->model, i + 1);
			else
				snprintf(s[n].title, sizeof(s[n].title), "CPU %d", cpu);
			for (k = 0; k < 2; k++) {
				snprintf(name, sizeof(name), "%s-%s", kinds[k], s[n].data);
				if (plot_data(dir, name, h[k])) {
					snprintf(err, errlen, "%s/%s: %s", dir, name,
						 strerror(errno));
					return -1;
				}
				if (h[k]->max_ns / 1000 > xmax)
					xmax = h[k]->max_ns / 1000;
			}
			n++;
		}
	}
	if (xmax > runs[0]->hist_entries)
		xmax = runs[0]->hist_entries;
	snprintf(path, sizeof(path), "%s/latency.gp", dir);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "# gnuplot script written by plab-analyze; run: gnuplot latency.gp\n");
	if (!n) {
		fprintf(f, "# no samples to plot\n");
		fclose(f);
		snprintf(err, errlen, "no samples to plot");
		return -1;
	}
	for (k = 0; k < 2; k++) {
		plot_script(f, kinds[k], "pngcairo", "png", s, n, xmax);
		plot_script(f, kinds[k], "svg", "svg", s, n, xmax);
	}
	if (fclose(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return plot_run_gnuplot(dir, "latency.gp", err, errlen);
}
