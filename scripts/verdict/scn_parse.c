// SPDX-License-Identifier: GPL-2.0
/*
 * The .scn parser of plab-verdict. One directive per line; the keyword is
 * what precedes the first space. Only claim, require, boot, expect, valid
 * and the boot label of each phase matter for the verdicts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scn.h"

/* Replace every "${CPU}" in line by the CPU number. */
static char *subst_cpu(const char *line, int cpu)
{
	struct sbuf b = { 0 };
	const char *p = line, *q;

	while ((q = strstr(p, "${CPU}"))) {
		sb_putn(&b, p, (size_t)(q - p));
		sb_printf(&b, "%d", cpu);
		p = q + 6;
	}
	sb_puts(&b, p);
	return b.s ? b.s : xstrdup("");
}

/*
 * A comment starts at a '#' that follows a blank (so "a#b" is no comment,
 * and a line starting with '#' is dropped by the caller).
 */
static void cut_comment(char *line)
{
	char *p;

	for (p = line; *p; p++) {
		if (is_blank((unsigned char)*p) && p[1] == '#') {
			*p = 0;
			return;
		}
	}
}

/* Split at the first space: s becomes the head, the rest is returned (or ""). */
static char *split_space(char *s)
{
	char *sp = strchr(s, ' ');

	if (!sp)
		return s + strlen(s);
	*sp = 0;
	return sp + 1;
}

/*
 * "LHS OP RHS [margin M]": the first OP with a blank on each side ends the
 * left side, and the first " margin " after it ends the right side.
 */
static int parse_assertion(struct expect *e, const char *body)
{
	static const char *const ops[] = { "<=", ">=", "<", ">" };
	size_t n = strlen(body), i, k, ol = 0;
	const char *op = NULL, *r, *m = NULL;
	char *part;

	/* i: where the operator starts; a blank before it and after it */
	for (i = 1; i < n && !op; i++) {
		if (!is_blank((unsigned char)body[i - 1]))
			continue;
		for (k = 0; k < 4 && !op; k++) {
			ol = strlen(ops[k]);
			if (!strncmp(body + i, ops[k], ol) && is_blank((unsigned char)body[i + ol]))
				op = ops[k];
		}
		if (op)
			break;
	}
	if (!op)
		return -1;
	part = xstrndup(body, i - 1);
	e->lhs = strip_dup(part);
	free(part);
	e->op = xstrdup(op);
	r = body + i + ol + 1;
	/* margin: a blank, "margin", a blank, then the expression */
	for (k = 0; r[k]; k++) {
		if (is_blank((unsigned char)r[k]) && !strncmp(r + k + 1, "margin", 6) &&
		    is_blank((unsigned char)r[k + 7])) {
			m = r + k;
			break;
		}
	}
	part = m ? xstrndup(r, (size_t)(m - r)) : xstrdup(r);
	e->rhs = strip_dup(part);
	free(part);
	e->margin = m ? strip_dup(m + 8) : NULL;
	if (!e->margin || !*e->margin) {
		free(e->margin);
		e->margin = xstrdup("noise.thr_max_us");
	}
	return 0;
}

static int add_expect(struct scn *s, bool valid, const char *rest, const char *path,
		      char *err, size_t errlen)
{
	char *buf = valid ? xasprintf("all %s", rest) : xstrdup(rest);
	char *body = split_space(buf), *tok, *text;
	struct expect e = { .valid = valid };

	/* "valid observed ...": the run's evidence that its disturbance ran */
	if (valid && !strncmp(body, "observed", 8) && is_blank((unsigned char)body[8])) {
		e.observed = true;
		body += 9;
	}
	text = strip_dup(body);
	if (parse_assertion(&e, text)) {
		snprintf(err, errlen, "%s: cannot parse expect '%s'", path, text);
		free(text);
		free(buf);
		return -1;
	}
	/*
	 * A valid line checks its own run; reading another model's cell
	 * would make a cell's validity depend on another's, and the cross
	 * reads of the expects depend on validity (verdict.c).
	 */
	if (valid && strchr(text, '@')) {
		snprintf(err, errlen, "%s: valid '%s' reads another model (NAME@MODEL): a valid line checks its own run only, use NAME",
			 path, text);
		free(e.lhs);
		free(e.op);
		free(e.rhs);
		free(e.margin);
		free(text);
		free(buf);
		return -1;
	}
	e.text = text;
	/* "a,,b" keeps its empty name, like a plain split on ','. */
	tok = buf;
	for (;;) {
		char *c = strchr(tok, ',');

		e.models = xrealloc(e.models, (size_t)(e.nmodels + 1) * sizeof(char *));
		if (c)
			*c = 0;
		e.models[e.nmodels++] = xstrdup(tok);
		if (!c)
			break;
		tok = c + 1;
	}
	GROW(s->expects, s->nexpects, s->cap_expects);
	s->expects[s->nexpects++] = e;
	free(buf);
	return 0;
}

/*
 * Boot labels used by phases: "phase NAME [LABEL]" on the raw line (the
 * label defaults to base). Only those boots belong to the scenario.
 */
static void used_boots(const char *text, struct kvlist *used)
{
	const char *p = text, *q, *eol;
	char *name, *label;

	while (*p) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		q = p;
		while (q < eol && is_blank((unsigned char)*q))
			q++;
		if (eol - q > 5 && !strncmp(q, "phase", 5) && is_blank((unsigned char)q[5])) {
			q += 5;
			while (q < eol && is_blank((unsigned char)*q))
				q++;
			name = (char *)q;
			while (q < eol && !is_blank((unsigned char)*q))
				q++;
			if (q > name) {
				while (q < eol && is_blank((unsigned char)*q))
					q++;
				label = (char *)q;
				while (q < eol && !is_blank((unsigned char)*q))
					q++;
				label = q > label ? xstrndup(label, (size_t)(q - label)) : xstrdup("base");
				kv_set(used, label, "");
				free(label);
			}
		}
		p = *eol ? eol + 1 : eol;
	}
}

int scn_parse_text(const char *path, const char *text, int cpu, struct scn *s,
		   char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	char *copy = xstrdup(text), *line, *save = NULL, *kw, *rest, *t, *l;
	struct kvlist boots = { 0 }, used = { 0 };
	int i, rc = 0;

	memset(s, 0, sizeof(*s));
	base = base ? base + 1 : path;
	s->name = xstrdup(base);
	if (strlen(s->name) >= 4 && !strcmp(s->name + strlen(s->name) - 4, ".scn"))
		s->name[strlen(s->name) - 4] = 0;
	s->file = xstrdup(path);
	s->claim = xstrdup("");
	kv_set(&boots, "base", "");
	for (line = strtok_r(copy, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
		cut_comment(line);
		t = strip_dup(line);
		if (!*t || *t == '#') {
			free(t);
			continue;
		}
		l = subst_cpu(t, cpu);
		free(t);
		kw = l;
		rest = strip_dup(split_space(l));
		if (!strcmp(kw, "claim")) {
			free(s->claim);
			s->claim = xstrdup(rest);
		} else if (!strcmp(kw, "require")) {
			char *w, *ws = NULL;

			for (w = strtok_r(rest, " \t\v\f\r", &ws); w; w = strtok_r(NULL, " \t\v\f\r", &ws)) {
				s->require = xrealloc(s->require, (size_t)(s->nrequire + 1) * sizeof(char *));
				s->require[s->nrequire++] = xstrdup(w);
			}
		} else if (!strcmp(kw, "boot")) {
			char *args = split_space(rest), *a = strip_dup(args);

			kv_set(&boots, rest, a);
			free(a);
		} else if (!strcmp(kw, "expect") || !strcmp(kw, "valid")) {
			rc = add_expect(s, !strcmp(kw, "valid"), rest, path, err, errlen);
		}
		free(rest);
		free(l);
	}
	free(copy);
	used_boots(text, &used);
	for (i = 0; i < boots.n; i++)
		if (kv_get(&used, boots.a[i].k))
			kv_set(&s->boots, boots.a[i].k, boots.a[i].v);
	kv_free(&boots);
	kv_free(&used);
	if (rc)
		scn_free(s);
	return rc;
}

int scn_parse(const char *path, int cpu, struct scn *s, char *err, size_t errlen)
{
	char *text = read_file(path, NULL);
	int rc;

	if (!text) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = scn_parse_text(path, text, cpu, s, err, errlen);
	free(text);
	return rc;
}

void scn_free(struct scn *s)
{
	int i, j;

	for (i = 0; i < s->nexpects; i++) {
		struct expect *e = &s->expects[i];

		for (j = 0; j < e->nmodels; j++)
			free(e->models[j]);
		free(e->models);
		free(e->lhs);
		free(e->op);
		free(e->rhs);
		free(e->margin);
		free(e->text);
	}
	for (i = 0; i < s->nrequire; i++)
		free(s->require[i]);
	free(s->require);
	free(s->expects);
	kv_free(&s->boots);
	free(s->name);
	free(s->file);
	free(s->claim);
	memset(s, 0, sizeof(*s));
}

bool expect_applies(const struct expect *e, const char *model)
{
	int i;

	for (i = 0; i < e->nmodels; i++)
		if (!strcmp(e->models[i], "all") || !strcmp(e->models[i], model))
			return true;
	return false;
}
