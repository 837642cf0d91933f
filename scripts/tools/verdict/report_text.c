// SPDX-License-Identifier: GPL-2.0
/*
 * summary.txt: the verdict table (scenario x model), the noise floor of
 * every boot, and the numbers that decided each verdict. Also what
 * plab-run prints at the end, so its layout is fixed: scripts and the
 * selftests read the table by the scenario name in the first column.
 */
#include <stdlib.h>
#include <string.h>
#include "verdict.h"

/* "not run: ..." is one cell wide in the table; the reason is below it. */
static const char *short_verdict(const char *v)
{
	return strncmp(v, "not run", 7) ? v : "not run";
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

/*
 * How many trials the cells had, and the rule (scenarios.rst, "Trials");
 * nothing for one-trial runs, whose checks read as they always did.
 */
static void trials_line(const struct run *r, struct sbuf *b)
{
	int lo = 0, hi = 0, i, n;

	for (i = 0; i < r->nscns * r->nmodels; i++) {
		n = r->cells[i].ntrials;
		lo = !lo || n < lo ? n : lo;
		hi = n > hi ? n : hi;
	}
	if (hi < 2)
		return;
	if (lo == hi)
		sb_printf(b, "\n# trials: %d per cell", hi);
	else
		sb_printf(b, "\n# trials: %d to %d per cell", lo, hi);
	sb_puts(b, "; a check holds when every trial, or every pair of trials of two\n"
		"# cells, holds beyond the margin, fails when every one fails beyond it\n");
}

/*
 * Which models shared a boot (plab-scenario-exec -M writes
 * model_switched= in their env): their comparisons are made on one
 * emulator speed; the others are across boots, margins with the noise of
 * both. Nothing when no model was switched.
 */
static void boots_line(const struct run *r, struct sbuf *b)
{
	struct sbuf one = { 0 }, own = { 0 };
	int m;

	for (m = 0; m < r->nmodels; m++) {
		const struct model_info *mi = &r->mi[m];
		struct sbuf *to = mi->nboots && kv_get(&mi->boots[0].env, "model_switched") ? &one : &own;

		sb_printf(to, "%s%s", to->len ? ", " : "", r->models[m]);
	}
	if (one.len)
		sb_printf(b, "\n# boots: %s in one boot per boot line, switched at run time%s%s%s\n"
			  "# (compared on one emulator speed); a comparison across boots adds\n"
			  "# both boots' noise floors to its margin\n",
			  one.s, own.len ? "; " : "", own.len ? own.s : "",
			  own.len ? " booted alone" : "");
	free(one.s);
	free(own.s);
}

void summary_text(const struct run *r, struct sbuf *b)
{
	int w = 0, s, m, i;

	for (s = 0; s < r->nscns; s++)
		if ((int)strlen(r->scns[s].name) > w)
			w = (int)strlen(r->scns[s].name);
	sb_puts(b, "# preemptlab scenario verdicts (reproduced / not reproduced / inconclusive)\n\n");
	sb_printf(b, "%-*s  ", w, "scenario");
	for (m = 0; m < r->nmodels; m++)
		sb_printf(b, "%s%-16s", m ? "  " : "", r->models[m]);
	sb_putc(b, '\n');
	for (s = 0; s < r->nscns; s++) {
		sb_printf(b, "%-*s  ", w, r->scns[s].name);
		for (m = 0; m < r->nmodels; m++)
			sb_printf(b, "%s%-16s", m ? "  " : "", short_verdict(cell_of(r, s, m)->verdict));
		sb_putc(b, '\n');
	}
	sb_puts(b, "\n# noise floor per boot (probe thread latency, us): p99 / p99.9 / max\n");
	for (m = 0; m < r->nmodels; m++) {
		const struct model_info *mi = &r->mi[m];
		const struct boot_info **sorted = sorted_boots(mi);

		for (i = 0; i < mi->nboots; i++) {
			const struct kvlist *n = &sorted[i]->noise;
			const char *why = kv_get(&sorted[i]->env, "noise_floor");

			if (why && !n->n) {
				sb_printf(b, "  %-10s %-5s %s\n", r->models[m], sorted[i]->label, why);
				continue;
			}
			sb_printf(b, "  %-10s %-5s %s / %s / %s\n", r->models[m], sorted[i]->label,
				  or_dash(kv_get(n, "noise.thr_p99_us")),
				  or_dash(kv_get(n, "noise.thr_p999_us")),
				  or_dash(kv_get(n, "noise.thr_max_us")));
		}
		free(sorted);
	}
	trials_line(r, b);
	boots_line(r, b);
	sb_puts(b, "\n# deciding numbers\n");
	for (s = 0; s < r->nscns; s++) {
		for (m = 0; m < r->nmodels; m++) {
			const struct cell *c = cell_of(r, s, m);

			if (!strcmp(c->verdict, c->why))
				sb_printf(b, "  %s/%s: %s\n", r->scns[s].name, r->models[m], c->verdict);
			else
				sb_printf(b, "  %s/%s: %s: %s\n", r->scns[s].name, r->models[m],
					  c->verdict, c->why);
		}
	}
}
