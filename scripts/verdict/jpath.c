// SPDX-License-Identifier: GPL-2.0
/*
 * Paths into a JSON document for plab-json (jpath.h). A step is a member
 * name or an array index, then any number of [member=value] selectors;
 * a selector compares numbers as numbers (cpu=1 matches 1.0), strings as
 * strings, and true, false and null as those words.
 */
#include <stdlib.h>
#include <string.h>
#include "jpath.h"

static const char *type_name(const struct jnode *n)
{
	static const char *const names[] = {
		[J_NULL] = "null", [J_BOOL] = "a boolean", [J_NUM] = "a number",
		[J_STR] = "a string", [J_ARR] = "an array", [J_OBJ] = "an object",
	};

	return names[n->type];
}

void json_compact(struct sbuf *b, const struct jnode *n)
{
	int i;

	switch (n->type) {
	case J_NULL:
		sb_puts(b, "null");
		break;
	case J_BOOL:
		sb_puts(b, n->b ? "true" : "false");
		break;
	case J_NUM:
		sb_puts(b, n->str);
		break;
	case J_STR:
		json_quote(b, n->str);
		break;
	case J_ARR:
	case J_OBJ:
		sb_putc(b, n->type == J_ARR ? '[' : '{');
		for (i = 0; i < n->n; i++) {
			if (i)
				sb_putc(b, ',');
			if (n->type == J_OBJ) {
				json_quote(b, n->keys[i]);
				sb_putc(b, ':');
			}
			json_compact(b, n->items[i]);
		}
		sb_putc(b, n->type == J_ARR ? ']' : '}');
		break;
	}
}

static bool sel_match(const struct jnode *item, const char *member, const char *value)
{
	const struct jnode *m = json_get(item, member);
	double v;

	if (!m)
		return false;
	switch (m->type) {
	case J_NUM:
		return parse_num(value, &v) && m->num == v;
	case J_STR:
		return !strcmp(m->str, value);
	case J_BOOL:
		return !strcmp(value, m->b ? "true" : "false");
	case J_NULL:
		return !strcmp(value, "null");
	default:
		return false;
	}
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* One member name or index; JPATH_OK with *cur moved, or the reason. */
static int step_name(const struct jnode **cur, const char *name, const char *where,
		     char *err, size_t errlen)
{
	const struct jnode *n = *cur;
	long idx;

	if (n->type == J_OBJ) {
		*cur = json_get(n, name);
		if (*cur)
			return JPATH_OK;
		snprintf(err, errlen, "no member '%s' in %s", name, where);
		return JPATH_MISSING;
	}
	if (n->type != J_ARR) {
		snprintf(err, errlen, "%s is %s, not an object or array", where, type_name(n));
		return JPATH_MISSING;
	}
	if (!all_digits(name)) {
		snprintf(err, errlen, "%s is an array, '%s' is no index", where, name);
		return JPATH_MISSING;
	}
	idx = strlen(name) > 9 ? -1 : strtol(name, NULL, 10);
	if (idx < 0 || idx >= n->n) {
		snprintf(err, errlen, "index %s out of range in %s (length %d)", name, where, n->n);
		return JPATH_MISSING;
	}
	*cur = n->items[idx];
	return JPATH_OK;
}

/* A selector "member=value" (the text between the brackets). */
static int step_select(const struct jnode **cur, const char *sel, const char *where,
		       char *err, size_t errlen)
{
	const struct jnode *n = *cur;
	const char *eq = strchr(sel, '=');
	char *member;
	int i;

	if (!eq || eq == sel) {
		snprintf(err, errlen, "selector [%s] is not [member=value]", sel);
		return JPATH_SYNTAX;
	}
	if (n->type != J_ARR) {
		snprintf(err, errlen, "%s is %s, not an array to select [%s] in", where,
			 type_name(n), sel);
		return JPATH_MISSING;
	}
	member = xstrndup(sel, (size_t)(eq - sel));
	for (i = 0; i < n->n; i++)
		if (sel_match(n->items[i], member, eq + 1))
			break;
	free(member);
	if (i == n->n) {
		snprintf(err, errlen, "no element [%s] in %s", sel, where);
		return JPATH_MISSING;
	}
	*cur = n->items[i];
	return JPATH_OK;
}

int jpath_eval(const struct jnode *root, const char *path, struct sbuf *out,
	       char *err, size_t errlen)
{
	const struct jnode *cur = root;
	const char *p = path, *q, *close;
	char *where = xstrdup("the top level"), *tok;
	int rc = JPATH_OK;

	if (errlen)
		err[0] = 0;
	while (*path) {
		q = p + strcspn(p, ".[");
		if (q == p && *q != '[') {
			snprintf(err, errlen, "empty step at offset %d", (int)(p - path));
			rc = JPATH_SYNTAX;
			break;
		}
		tok = xstrndup(p, (size_t)(q - p));
		if (!strcmp(tok, "#")) {
			if (*q) {
				snprintf(err, errlen, "'#' is not the last step");
				rc = JPATH_SYNTAX;
			} else if (cur->type != J_ARR && cur->type != J_OBJ) {
				snprintf(err, errlen, "%s is %s, it has no length", where,
					 type_name(cur));
				rc = JPATH_MISSING;
			} else {
				sb_printf(out, "%d", cur->n);
			}
			free(tok);
			free(where);
			return rc;
		}
		if (*tok)
			rc = step_name(&cur, tok, where, err, errlen);
		free(tok);
		while (rc == JPATH_OK && *q == '[') {
			close = strchr(q, ']');
			if (!close) {
				snprintf(err, errlen, "'[' without ']' at offset %d",
					 (int)(q - path));
				rc = JPATH_SYNTAX;
				break;
			}
			free(where);
			where = xasprintf("'%.*s'", (int)(q - path), path);
			tok = xstrndup(q + 1, (size_t)(close - q - 1));
			rc = step_select(&cur, tok, where, err, errlen);
			free(tok);
			q = close + 1;
		}
		if (rc != JPATH_OK)
			break;
		if (*q && *q != '.') {
			snprintf(err, errlen, "'.' expected after ']' at offset %d",
				 (int)(q - path));
			rc = JPATH_SYNTAX;
			break;
		}
		free(where);
		where = xasprintf("'%.*s'", (int)(q - path), path);
		if (!*q)
			break;
		p = q + 1;
		if (!*p) {
			snprintf(err, errlen, "empty step at offset %d", (int)(p - path));
			rc = JPATH_SYNTAX;
			break;
		}
	}
	free(where);
	if (rc != JPATH_OK)
		return rc;
	if (cur->type == J_STR)
		sb_puts(out, cur->str);
	else
		json_compact(out, cur);
	return JPATH_OK;
}
