// SPDX-License-Identifier: GPL-2.0
/*
 * The per-scenario plot: the probe's thread latency of every model, as the
 * share of samples per log2 bucket, overlaid (gnuplot, PNG for the page and
 * SVG for print). Data and script stay next to the images so a reader can
 * redraw them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include "verdict.h"

/* gnuplot SCRIPT, its diagnostics dropped (the report says when a plot is missing). */
static int gnuplot(const char *script)
{
	int status, nul;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		nul = open("/dev/null", O_WRONLY);
		if (nul >= 0)
			dup2(nul, 2);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int write_gp(const char *gp, const char *plots, const char *name,
		    const char *dir, const char *png_term)
{
	struct sbuf b = { 0 };
	const char *term[2] = { png_term, "svg size 800,450" }, *ext[2] = { "png", "svg" };
	int i, rc;

	for (i = 0; i < 2; i++) {
		sb_printf(&b, "set terminal %s\nset output '%s/%s.%s'\n", term[i], dir, name, ext[i]);
		sb_printf(&b, "set title 'scenario %s: probe thread latency, all CPUs'\n", name);
		sb_puts(&b, "set logscale x 2\nset logscale y 10\n"
			"set xlabel 'latency (us, log2 buckets: upper edge)'\n");
		sb_printf(&b, "set ylabel 'share of samples (%%)'\nset grid\nplot %s\n", plots);
	}
	rc = write_file(gp, sb_str(&b), b.len);
	sb_free(&b);
	return rc;
}

char *plot_scenario(const struct run *r, int s)
{
	const char *name = r->scns[s].name;
	char *dir = xasprintf("%s/plots", r->out), *data, *gp, *svg, *ret = NULL;
	struct sbuf d = { 0 }, plots = { 0 };
	double hist[64], total;
	int m, b, n = 0;

	if (mkdir(dir, 0777) && errno != EEXIST)
		die("cannot create '%s': %s", dir, strerror(errno));
	data = xasprintf("%s/%s.dat", dir, name);
	for (m = 0; m < r->nmodels; m++) {
		if (!thread_hist(cell_of(r, s, m), hist))
			continue;
		for (total = 0, b = 0; b < 64; b++)
			total += hist[b];
		if (total <= 0)
			continue;	/* buckets of zero samples: nothing to share out */
		sb_printf(&d, "# model %s\n", r->models[m]);
		for (b = 0; b < 64; b++)
			if (hist[b] != 0)
				sb_printf(&d, "%lld %.6f\n", 1LL << b, 100.0 * hist[b] / total);
		sb_puts(&d, "\n\n");
		sb_printf(&plots, "%s'%s' index %d using 1:2 with linespoints title '%s'",
			  n ? ", " : "", data, n, r->models[m]);
		n++;
	}
	if (write_file(data, sb_str(&d), d.len))
		die("cannot write '%s': %s", data, strerror(errno));
	if (n) {
		gp = xasprintf("%s/%s.gp", dir, name);
		if (write_gp(gp, sb_str(&plots), name, dir, "pngcairo size 800,450"))
			die("cannot write '%s': %s", gp, strerror(errno));
		/* A gnuplot without cairo still has the plain png terminal. */
		if (gnuplot(gp) != 0 && !write_gp(gp, sb_str(&plots), name, dir, "png size 800,450"))
			gnuplot(gp);
		svg = xasprintf("%s/%s.svg", dir, name);
		if (file_exists(svg))
			ret = xasprintf("%s.svg", name);
		free(svg);
		free(gp);
	}
	sb_free(&d);
	sb_free(&plots);
	free(data);
	free(dir);
	return ret;
}
