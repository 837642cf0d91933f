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

			sb_printf(b, "  %-10s %-5s %s / %s / %s\n", r->models[m], sorted[i]->label,
				  or_dash(kv_get(n, "noise.thr_p99_us")),
				  or_dash(kv_get(n, "noise.thr_p999_us")),
				  or_dash(kv_get(n, "noise.thr_max_us")));
		}
		free(sorted);
	}
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
