// SPDX-License-Identifier: GPL-2.0
/*
 * index.html: a static page readable offline. The verdict table (hover a
 * cell for the deciding numbers), environment and noise, then per scenario
 * its claim, assertions, plot, percentiles and ranked causes.
 *
 * A small script marks <body> with data-images-loaded="LOADED/TOTAL" once
 * the page has loaded, so a headless browser's DOM dump shows whether every
 * plot could be displayed (selftests/host/report_html.sh).
 */
#include <stdlib.h>
#include <string.h>
#include "verdict.h"

static const char CSS[] =
	"body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
	"td,th{border:1px solid #999;padding:3px 8px;font-size:13px}.reproduced{background:#bfb}"
	".notreproduced{background:#fbb}.inconclusive{background:#ffb}"
	".notrun,.failed,.noexpectation{background:#ddd}"
	"table.trials{margin:2px 0 6px}table.trials td,table.trials th{font-size:11px;padding:1px 5px}";

static const char IMAGES_SCRIPT[] =
	"<script>window.addEventListener('load',function(){"
	"var im=document.images,ok=0,i;"
	"for(i=0;i<im.length;i++)if(im[i].complete&&im[i].naturalWidth>0)ok++;"
	"document.body.setAttribute('data-images-loaded',ok+'/'+im.length);});</script>";

/* Text as HTML, quotes included (it also goes into attributes). */
static void esc(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_puts(b, "&amp;"); break;
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\'': sb_puts(b, "&#x27;"); break;
		default: sb_putc(b, *s);
		}
	}
}

static const char *short_verdict(const char *v)
{
	return strncmp(v, "not run", 7) ? v : "not run";
}

/* The verdict as a CSS class: its letters only ("not reproduced" -> notreproduced). */
static void css_class(struct sbuf *b, const char *v)
{
	for (; *v; v++)
		if (*v >= 'a' && *v <= 'z')
			sb_putc(b, *v);
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static void verdict_table(struct sbuf *b, const struct run *r)
{
	int s, m;

	sb_puts(b, "<h2>Verdicts</h2><table id='verdicts'><tr><th>scenario</th>\n");
	for (m = 0; m < r->nmodels; m++) {
		sb_puts(b, "<th>");
		esc(b, r->models[m]);
		sb_puts(b, "</th>\n");
	}
	sb_puts(b, "</tr>");
	for (s = 0; s < r->nscns; s++) {
		sb_puts(b, "\n<tr><td><a href='#");
		esc(b, r->scns[s].name);
		sb_puts(b, "'>");
		esc(b, r->scns[s].name);
		sb_puts(b, "</a></td>");
		for (m = 0; m < r->nmodels; m++) {
			const struct cell *c = cell_of(r, s, m);
			const char *v = short_verdict(c->verdict);

			sb_puts(b, "\n<td class='");
			css_class(b, v);
			sb_puts(b, "' title='");
			esc(b, c->why);
			sb_puts(b, "'>");
			esc(b, v);
			sb_puts(b, "</td>");
		}
		sb_puts(b, "\n</tr>");
	}
}

static void env_table(struct sbuf *b, const struct run *r)
{
	int m, i;

	sb_puts(b, "\n</table><h2>Environment and noise floor</h2><table><tr><th>model</th>"
		"<th>boot</th><th>kernel</th><th>active mode</th><th>cmdline</th>"
		"<th>noise p99 / p99.9 / max (us)</th></tr>");
	for (m = 0; m < r->nmodels; m++) {
		const struct model_info *mi = &r->mi[m];
		const struct boot_info **sorted = sorted_boots(mi);

		for (i = 0; i < mi->nboots; i++) {
			const struct boot_info *bi = sorted[i];
			const char *k = kv_get(&bi->env, "kernel"), *cl = kv_get(&bi->env, "cmdline");
			/* the stock models share a boot: its cmdline names the first */
			const char *pm = kv_get(&bi->env, "preempt");

			sb_puts(b, "\n<tr><td>");
			esc(b, r->models[m]);
			sb_puts(b, "</td><td>");
			esc(b, bi->label);
			sb_puts(b, "</td><td>");
			esc(b, k ? k : "");
			sb_puts(b, "</td><td>");
			esc(b, pm ? pm : "");
			sb_puts(b, "</td><td>");
			esc(b, cl ? cl : "");
			sb_puts(b, "</td><td>");
			esc(b, or_dash(kv_get(&bi->noise, "noise.thr_p99_us")));
			sb_puts(b, " / ");
			esc(b, or_dash(kv_get(&bi->noise, "noise.thr_p999_us")));
			sb_puts(b, " / ");
			esc(b, or_dash(kv_get(&bi->noise, "noise.thr_max_us")));
			sb_puts(b, "</td></tr>");
		}
		free(sorted);
	}
	sb_puts(b, "\n</table>");
}

/*
 * A check's evaluations, one row per trial (or pair of trials of the two
 * cells it compares): its sides, the margin and where it fell.
 */
static void evals_table(struct sbuf *b, const struct check *k)
{
	static const char *const fell[] = { "fails", "within the margin", "holds" };
	int i;

	if (k->nevals < 2)
		return;
	sb_printf(b, "<table class='trials'><tr><th>%s</th><th>left</th><th>right</th>"
		  "<th>margin</th><th></th></tr>", k->pairs ? "trials (this, other)" : "trial");
	for (i = 0; i < k->nevals; i++) {
		const struct evaluation *e = &k->evals[i];

		if (k->pairs)
			sb_printf(b, "<tr><td>%d, %d</td>", e->t + 1, e->u + 1);
		else
			sb_printf(b, "<tr><td>%d</td>", e->t + 1);
		sb_printf(b, "<td>%.4g</td><td>%.4g</td><td>%.4g</td><td>%s</td></tr>",
			  e->lhs.v, e->rhs.v, e->margin.v, fell[e->side + 1]);
	}
	sb_puts(b, "</table>");
}

/* The scenario's heading and claim, and each model's verdict with its assertions. */
static void assertions_table(struct sbuf *b, const struct run *r, int s)
{
	const char *name = r->scns[s].name;
	int m, i;

	sb_puts(b, "\n<h2 id='");
	esc(b, name);
	sb_puts(b, "'>");
	esc(b, name);
	sb_puts(b, "</h2><p><b>Claim:</b> ");
	esc(b, r->scns[s].claim);
	sb_puts(b, "</p>\n<table><tr><th>model</th><th>verdict</th><th>assertions</th></tr>");
	for (m = 0; m < r->nmodels; m++) {
		const struct cell *c = cell_of(r, s, m);

		sb_puts(b, "\n<tr><td>");
		esc(b, r->models[m]);
		sb_puts(b, "</td><td>");
		esc(b, c->verdict);
		if (c->ntrials > 1)
			sb_printf(b, "<br><small>%d trials</small>", c->ntrials);
		sb_puts(b, "</td><td>");
		for (i = 0; i < c->nchecks; i++) {
			if (i)
				sb_puts(b, "<br>");
			esc(b, c->checks[i].text);
			sb_puts(b, ": <b>");
			esc(b, c->checks[i].result);
			sb_puts(b, "</b> (");
			esc(b, c->checks[i].why);
			sb_puts(b, ")");
			evals_table(b, &c->checks[i]);
		}
		if (!c->nchecks)
			esc(b, c->why);
		sb_puts(b, "</td></tr>");
	}
	sb_puts(b, "\n</table>");
}

/* The percentiles of each model's first run with samples; no table when none has. */
static void stats_table(struct sbuf *b, const struct run *r, int s)
{
	static const char *const stat_keys[] = { "count", "p50", "p90", "p99", "p999", "max" };
	struct sbuf rows = { 0 };
	char num[64];
	int m, i;

	for (m = 0; m < r->nmodels; m++) {
		const struct json_node *st = run_stats(cell_of(r, s, m));

		if (!st)
			continue;
		sb_puts(&rows, "<tr><td>");
		esc(&rows, r->models[m]);
		sb_puts(&rows, "</td>");
		for (i = 0; i < 6; i++) {
			const struct json_node *v = json_get(st, stat_keys[i]);

			if (v)
				py_str(v, num, sizeof(num));
			sb_printf(&rows, "<td>%s</td>", v ? num : "");
		}
		sb_puts(&rows, "</tr>");
	}
	if (rows.len)
		sb_printf(b, "\n<table><tr><th>model</th><th>samples</th><th>p50</th><th>p90</th>"
			  "<th>p99</th><th>p99.9</th><th>max (us)</th></tr>%s</table>", rows.s);
	sb_free(&rows);
}

/* Each model's five first ranked causes; no table when there are none. */
static void causes_table(struct sbuf *b, const struct run *r, int s)
{
	struct sbuf rows = { 0 };
	char num[64];
	int m, i, n;

	for (m = 0; m < r->nmodels; m++) {
		const struct json_node *top[5];

		n = top_causes(cell_of(r, s, m), top, 5);
		for (i = 0; i < n; i++) {
			const struct json_node *share = json_get(top[i], "share");

			sb_puts(&rows, "<tr><td>");
			esc(&rows, r->models[m]);
			py_str(json_get(top[i], "rank"), num, sizeof(num));
			sb_printf(&rows, "</td><td>%s</td><td>", num);
			py_str(json_get(top[i], "cause"), num, sizeof(num));
			esc(&rows, num);
			sb_printf(&rows, "</td><td>%.1f%%</td><td>", 100 * json_num(share, 0));
			py_str(json_get(top[i], "max_us"), num, sizeof(num));
			sb_printf(&rows, "%s</td></tr>", num);
		}
	}
	if (rows.len)
		sb_printf(b, "\n<table><tr><th>model</th><th>rank</th><th>cause</th><th>share</th>"
			  "<th>max (us)</th></tr>%s</table>", rows.s);
	sb_free(&rows);
}

static void scenario_section(struct sbuf *b, const struct run *r, int s)
{
	const char *name = r->scns[s].name;

	assertions_table(b, r, s);
	if (r->plots[s]) {
		sb_puts(b, "\n<img src='plots/");
		esc(b, name);
		sb_puts(b, ".png' alt='");
		esc(b, name);
		sb_puts(b, " latency histogram' width='800'>");
	}
	stats_table(b, r, s);
	causes_table(b, r, s);
}

int write_html(const struct run *r, const char *path)
{
	struct sbuf b = { 0 };
	int s, rc;

	sb_printf(&b, "<!DOCTYPE html><html><head><meta charset='utf-8'><title>preemptlab report</title>\n"
		  "<style>%s</style></head><body><h1>preemptlab scenario report</h1>\n", CSS);
	verdict_table(&b, r);
	env_table(&b, r);
	for (s = 0; s < r->nscns; s++)
		scenario_section(&b, r, s);
	sb_printf(&b, "\n%s\n</body></html>", IMAGES_SCRIPT);
	rc = write_file(path, sb_str(&b), b.len);
	sb_free(&b);
	return rc;
}
