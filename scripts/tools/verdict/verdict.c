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
 * Another model's numbers (NAME@MODEL) are read only from a valid run,
 * and a noise reading in the margin of such a comparison counts the
 * noise of both cells.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "verdict.h"

struct lookup_ctx {
	const struct run *r;
	int s, m;
	int t, u;			/* this cell's trial, the other cells' trial */
	const char *margin_text;	/* the margin as written */
	bool in_margin;			/* evaluating the margin now */
	bool *read;			/* [model]: another cell the sides read */
	char *refused;			/* why a cross-cell read was refused */
};

/* Trial t of a cell's metrics; a trial it does not have reads as empty. */
static const struct kvlist *trial_of(const struct run *r, int s, int m, int t)
{
	static const struct kvlist none;
	const struct cell *c = cell_of(r, s, m);

	return t < c->ntrials ? &c->trial[t] : &none;
}

static int model_index(const struct run *r, const char *model)
{
	int i;

	for (i = 0; i < r->nmodels; i++)
		if (!strcmp(r->models[i], model))
			return i;
	return -1;
}

/*
 * NULL when scenario s ran on model m and its valid lines hold there,
 * else why not. Another cell's numbers are only evidence when its run
 * is: a failed run has none, and an invalid one measured the host.
 * Valid lines read no other cell (scn_parse refuses it), so this does
 * not recurse.
 */
static char *cell_unreadable(const struct run *r, int s, int m)
{
	const struct scn *sc = &r->scns[s];
	const struct cell *c = cell_of(r, s, m);
	const char *who = r->models[m];
	struct check ck;
	char *why = NULL;
	int i;

	if (strcmp(c->status, "ok"))
		return xasprintf("%s's %s %s (%s)", who, sc->name,
				 strncmp(c->status, "not run", 7) ? "failed" : "did not run", c->status);
	for (i = 0; i < sc->nexpects && !why; i++) {
		if (!sc->expects[i].valid)
			continue;
		check_assertion(&sc->expects[i], r, s, m, &ck);
		if (strcmp(ck.result, "holds"))
			why = xasprintf("%s's %s is not valid (%s%s: %s)", who, sc->name,
					sc->expects[i].observed ? "disturbance not observed: " : "",
					ck.text, ck.why);
		free(ck.result);
		free(ck.text);
		free(ck.why);
	}
	return why;
}

/* Whether expr names model with an "@MODEL" of its own. */
static bool names_model(const char *expr, const char *model)
{
	size_t n = strlen(model);
	const char *p;

	for (p = strchr(expr, '@'); p; p = strchr(p + 1, '@'))
		if (!strncmp(p + 1, model, n) && !isalnum((unsigned char)p[n + 1]) && p[n + 1] != '_')
			return true;
	return false;
}

/*
 * A noise reading in the margin of a cross-cell comparison: this cell's
 * plus that of every other cell the sides read, unless the margin names
 * that cell itself. Each side carries its own boot's noise, so the
 * difference of the two can be off by both.
 */
static bool margin_noise(struct lookup_ctx *lc, const char *name, double *out)
{
	double v;
	const char *t;
	int i;

	t = kv_get(trial_of(lc->r, lc->s, lc->m, lc->t), name);
	if (!t || !parse_num(t, out))
		return false;
	for (i = 0; i < lc->r->nmodels; i++) {
		if (!lc->read[i] || names_model(lc->margin_text, lc->r->models[i]))
			continue;
		t = kv_get(trial_of(lc->r, lc->s, i, lc->u), name);
		if (!t || !parse_num(t, &v)) {
			if (!lc->refused)
				lc->refused = xasprintf("missing %s of %s (a cross-model margin adds both cells' noise)",
							name, lc->r->models[i]);
			return false;
		}
		*out += v;
	}
	return true;
}

/*
 * NAME on the assertion's model, or NAME@MODEL on another model of the
 * run, read only when that cell's run is valid (else lc->refused says why).
 */
static bool lookup(void *ctx, const char *name, const char *model, double *out)
{
	struct lookup_ctx *lc = ctx;
	int m = lc->m;
	char *why;
	const char *v;

	if (model) {
		m = model_index(lc->r, model);
		if (m < 0)
			return false;
		if (m != lc->m) {
			why = cell_unreadable(lc->r, lc->s, m);
			if (why) {
				if (!lc->refused)
					lc->refused = xasprintf("%s@%s not read: %s", name, model, why);
				free(why);
				return false;
			}
			if (!lc->in_margin)
				lc->read[m] = true;
		}
	} else if (lc->in_margin && !strncmp(name, "noise.", 6)) {
		return margin_noise(lc, name, out);
	}
	v = kv_get(trial_of(lc->r, lc->s, m, m == lc->m ? lc->t : lc->u), name);
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

/*
 * One evaluation of the assertion: trial t of this cell, trial u of the
 * other cells it reads (read[model] is set for those). c->result is NULL
 * when it evaluated (c->lhs, rhs, margin set), else "inconclusive" with
 * c->why.
 */
static void check_once(const struct expect *e, const struct run *r, int s, int m, int t, int u,
		       bool *read, struct check *c)
{
	struct lookup_ctx lc = { .r = r, .s = s, .m = m, .t = t, .u = u,
				 .margin_text = e->margin, .read = read };
	const char *exprs[3] = { e->lhs, e->rhs, e->margin };
	struct xval val[3];
	char msg[256];
	int i;

	memset(c, 0, sizeof(*c));
	/* The sides first: the margin needs to know which cells they read. */
	for (i = 0; i < 3 && !c->result; i++) {
		lc.in_margin = i == 2;
		switch (expr_eval(exprs[i], lookup, &lc, &val[i], msg, sizeof(msg))) {
		case EXPR_OK:
			break;
		case EXPR_MISSING:
			c->result = xstrdup("inconclusive");
			c->why = lc.refused ? xstrdup(lc.refused) : xasprintf("missing %s", msg);
			break;
		case EXPR_ERROR:
			c->result = xstrdup("inconclusive");
			c->why = xasprintf("error %s", msg);
			break;
		}
	}
	free(lc.refused);
	if (c->result)
		return;
	c->numbers = true;
	c->lhs = val[0];
	c->rhs = val[1];
	c->margin = val[2];
}

/* Where one evaluation lands: 1 holds, -1 fails, 0 within the margin. */
static int side_of(const char *op, const struct check *c)
{
	double diff = op[0] == '>' ? c->lhs.v - c->rhs.v : c->rhs.v - c->lhs.v;

	return diff_holds(op, diff, c->margin.v) ? 1 : -diff > c->margin.v ? -1 : 0;
}

/* "L OP R, margin M", and which way a miss went, as one trial's numbers. */
static void sb_numbers(struct sbuf *b, const char *op, const struct check *c)
{
	double diff = op[0] == '>' ? c->lhs.v - c->rhs.v : c->rhs.v - c->lhs.v;
	int side = side_of(op, c);

	sb_printf(b, "%.4g %s %.4g, margin %.4g", c->lhs.v, op, c->rhs.v, c->margin.v);
	/* Say which way it missed, so a reader sees why without the arithmetic. */
	if (side == 1)
		return;
	if (diff == 0)
		sb_puts(b, " (the sides are equal, within the margin)");
	else
		sb_printf(b, " (%s way by %.4g, %s the margin)", diff < 0 ? "wrong" : "right",
			  diff < 0 ? -diff : diff, side < 0 ? "beyond" : "within");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of a side over the evaluations, for the report's numbers. */
static struct xval median_of(const struct check *ev, int n, int which)
{
	double *v = xmalloc((size_t)n * sizeof(*v));
	struct xval x = which == 0 ? ev[0].lhs : which == 1 ? ev[0].rhs : ev[0].margin;
	int i;

	for (i = 0; i < n; i++)
		v[i] = which == 0 ? ev[i].lhs.v : which == 1 ? ev[i].rhs.v : ev[i].margin.v;
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	x.v = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	if (x.is_int && x.v != (double)(long long)x.v)
		x.is_int = false;
	free(v);
	return x;
}

/*
 * The trials of the cells the assertion reads: u runs over the fewest any
 * of the other cells has (1 when it reads only its own cell).
 */
static int other_trials(const struct run *r, int s, int m, const bool *read)
{
	int i, n = 0;

	for (i = 0; i < r->nmodels; i++)
		if (read[i] && i != m && (!n || cell_of(r, s, i)->ntrials < n))
			n = cell_of(r, s, i)->ntrials;
	return n ? n : 1;
}

/*
 * The assertion over the trials (Documentation/scenarios.rst, "Trials"):
 * evaluated on every trial of this cell, and for a comparison with other
 * cells on every pair of this cell's and their trials. It holds when every
 * evaluation holds, fails when every one fails beyond the margin, and is
 * inconclusive otherwise: with 3 trials a side, a comparison then holds
 * only when no pair is out of order, Mann-Whitney's U = 0 (one-sided
 * p = 1/20). One evaluation gives the one-trial text unchanged.
 */
void check_assertion(const struct expect *e, const struct run *r, int s, int m, struct check *c)
{
	const struct cell *cell = cell_of(r, s, m);
	bool *read = xmalloc((size_t)(r->nmodels + 1) * sizeof(*read));
	int nu, n, t, u, i, hold = 0, fail = 0;
	struct check *ev;
	struct sbuf b = { 0 };

	memset(read, 0, (size_t)(r->nmodels + 1) * sizeof(*read));
	/* The first evaluation tells which other cells the sides read. */
	check_once(e, r, s, m, 0, 0, read, c);
	nu = other_trials(r, s, m, read);
	n = cell->ntrials * nu;
	ev = xmalloc((size_t)n * sizeof(*ev));
	ev[0] = *c;
	for (i = 1; i < n && !c->result; i++) {
		t = i / nu;
		u = i % nu;
		check_once(e, r, s, m, t, u, read, &ev[i]);
		if (ev[i].result) {
			c->result = ev[i].result;
			c->why = xasprintf("trial %d: %s", t + 1, ev[i].why);
			free(ev[i].why);
		}
	}
	free(read);
	c->text = xstrdup(e->text);
	if (c->result) {
		c->numbers = false;
		free(ev);
		return;
	}
	for (i = 0; i < n; i++) {
		int side = side_of(e->op, &ev[i]);

		hold += side == 1;
		fail += side == -1;
		if (n > 1)
			sb_puts(&b, i ? "; " : "");
		sb_numbers(&b, e->op, &ev[i]);
	}
	c->result = xstrdup(hold == n ? "holds" : fail == n ? "fails" : "inconclusive");
	if (n == 1)
		c->why = b.s;
	else if (hold == n || fail == n || !(hold + fail))
		c->why = xasprintf("%d of %d %s %s: %s", n, n, nu > 1 ? "trial pairs" : "trials",
				   hold == n ? "hold" : fail == n ? "fail" : "within the margin", b.s);
	else
		c->why = xasprintf("the %s disagree (%d hold, %d fail, %d within the margin): %s",
				   nu > 1 ? "trial pairs" : "trials", hold, fail, n - hold - fail, b.s);
	if (n > 1) {
		free(b.s);
		c->evals = xmalloc((size_t)n * sizeof(*c->evals));
		for (i = 0; i < n; i++)
			c->evals[i] = (struct evaluation){ .t = i / nu, .u = i % nu,
				.side = side_of(e->op, &ev[i]), .lhs = ev[i].lhs,
				.rhs = ev[i].rhs, .margin = ev[i].margin };
		c->nevals = n;
		c->pairs = nu > 1;
	}
	c->lhs = median_of(ev, n, 0);
	c->rhs = median_of(ev, n, 1);
	c->margin = median_of(ev, n, 2);
	free(ev);
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
	bool *invalid, *fails, *inconcl, *all, *unseen, any_invalid = false, any_fail = false,
	     any_inc = false, any_unseen = false;
	int i, n = 0;
	char *why;

	c->checks = xmalloc((size_t)(sc->nexpects + 1) * sizeof(*c->checks));
	invalid = xmalloc((size_t)(sc->nexpects + 1) * 5 * sizeof(bool));
	fails = invalid + sc->nexpects + 1;
	inconcl = fails + sc->nexpects + 1;
	all = inconcl + sc->nexpects + 1;
	unseen = all + sc->nexpects + 1;
	for (i = 0; i < sc->nexpects; i++) {
		const struct expect *e = &sc->expects[i];
		struct check *ck;

		if (!expect_applies(e, r->models[m]))
			continue;
		ck = &c->checks[n];
		check_assertion(e, r, s, m, ck);
		unseen[n] = e->observed && strcmp(ck->result, "holds");
		invalid[n] = e->valid && !e->observed && strcmp(ck->result, "holds");
		fails[n] = !strcmp(ck->result, "fails");
		inconcl[n] = !strcmp(ck->result, "inconclusive");
		all[n] = true;
		any_unseen |= unseen[n];
		any_invalid |= invalid[n];
		any_fail |= fails[n];
		any_inc |= inconcl[n];
		n++;
	}
	c->nchecks = n;
	if (strcmp(c->status, "ok")) {
		c->verdict = xstrdup(strncmp(c->status, "not run", 7) ? "failed" : c->status);
		c->why = xstrdup(c->status);
	} else if (any_unseen) {
		/* No evidence that the disturbance ran: the claim was not tested. */
		c->verdict = xstrdup("inconclusive");
		why = join_checks(c, unseen, true);
		c->why = xasprintf("disturbance not observed: %s", why);
		free(why);
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

	for (i = 0; i < c->ntrials; i++)
		kv_free(&c->trial[i]);
	free(c->trial);
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
		free(c->checks[i].evals);
	}
	free(c->checks);
	free(c->verdict);
	free(c->why);
	memset(c, 0, sizeof(*c));
}
