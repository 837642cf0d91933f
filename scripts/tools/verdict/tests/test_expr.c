// SPDX-License-Identifier: GPL-2.0
/*
 * The assertion expressions: precedence, functions, NAME@MODEL, integer
 * or real results, missing names (reported before syntax errors) and
 * syntax errors.
 */
#include <math.h>
#include <string.h>
#include "expr.h"
#include "tap.h"

/* Measurements: a.x=10, a.y=2.5, m.z=4; on model "other": a.x=7. */
static bool lookup(void *ctx, const char *name, const char *model, double *out)
{
	(void)ctx;
	if (model && strcmp(model, "other"))
		return false;
	if (!strcmp(name, "a.x"))
		*out = model ? 7 : 10;
	else if (!strcmp(name, "a.y") && !model)
		*out = 2.5;
	else if (!strcmp(name, "m.z_1") && !model)
		*out = 4;
	else if (!strcmp(name, "bad.inf") && !model)
		*out = INFINITY;
	else
		return false;
	return true;
}

static const struct { const char *e; double v; bool is_int; } values[] = {
	{ "1 + 2 * 3", 7, true },
	{ "(1 + 2) * 3", 9, true },
	{ "10 - 4 - 3", 3, true },
	{ "8 / 4 / 2", 1, false },
	{ "-2 * -3", 6, true },
	{ "- (1 + 1)", -2, true },
	{ "2 - -1", 3, true },
	{ "+5", 5, true },
	{ "1.5 * 2", 3, false },
	{ ".5 + 1e1", 10.5, false },
	{ "a.x", 10, false },
	{ "a.x@other", 7, false },
	{ "a.x - a.x@other", 3, false },
	{ "a.y * 4 + m.z_1", 14, false },
	{ "abs(-3)", 3, true },
	{ "abs(1 - a.x)", 9, false },
	{ "max(1, 5, 3)", 5, true },
	{ "min(a.x, 20, 4)", 4, true },
	{ "max(2)", 2, true },
	{ "max(a.x, 10)", 10, false },	/* the first of equal values */
	{ "min(max(1, 2), abs(-7)) * 2", 4, true },
	{ "0.2 * a.x + 2", 4, false },
	{ "10 / 4", 2.5, false },
	{ "3 * (a.x - 4) / 2", 9, false },
};

static const struct { const char *e, *missing; } missing[] = {
	{ "nothere", "nothere" },
	{ "a.x + b.q * 2", "b.q" },
	{ "a.y@other", "a.y@other" },
	{ "a.x@nomodel", "a.x@nomodel" },
	{ "(a.x + + ) c.d", "c.d" },		/* missing before syntax */
	{ "max(a.x, first) + second", "first" },
};

static const struct { const char *e, *msg; } errors[] = {
	{ "1 +", "unexpected end" },
	{ "(1 + 2", "expected ')'" },
	{ "1 2", "unexpected text" },
	{ "3 $ 4", "unexpected character '$'" },
	{ "1 / 0", "division by zero" },
	{ "a.x / (a.y - 2.5)", "division by zero" },
	{ "abs(1, 2)", "abs() takes one argument" },
	{ "max()", "needs at least one argument" },
	{ "max + 1", "function" },
	{ "12abc", "invalid number" },
	{ "", "unexpected end" },
	{ "bad.inf > 1", "inf" },
};

int main(void)
{
	char msg[256];
	struct xval v;
	size_t i;
	enum expr_status st;

	tap_plan((int)(sizeof(values) / sizeof(values[0]) + sizeof(missing) / sizeof(missing[0]) +
		       sizeof(errors) / sizeof(errors[0])));
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		st = expr_eval(values[i].e, lookup, NULL, &v, msg, sizeof(msg));
		tap_ok(st == EXPR_OK && fabs(v.v - values[i].v) < 1e-12 && v.is_int == values[i].is_int,
		       "%s = %g%s (got %g%s, %s)", values[i].e, values[i].v,
		       values[i].is_int ? " (integer)" : "", v.v, v.is_int ? " (integer)" : "", msg);
	}
	for (i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		st = expr_eval(missing[i].e, lookup, NULL, &v, msg, sizeof(msg));
		tap_ok(st == EXPR_MISSING && !strcmp(msg, missing[i].missing),
		       "%s: missing %s (got %d '%s')", missing[i].e, missing[i].missing, st, msg);
	}
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		st = expr_eval(errors[i].e, lookup, NULL, &v, msg, sizeof(msg));
		tap_ok(st == EXPR_ERROR && strstr(msg, errors[i].msg),
		       "'%s': error '%s' (got %d '%s')", errors[i].e, errors[i].msg, st, msg);
	}
	return tap_finish();
}
