// SPDX-License-Identifier: GPL-2.0
/*
 * Recursive-descent evaluator of the assertion expressions (expr.h):
 *
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | primary
 *   primary := NUMBER | NAME | FUNC '(' sum (',' sum)* ')' | '(' sum ')'
 *
 * The names are all looked up before parsing, left to right, so that an
 * assertion whose measurement is missing says "missing NAME" whatever
 * else is wrong with it: a missing number is the common case (a phase
 * that did not run, another model not in the run).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "util.h"

enum tok_kind { T_END, T_NUM, T_NAME, T_OP };

struct tok {
	enum tok_kind kind;
	char op;		/* T_OP: + - * / ( ) , */
	struct xval val;	/* T_NUM, and T_NAME once looked up */
	char *name;		/* T_NAME, as written */
	bool func;		/* T_NAME: abs, max or min */
};

struct parser {
	struct tok *t;
	int n, cap, pos;
	char *msg;
	size_t msglen;
	bool failed;
	char lexerr[96];	/* first bad token, reported after the lookups */
};

static bool name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

static void fail(struct parser *p, const char *what)
{
	if (!p->failed)
		snprintf(p->msg, p->msglen, "%s", what);
	p->failed = true;
}

/* Splits expr into tokens; the first one that has no place goes to lexerr. */
static void tokenize(struct parser *p, const char *s)
{
	const char *q;

	for (;;) {
		struct tok t = { 0 };

		while (is_blank((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) {
			char *end;
			bool real = false;

			for (q = s; isdigit((unsigned char)*q); q++)
				;
			if (*q == '.') {
				real = true;
				for (q++; isdigit((unsigned char)*q); q++)
					;
			}
			if ((*q == 'e' || *q == 'E') &&
			    (isdigit((unsigned char)q[1]) ||
			     ((q[1] == '+' || q[1] == '-') && isdigit((unsigned char)q[2])))) {
				real = true;
				for (q += 2; isdigit((unsigned char)*q); q++)
					;
			}
			if (name_char((unsigned char)*q)) {
				while (name_char((unsigned char)*q))
					q++;
				if (!p->lexerr[0])
					snprintf(p->lexerr, sizeof(p->lexerr), "invalid number '%.*s'",
						 (int)(q - s > 40 ? 40 : q - s), s);
				s = q;
				continue;
			}
			t.kind = T_NUM;
			t.val.v = strtod(s, &end);
			t.val.is_int = !real;
			s = q;
		} else if (isalpha((unsigned char)*s) || *s == '_') {
			for (q = s; name_char((unsigned char)*q); q++)
				;
			if (*q == '@' && (isalnum((unsigned char)q[1]) || q[1] == '_'))
				for (q++; isalnum((unsigned char)*q) || *q == '_'; q++)
					;
			t.kind = T_NAME;
			t.name = xstrndup(s, (size_t)(q - s));
			t.func = !strcmp(t.name, "abs") || !strcmp(t.name, "max") || !strcmp(t.name, "min");
			s = q;
		} else if (strchr("+-*/(),", *s)) {
			t.kind = T_OP;
			t.op = *s++;
		} else {
			if (!p->lexerr[0])
				snprintf(p->lexerr, sizeof(p->lexerr), "unexpected character '%c'", *s);
			s++;
			continue;
		}
		GROW(p->t, p->n, p->cap);
		p->t[p->n++] = t;
	}
	GROW(p->t, p->n, p->cap);
	p->t[p->n++] = (struct tok){ .kind = T_END };
}

static struct tok *peek(struct parser *p)
{
	return &p->t[p->pos];
}

static bool accept(struct parser *p, char op)
{
	if (peek(p)->kind == T_OP && peek(p)->op == op) {
		p->pos++;
		return true;
	}
	return false;
}

static struct xval sum(struct parser *p);

static struct xval call(struct parser *p, const char *fn)
{
	struct xval args[64], r = { 0 };
	int n = 0, i;
	char buf[96];

	if (!accept(p, '(')) {
		snprintf(buf, sizeof(buf), "%s is a function: %s(...)", fn, fn);
		fail(p, buf);
		return r;
	}
	if (!accept(p, ')')) {
		do {
			if (n == 64) {
				fail(p, "too many arguments");
				return r;
			}
			args[n++] = sum(p);
		} while (!p->failed && accept(p, ','));
		if (!p->failed && !accept(p, ')'))
			fail(p, "expected ')' after the arguments");
	}
	if (p->failed)
		return r;
	if (!strcmp(fn, "abs")) {
		if (n != 1) {
			snprintf(buf, sizeof(buf), "abs() takes one argument (%d given)", n);
			fail(p, buf);
			return r;
		}
		r = args[0];
		r.v = fabs(r.v);
		return r;
	}
	if (n < 1) {
		snprintf(buf, sizeof(buf), "%s() needs at least one argument", fn);
		fail(p, buf);
		return r;
	}
	/* The first of equal values wins: it decides integer or not. */
	r = args[0];
	for (i = 1; i < n; i++)
		if (fn[1] == 'a' ? args[i].v > r.v : args[i].v < r.v)
			r = args[i];
	return r;
}

static struct xval primary(struct parser *p)
{
	struct tok *t = peek(p);
	struct xval r = { 0 };

	if (p->failed)
		return r;
	if (t->kind == T_NUM) {
		p->pos++;
		return t->val;
	}
	if (t->kind == T_NAME) {
		p->pos++;
		if (t->func)
			return call(p, t->name);
		return t->val;
	}
	if (accept(p, '(')) {
		r = sum(p);
		if (!p->failed && !accept(p, ')'))
			fail(p, "expected ')'");
		return r;
	}
	fail(p, t->kind == T_END ? "unexpected end of expression" : "expected a number, a name or '('");
	return r;
}

static struct xval unary(struct parser *p)
{
	struct xval r;

	if (accept(p, '-')) {
		r = unary(p);
		r.v = -r.v;
		return r;
	}
	if (accept(p, '+'))
		return unary(p);
	return primary(p);
}

static struct xval product(struct parser *p)
{
	struct xval l = unary(p), r;

	while (!p->failed) {
		if (accept(p, '*')) {
			r = unary(p);
			l.v *= r.v;
			l.is_int = l.is_int && r.is_int;
		} else if (accept(p, '/')) {
			r = unary(p);
			if (p->failed)
				break;
			if (r.v == 0) {
				fail(p, "division by zero");
				break;
			}
			l.v /= r.v;
			l.is_int = false;
		} else {
			break;
		}
	}
	return l;
}

static struct xval sum(struct parser *p)
{
	struct xval l = product(p), r;

	while (!p->failed) {
		if (accept(p, '+')) {
			r = product(p);
			l.v += r.v;
		} else if (accept(p, '-')) {
			r = product(p);
			l.v -= r.v;
		} else {
			break;
		}
		l.is_int = l.is_int && r.is_int;
	}
	return l;
}

enum expr_status expr_eval(const char *expr, expr_lookup lookup, void *ctx,
			   struct xval *out, char *msg, size_t msglen)
{
	struct parser p = { .msg = msg, .msglen = msglen };
	enum expr_status st = EXPR_OK;
	int i;

	msg[0] = 0;
	/* Lexing and lookups first: a missing name is reported before syntax. */
	tokenize(&p, expr);
	for (i = 0; i < p.n; i++) {
		struct tok *t = &p.t[i];
		char *at, *name;
		double v;

		if (t->kind != T_NAME || t->func)
			continue;
		name = xstrdup(t->name);
		at = strchr(name, '@');
		if (at)
			*at++ = 0;
		if (!lookup(ctx, name, at, &v)) {
			snprintf(msg, msglen, "%s", t->name);
			free(name);
			st = EXPR_MISSING;
			goto out;
		}
		free(name);
		if (!isfinite(v)) {
			/* an inf or nan measurement is no number to compare */
			snprintf(msg, msglen, "%s is %s", t->name, isnan(v) ? "nan" : "inf");
			st = EXPR_ERROR;
			goto out;
		}
		t->val.v = v;
		t->val.is_int = false;
	}
	if (p.lexerr[0]) {
		snprintf(msg, msglen, "%s", p.lexerr);
		st = EXPR_ERROR;
		goto out;
	}
	*out = sum(&p);
	if (!p.failed && peek(&p)->kind != T_END)
		fail(&p, "unexpected text after the expression");
	if (p.failed)
		st = EXPR_ERROR;
out:
	for (i = 0; i < p.n; i++)
		free(p.t[i].name);
	free(p.t);
	return st;
}
