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

static const char *type_name(const struct json_node *n)
{
	static const char *const names[] = {
		[JSON_NULL] = "null", [JSON_BOOL] = "a boolean", [JSON_NUMBER] = "a number",
		[JSON_STRING] = "a string", [JSON_ARRAY] = "an array", [JSON_OBJECT] = "an object",
	};

	return names[n->type];
}

/*
 * n as compact JSON, the library's writer in its compact, ASCII layout:
 * numbers as written, so that plab-json prints what the file holds.
 */
static void jpath_compact(struct sbuf *b, const struct json_node *n)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		die("out of memory");
	jw_init(&w, f, 0, JSON_W_COMPACT | JSON_W_ASCII);
	jw_node(&w, NULL, n);
	if (fclose(f))
		die("out of memory");
	sb_putn(b, buf, len);
	free(buf);
}

static bool sel_match(const struct json_node *item, const char *member, const char *value)
{
	const struct json_node *m = json_get(item, member);
	double v;

	if (!m)
		return false;
	switch (m->type) {
	case JSON_NUMBER:
		return parse_num(value, &v) && m->num == v;
	case JSON_STRING:
		return !strcmp(m->str, value);
	case JSON_BOOL:
		return !strcmp(value, m->b ? "true" : "false");
	case JSON_NULL:
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
static int step_name(const struct json_node **cur, const char *name, const char *where,
		     char *err, size_t errlen)
{
	const struct json_node *n = *cur;
	long idx;

	if (n->type == JSON_OBJECT) {
		*cur = json_get(n, name);
		if (*cur)
			return JPATH_OK;
		snprintf(err, errlen, "no member '%s' in %s", name, where);
		return JPATH_MISSING;
	}
	if (n->type != JSON_ARRAY) {
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
static int step_select(const struct json_node **cur, const char *sel, const char *where,
		       char *err, size_t errlen)
{
	const struct json_node *n = *cur;
	const char *eq = strchr(sel, '=');
	char *member;
	int i;

	if (!eq || eq == sel) {
		snprintf(err, errlen, "selector [%s] is not [member=value]", sel);
		return JPATH_SYNTAX;
	}
	if (n->type != JSON_ARRAY) {
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

int jpath_eval(const struct json_node *root, const char *path, struct sbuf *out,
	       char *err, size_t errlen)
{
	const struct json_node *cur = root;
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
			} else if (cur->type != JSON_ARRAY && cur->type != JSON_OBJECT) {
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
	if (cur->type == JSON_STRING)
		sb_puts(out, cur->str);
	else
		jpath_compact(out, cur);
	return JPATH_OK;
}
