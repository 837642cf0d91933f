// SPDX-License-Identifier: GPL-2.0
/*
 * The .scn parser, the only one: plab-verdict reads the claim, boots and
 * assertions, plab-scn prints the run plan for the runners. One directive
 * per line; the keyword is what precedes the first space; an unknown
 * keyword is an error.
 */
#include <errno.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"
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

/* Cuts the next blank-separated word off *p; NULL when there is none. */
static char *next_word(char **p)
{
	char *w = *p;

	while (is_blank((unsigned char)*w))
		w++;
	if (!*w)
		return NULL;
	*p = w;
	while (**p && !is_blank((unsigned char)**p))
		(*p)++;
	if (**p)
		*(*p)++ = 0;
	return w;
}

/* A phase name: it becomes the prefix of the phase's metrics and file names. */
static bool is_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_')
			return false;
	return true;
}

/* "phase NAME [BOOT]" */
static int add_phase(struct scn *s, char *rest, const char *path, char *err,
		     size_t errlen)
{
	char *name = next_word(&rest), *boot = next_word(&rest);
	int i;

	if (!name || !is_name(name) || next_word(&rest)) {
		snprintf(err, errlen, "%s: bad phase line (allowed: phase NAME [BOOT], NAME of letters, digits and '_')",
			 path);
		return -1;
	}
	for (i = 0; i < s->nphases; i++) {
		if (!strcmp(s->phases[i].name, name)) {
			snprintf(err, errlen, "%s: phase '%s' twice (allowed: each name once)",
				 path, name);
			return -1;
		}
	}
	GROW(s->phases, s->nphases, s->cap_phases);
	s->phases[s->nphases].name = xstrdup(name);
	s->phases[s->nphases++].boot = xstrdup(boot ? boot : "base");
	return 0;
}

/* A set, run or load line; kw is one of those. */
/* ${NAME} at *p (p at the '$'): its value into out, p past the '}'. */
static int word_var(const char **p, bool expand, struct sbuf *out, char *err, size_t errlen)
{
	const char *q = *p + 2, *end;
	char *name, *v;

	if ((*p)[1] != '{' || !(isalpha((unsigned char)*q) || *q == '_')) {
		snprintf(err, errlen, "a '$' not followed by {NAME} (allowed: ${NAME} of the environment)");
		return -1;
	}
	for (end = q; isalnum((unsigned char)*end) || *end == '_'; end++)
		;
	if (*end != '}') {
		snprintf(err, errlen, "'${%.*s' is not closed by '}'", (int)(end - q), q);
		return -1;
	}
	*p = end + 1;
	if (!expand) {
		sb_putn(out, q - 2, (size_t)(end + 1 - (q - 2)));
		return 0;
	}
	name = xstrndup(q, (size_t)(end - q));
	v = getenv(name);
	if (!v)
		snprintf(err, errlen, "${%s} is not set", name);
	else if (strpbrk(v, "\t\n"))
		snprintf(err, errlen, "${%s} holds a tab or a newline", name);
	free(name);
	if (!v || strpbrk(v, "\t\n"))
		return -1;
	sb_puts(out, v);
	return 0;
}

int scn_words(const char *args, bool expand, struct sbuf *out, char *err, size_t errlen)
{
	const char *p = args;
	bool in_word = false;
	size_t start = out->len;
	char quote = 0;

	while (*p) {
		if (!quote && isspace((unsigned char)*p)) {
			if (in_word && out->len == start) {
				snprintf(err, errlen, "an empty word (a shell would pass it, the runners drop it)");
				return -1;
			}
			if (in_word)
				sb_putc(out, '\t');
			in_word = false;
			start = out->len;
			p++;
			continue;
		}
		in_word = true;
		/* the runners split on tabs: none may stand inside a word */
		if (*p == '\t' || *p == '\n' ||
		    (*p == '\\' && (p[1] == '\t' || p[1] == '\n'))) {
			snprintf(err, errlen, "a tab or a newline inside a word");
			return -1;
		}
		if (quote != '\'' && *p == '$') {
			if (word_var(&p, expand, out, err, errlen))
				return -1;
		} else if ((!quote && (*p == '\'' || *p == '"')) || *p == quote) {
			quote = quote ? 0 : *p;
			p++;
		} else if (*p == '\\' && quote != '\'' &&
			   (!quote || (p[1] && strchr("\"\\$", p[1])))) {
			if (!p[1]) {
				snprintf(err, errlen, "a '\\' at the end of the line");
				return -1;
			}
			sb_putc(out, p[1]);
			p += 2;
		} else {
			sb_putc(out, *p++);
		}
	}
	if (quote) {
		snprintf(err, errlen, "a %s quote is not closed", quote == '"' ? "double" : "single");
		return -1;
	}
	if (in_word && out->len == start) {
		snprintf(err, errlen, "an empty word (a shell would pass it, the runners drop it)");
		return -1;
	}
	/* a trailing separator is no word */
	if (out->len && out->s[out->len - 1] == '\t')
		out->s[--out->len] = 0;
	return 0;
}

/* The words of a step, a load or the probe line read as scn_words reads them. */
static int check_words(const char *kw, const char *rest, const char *path, char *err,
		       size_t errlen)
{
	struct sbuf w = { 0 };
	char why[160];
	int rc = scn_words(rest, false, &w, why, sizeof(why));

	if (rc)
		snprintf(err, errlen, "%s: '%s %s': %s", path, kw, rest, why);
	sb_free(&w);
	return rc;
}

static int add_step(struct scn *s, const char *kw, const char *rest,
		    const char *path, char *err, size_t errlen)
{
	const char *phase = s->nphases ? s->phases[s->nphases - 1].name : NULL;

	if (!*rest) {
		snprintf(err, errlen, "%s: '%s' with nothing to %s", path, kw, kw);
		return -1;
	}
	if (check_words(kw, rest, path, err, errlen))
		return -1;
	if (!phase && strcmp(kw, "load")) {
		snprintf(err, errlen, "%s: '%s %s' before the first phase (allowed there: load)",
			 path, kw, rest);
		return -1;
	}
	GROW(s->steps, s->nsteps, s->cap_steps);
	s->steps[s->nsteps].phase = phase ? xstrdup(phase) : NULL;
	s->steps[s->nsteps].kw = xstrdup(kw);
	s->steps[s->nsteps++].args = xstrdup(rest);
	return 0;
}

/* "duration SECONDS [QUICK_SECONDS]", each 1..3600 */
static int set_duration(struct scn *s, char *rest, const char *path, char *err,
			size_t errlen)
{
	char *w[3] = { next_word(&rest), next_word(&rest), next_word(&rest) };
	int v[2] = { 0, 0 }, i;
	uint64_t x;

	for (i = 0; i < 2 && w[i]; i++) {
		if (!plab_opt_u64(w[i], 1, 3600, &x))
			break;
		v[i] = (int)x;
	}
	if (!w[0] || w[2] || (w[0] && !v[0]) || (w[1] && !v[1])) {
		snprintf(err, errlen, "%s: bad duration line (allowed: duration SECONDS [QUICK_SECONDS], each 1..3600)",
			 path);
		return -1;
	}
	s->duration_s = v[0];
	s->quick_s = v[1];
	return 0;
}

/*
 * The lines a file gives at most once (claim, quick, duration, probe, and
 * each boot label): a second one would silently replace the first, so it
 * is refused. once holds what was seen.
 */
static int given_once(struct kvlist *once, const char *kw, const char *rest,
		      const char *path, char *err, size_t errlen)
{
	static const char *const single[] = { "claim", "quick", "duration", "probe" };
	char *key = NULL;
	size_t i;

	for (i = 0; i < sizeof(single) / sizeof(single[0]); i++)
		if (!strcmp(kw, single[i]))
			key = xstrdup(kw);
	if (!strcmp(kw, "boot")) {
		char *label = xstrdup(rest);

		split_space(label);
		key = xasprintf("boot %s", label);
		free(label);
	}
	if (!key)
		return 0;
	if (kv_get(once, key)) {
		snprintf(err, errlen, "%s: a second '%s' line (claim, quick, duration, probe and each boot label are given once)",
			 path, key);
		free(key);
		return -1;
	}
	kv_set(once, key, "");
	free(key);
	return 0;
}

/* One line kw rest (comment cut, ${CPU} replaced, rest stripped). */
static int scn_line(struct scn *s, char *kw, char *rest, struct kvlist *boots,
		    const char *path, char *err, size_t errlen)
{
	if (!strcmp(kw, "claim")) {
		free(s->claim);
		s->claim = xstrdup(rest);
	} else if (!strcmp(kw, "require")) {
		char *w;

		while ((w = next_word(&rest))) {
			s->require = xrealloc(s->require, (size_t)(s->nrequire + 1) * sizeof(char *));
			s->require[s->nrequire++] = xstrdup(w);
		}
	} else if (!strcmp(kw, "boot")) {
		char *args = split_space(rest), *a = strip_dup(args);

		kv_set(boots, rest, a);
		free(a);
	} else if (!strcmp(kw, "expect") || !strcmp(kw, "valid")) {
		return add_expect(s, !strcmp(kw, "valid"), rest, path, err, errlen);
	} else if (!strcmp(kw, "phase")) {
		return add_phase(s, rest, path, err, errlen);
	} else if (!strcmp(kw, "set") || !strcmp(kw, "run") || !strcmp(kw, "load")) {
		return add_step(s, kw, rest, path, err, errlen);
	} else if (!strcmp(kw, "duration")) {
		return set_duration(s, rest, path, err, errlen);
	} else if (!strcmp(kw, "probe")) {
		if (check_words(kw, rest, path, err, errlen))
			return -1;
		free(s->probe);
		s->probe = xstrdup(rest);
	} else if (!strcmp(kw, "quick")) {
		if (strcmp(rest, "yes") && strcmp(rest, "no")) {
			snprintf(err, errlen, "%s: bad quick line 'quick %s' (allowed: quick yes|no)",
				 path, rest);
			return -1;
		}
		s->quick = !strcmp(rest, "yes");
	} else {
		snprintf(err, errlen, "%s: unknown keyword '%s' (allowed: claim, quick, duration, probe, require, boot, load, phase, set, run, expect, valid)",
			 path, kw);
		return -1;
	}
	return 0;
}

/*
 * The boots the phases use, with their arguments, "base" first; a phase
 * in a boot that no boot line defines is an error.
 */
static int used_boots(struct scn *s, const struct kvlist *boots,
		      const char *path, char *err, size_t errlen)
{
	int i, j;

	for (i = 0; i < s->nphases; i++) {
		if (!kv_get(boots, s->phases[i].boot)) {
			snprintf(err, errlen, "%s: phase '%s' runs in boot '%s', which no boot line defines (allowed: base or a boot label)",
				 path, s->phases[i].name, s->phases[i].boot);
			return -1;
		}
	}
	for (i = 0; i < boots->n; i++)
		for (j = 0; j < s->nphases; j++)
			if (!strcmp(s->phases[j].boot, boots->a[i].k)) {
				kv_set(&s->boots, boots->a[i].k, boots->a[i].v);
				break;
			}
	return 0;
}

int scn_parse_text(const char *path, const char *text, int cpu, struct scn *s,
		   char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	char *copy = xstrdup(text), *line, *save = NULL, *rest, *t, *l;
	struct kvlist boots = { 0 }, once = { 0 };
	int rc = 0;

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
		rest = strip_dup(split_space(l));
		rc = given_once(&once, l, rest, path, err, errlen);
		if (!rc)
			rc = scn_line(s, l, rest, &boots, path, err, errlen);
		free(rest);
		free(l);
	}
	free(copy);
	if (!rc)
		rc = used_boots(s, &boots, path, err, errlen);
	kv_free(&boots);
	kv_free(&once);
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
	for (i = 0; i < s->nphases; i++) {
		free(s->phases[i].name);
		free(s->phases[i].boot);
	}
	for (i = 0; i < s->nsteps; i++) {
		free(s->steps[i].phase);
		free(s->steps[i].kw);
		free(s->steps[i].args);
	}
	free(s->phases);
	free(s->steps);
	free(s->probe);
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
