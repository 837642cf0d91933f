// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict rules (Documentation/scenarios.rst, "Verdicts").
 *
 * An assertion "LHS OP RHS margin M" holds when the difference in the
 * expected direction exceeds M, fails when the difference the other way
 * exceeds M, and is inconclusive otherwise: a difference within the noise
 * is never a pass. A scenario is reproduced on a model when all its
 * assertions hold, not reproduced when one fails, inconclusive otherwise;
 * a "valid" check that does not hold makes the run itself inconclusive.
 */
#include <stdlib.h>
#include <string.h>
#include "verdict.h"

struct lookup_ctx {
	const struct run *r;
	int s, m;
};

/* NAME on the assertion's model, or NAME@MODEL on another model of the run. */
static bool lookup(void *ctx, const char *name, const char *model, double *out)
{
	const struct lookup_ctx *lc = ctx;
	int m = lc->m, i;
	const char *v;

	if (model) {
		for (m = -1, i = 0; i < lc->r->nmodels; i++)
			if (!strcmp(lc->r->models[i], model))
				m = i;
		if (m < 0)
			return false;
	}
	v = kv_get(&cell_of(lc->r, lc->s, m)->metrics, name);
	return v && parse_num(v, out);
}

/*
 * Whether a difference in the expected direction decides the assertion:
 * "<" and ">" need it to exceed the margin, "<=" and ">=" to reach it, so
 * with margin 0 equal sides hold "<=" (a count that must be at least N)
 * and never "<". Either way it fails only beyond the margin the other way.
 */
static bool diff_holds(const char *op, double diff, double margin)
{
	return op[1] == '=' ? diff >= margin : diff > margin;
}

void check_assertion(const struct expect *e, const struct run *r, int s, int m, struct check *c)
{
	struct lookup_ctx lc = { r, s, m };
	const char *exprs[3] = { e->lhs, e->rhs, e->margin };
	struct xval val[3];
	char msg[256];
	double diff;
	bool holds;
	int i;

	memset(c, 0, sizeof(*c));
	c->text = xstrdup(e->text);
	for (i = 0; i < 3; i++) {
		switch (expr_eval(exprs[i], lookup, &lc, &val[i], msg, sizeof(msg))) {
		case EXPR_OK:
			continue;
		case EXPR_MISSING:
			c->result = xstrdup("inconclusive");
			c->why = xasprintf("missing %s", msg);
			return;
		case EXPR_ERROR:
			c->result = xstrdup("inconclusive");
			c->why = xasprintf("error %s", msg);
			return;
		}
	}
	c->numbers = true;
	c->lhs = val[0];
	c->rhs = val[1];
	c->margin = val[2];
	diff = e->op[0] == '>' ? val[0].v - val[1].v : val[1].v - val[0].v;
	holds = diff_holds(e->op, diff, val[2].v);
	c->result = xstrdup(holds ? "holds" : -diff > val[2].v ? "fails" : "inconclusive");
	/* Say which way it missed, so a reader sees why without the arithmetic. */
	if (holds)
		c->why = xasprintf("%.4g %s %.4g, margin %.4g", val[0].v, e->op, val[1].v, val[2].v);
	else
		c->why = xasprintf("%.4g %s %.4g, margin %.4g (%s way by %.4g, %s the margin)",
				   val[0].v, e->op, val[1].v, val[2].v, diff < 0 ? "wrong" : "right",
				   diff < 0 ? -diff : diff, -diff > val[2].v ? "beyond" : "within");
	/* report.json keeps 3 decimals (integers stay integers) */
	for (i = 0; i < 3; i++) {
		struct xval *x = i == 0 ? &c->lhs : i == 1 ? &c->rhs : &c->margin;

		if (!x->is_int)
			x->v = round3(x->v);
	}
}

/* "TEXT: WHY; TEXT: WHY" of the checks with this result (NULL: the invalid ones). */
static char *join_checks(const struct cell *c, const bool *pick, bool with_text)
{
	struct sbuf b = { 0 };
	int i, n = 0;

	for (i = 0; i < c->nchecks; i++) {
		if (!pick[i])
			continue;
		if (n++)
			sb_puts(&b, "; ");
		if (with_text)
			sb_printf(&b, "%s: ", c->checks[i].text);
		sb_puts(&b, c->checks[i].why);
	}
	return b.s ? b.s : xstrdup("");
}

void decide(struct run *r, int s, int m)
{
	const struct scn *sc = &r->scns[s];
	struct cell *c = cell_of(r, s, m);
	bool *invalid, *fails, *inconcl, *all, any_invalid = false, any_fail = false,
	     any_inc = false;
	int i, n = 0;
	char *why;

	c->checks = xmalloc((size_t)(sc->nexpects + 1) * sizeof(*c->checks));
	invalid = xmalloc((size_t)(sc->nexpects + 1) * 4 * sizeof(bool));
	fails = invalid + sc->nexpects + 1;
	inconcl = fails + sc->nexpects + 1;
	all = inconcl + sc->nexpects + 1;
	for (i = 0; i < sc->nexpects; i++) {
		const struct expect *e = &sc->expects[i];
		struct check *ck;

		if (!expect_applies(e, r->models[m]))
			continue;
		ck = &c->checks[n];
		check_assertion(e, r, s, m, ck);
		invalid[n] = e->valid && strcmp(ck->result, "holds");
		fails[n] = !strcmp(ck->result, "fails");
		inconcl[n] = !strcmp(ck->result, "inconclusive");
		all[n] = true;
		any_invalid |= invalid[n];
		any_fail |= fails[n];
		any_inc |= inconcl[n];
		n++;
	}
	c->nchecks = n;
	if (strcmp(c->status, "ok")) {
		c->verdict = xstrdup(strncmp(c->status, "not run", 7) ? "failed" : c->status);
		c->why = xstrdup(c->status);
	} else if (any_invalid) {
		c->verdict = xstrdup("inconclusive");
		why = join_checks(c, invalid, true);
		c->why = xasprintf("run not valid: %s", why);
		free(why);
	} else if (!n) {
		c->verdict = xstrdup("no expectation");
		c->why = xstrdup("no assertion for this model");
	} else if (any_fail) {
		c->verdict = xstrdup("not reproduced");
		c->why = join_checks(c, fails, true);
	} else if (any_inc) {
		c->verdict = xstrdup("inconclusive");
		c->why = join_checks(c, inconcl, true);
	} else {
		c->verdict = xstrdup("reproduced");
		c->why = join_checks(c, all, false);
	}
	free(invalid);
}

void cell_free(struct cell *c)
{
	int i;

	kv_free(&c->metrics);
	free(c->status);
	for (i = 0; i < c->ntraces; i++) {
		free(c->traces[i]);
		free(c->trace_boots[i]);
	}
	free(c->traces);
	free(c->trace_boots);
	for (i = 0; i < c->nan; i++) {
		free(c->an[i].text);
		json_free(c->an[i].doc);
		free(c->an[i].error);
	}
	free(c->an);
	for (i = 0; i < c->nchecks; i++) {
		free(c->checks[i].result);
		free(c->checks[i].text);
		free(c->checks[i].why);
	}
	free(c->checks);
	free(c->verdict);
	free(c->why);
	memset(c, 0, sizeof(*c));
}
