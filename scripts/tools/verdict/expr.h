/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The assertion expressions of the .scn files: numbers, names (NAME or
 * NAME@MODEL, characters [A-Za-z0-9_.], starting with a letter or _),
 * + - * /, unary minus, parentheses and abs(), max(), min().
 *
 * Values remember whether they are integers: a literal "1000" stays the
 * integer 1000 through + - * abs max min (report.json prints it without
 * ".0"); a measurement or a division makes a real number.
 */
#ifndef PLAB_VERDICT_EXPR_H
#define PLAB_VERDICT_EXPR_H

#include <stdbool.h>
#include <stddef.h>

struct xval {
	double v;
	bool is_int;
};

enum expr_status { EXPR_OK, EXPR_MISSING, EXPR_ERROR };

/*
 * Looks up NAME for model (NULL: the model of the assertion). Returns
 * false when there is no such measurement, or it is not a number.
 */
typedef bool (*expr_lookup)(void *ctx, const char *name, const char *model, double *out);

/*
 * Evaluates expr. EXPR_MISSING: msg is the first missing name, as written
 * (with its @MODEL); checked before the syntax, so a missing name wins.
 * EXPR_ERROR: msg says what is wrong.
 */
enum expr_status expr_eval(const char *expr, expr_lookup lookup, void *ctx,
			   struct xval *out, char *msg, size_t msglen);

#endif
