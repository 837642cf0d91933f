// SPDX-License-Identifier: GPL-2.0
/*
 * JSON writer and reader (see json.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

/* ---- writer ---- */

void jw_init(struct json_writer *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->first[0] = true;
	w->inline_depth = JSON_MAX_DEPTH + 1;
}

/*
 * Length of the valid UTF-8 sequence at s (RFC 3629: no overlong form,
 * surrogate or code point above U+10FFFF), 0 when it is not one.
 */
static size_t jw_utf8_len(const unsigned char *s)
{
	size_t len = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc2 ? 2 : 0;
	unsigned int cp, i;

	if (!len || *s > 0xf4)
		return 0;
	cp = *s & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/*
 * File and task names are bytes from the file system and the trace, not
 * text: a byte that does not start valid UTF-8 becomes U+FFFD, so that
 * the report stays JSON (RFC 8259 wants UTF-8) whatever the names hold.
 */
static void jw_escape(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	fputc('"', f);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fprintf(f, "\\%c", *s++);
		} else if (*s < 0x20) {
			fprintf(f, "\\u%04x", *s++);
		} else if (*s < 0x80) {
			fputc(*s++, f);
		} else if ((n = jw_utf8_len(s))) {
			fwrite(s, 1, n, f);
			s += n;
		} else {
			fputs("\\ufffd", f);
			s++;
		}
	}
	fputc('"', f);
}

/* Separator, line break and indentation, then the key. */
static void jw_lead(struct json_writer *w, const char *key)
{
	bool was_first = w->first[w->depth];
	int i;

	if (!was_first)
		fputc(',', w->f);
	w->first[w->depth] = false;
	if (w->depth >= w->inline_depth) {
		if (!was_first)
			fputc(' ', w->f);
	} else if (w->depth > 0) {
		fputc('\n', w->f);
		for (i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	if (key) {
		jw_escape(w->f, key);
		fputs(": ", w->f);
	}
}

static void jw_open(struct json_writer *w, const char *key, char c)
{
	jw_lead(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < JSON_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void jw_close(struct json_writer *w, char c)
{
	bool empty = w->first[w->depth];
	int i;

	if (!empty && w->depth < w->inline_depth) {
		fputc('\n', w->f);
		for (i = 0; i < w->depth - 1; i++)
			fputs("  ", w->f);
	}
	if (w->depth > 0)
		w->depth--;
	if (w->depth < w->inline_depth)
		w->inline_depth = JSON_MAX_DEPTH + 1;
	fputc(c, w->f);
}

void jw_obj_begin(struct json_writer *w, const char *key)
{
	jw_open(w, key, '{');
}

void jw_obj_end(struct json_writer *w)
{
	jw_close(w, '}');
}

void jw_arr_begin(struct json_writer *w, const char *key)
{
	jw_open(w, key, '[');
}

void jw_arr_begin_inline(struct json_writer *w, const char *key)
{
	jw_open(w, key, '[');
	if (w->inline_depth > w->depth)
		w->inline_depth = w->depth;
}

void jw_arr_end(struct json_writer *w)
{
	jw_close(w, ']');
}

void jw_str(struct json_writer *w, const char *key, const char *val)
{
	jw_lead(w, key);
	jw_escape(w->f, val ? val : "");
}

void jw_u64(struct json_writer *w, const char *key, uint64_t val)
{
	jw_lead(w, key);
	fprintf(w->f, "%llu", (unsigned long long)val);
}

void jw_i64(struct json_writer *w, const char *key, int64_t val)
{
	jw_lead(w, key);
	fprintf(w->f, "%lld", (long long)val);
}

void jw_num(struct json_writer *w, const char *key, double val, int decimals)
{
	jw_lead(w, key);
	if (!isfinite(val))
		fputs("null", w->f);
	else
		fprintf(w->f, "%.*f", decimals, val);
}

void jw_bool(struct json_writer *w, const char *key, bool val)
{
	jw_lead(w, key);
	fputs(val ? "true" : "false", w->f);
}

void jw_finish(struct json_writer *w)
{
	fputc('\n', w->f);
}

/* ---- reader ---- */

struct json_parser {
	const char *s;
	size_t len, pos;
	struct json_doc *d;
	char *err;
	size_t errlen;
	bool failed;
};

static int jp_fail(struct json_parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (p->failed)
		return -1;
	p->failed = true;
	if (p->errlen) {
		n = snprintf(p->err, p->errlen, "byte %zu: ", p->pos);
		if (n < 0 || (size_t)n >= p->errlen)
			return -1;
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void jp_space(struct json_parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int jp_node(struct json_parser *p, enum json_type t)
{
	struct json_doc *d = p->d;
	struct json_node *n;

	if (d->nr == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;

		if (d->nr >= JSON_MAX_NODES)
			return jp_fail(p, "more than %d values", JSON_MAX_NODES);
		n = realloc(d->node, cap * sizeof(*n));
		if (!n)
			return jp_fail(p, "out of memory");
		d->node = n;
		d->cap = cap;
	}
	n = &d->node[d->nr];
	n->type = t;
	n->key = n->str = -1;
	n->num = 0;
	n->child = n->next = -1;
	return d->nr++;
}

static int jp_putc(struct json_parser *p, char c)
{
	struct json_doc *d = p->d;

	if (d->str_len == d->str_cap) {
		size_t cap = d->str_cap ? d->str_cap * 2 : 256;
		char *s = realloc(d->strings, cap);

		if (!s)
			return jp_fail(p, "out of memory");
		d->strings = s;
		d->str_cap = cap;
	}
	d->strings[d->str_len++] = c;
	return 0;
}

static int jp_hex4(struct json_parser *p, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	if (p->len - p->pos < 4)
		return jp_fail(p, "short \\u escape");
	for (i = 0; i < 4; i++) {
		char c = p->s[p->pos++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return jp_fail(p, "bad \\u escape");
	}
	*out = v;
	return 0;
}

static int jp_utf8(struct json_parser *p, unsigned int cp)
{
	int r = 0;

	if (cp < 0x80)
		return jp_putc(p, cp);
	if (cp < 0x800) {
		r |= jp_putc(p, 0xc0 | (cp >> 6));
	} else {
		r |= jp_putc(p, 0xe0 | (cp >> 12));
		r |= jp_putc(p, 0x80 | ((cp >> 6) & 0x3f));
	}
	return r | jp_putc(p, 0x80 | (cp & 0x3f));
}

/* A string at p->pos (on the quote); returns its offset in strings. */
static int jp_string(struct json_parser *p)
{
	size_t start = p->d->str_len;
	unsigned int cp = 0;

	p->pos++;
	for (;;) {
		unsigned char c;

		if (p->pos >= p->len)
			return jp_fail(p, "unterminated string");
		c = p->s[p->pos++];
		if (c == '"')
			break;
		if (c < 0x20)
			return jp_fail(p, "control character in a string");
		if (c != '\\') {
			if (jp_putc(p, c))
				return -1;
			continue;
		}
		if (p->pos >= p->len)
			return jp_fail(p, "unterminated escape");
		c = p->s[p->pos++];
		switch (c) {
		case '"': case '\\': case '/':
			break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'u':
			if (jp_hex4(p, &cp))
				return -1;
			/* No NULs inside our strings; surrogates as '?'. */
			if (!cp || (cp >= 0xd800 && cp <= 0xdfff))
				cp = '?';
			if (jp_utf8(p, cp))
				return -1;
			continue;
		default:
			return jp_fail(p, "bad escape '\\%c'", c);
		}
		if (jp_putc(p, c))
			return -1;
	}
	if (jp_putc(p, '\0'))
		return -1;
	if (start > (size_t)INT32_MAX)
		return jp_fail(p, "strings too large");
	return (int)start;
}

static int jp_number(struct json_parser *p, double *out)
{
	size_t b = p->pos;
	char buf[64];

	if (p->pos < p->len && p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->len)
		return jp_fail(p, "bad number");
	if (p->s[p->pos] == '0') {
		p->pos++;
	} else if (p->s[p->pos] >= '1' && p->s[p->pos] <= '9') {
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	} else {
		return jp_fail(p, "bad number");
	}
	if (p->pos < p->len && p->s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			return jp_fail(p, "bad fraction");
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || p->s[p->pos] < '0' || p->s[p->pos] > '9')
			return jp_fail(p, "bad exponent");
		while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
	}
	if (p->pos - b >= sizeof(buf))
		return jp_fail(p, "number too long");
	memcpy(buf, p->s + b, p->pos - b);
	buf[p->pos - b] = '\0';
	*out = strtod(buf, NULL);
	return 0;
}

static int jp_literal(struct json_parser *p, const char *lit)
{
	size_t n = strlen(lit);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, lit, n))
		return jp_fail(p, "unexpected character");
	p->pos += n;
	return 0;
}

static int jp_value(struct json_parser *p, int depth);

/* Members or elements of the container node idx, up to the close char. */
static int jp_items(struct json_parser *p, int idx, int depth, bool obj)
{
	char close = obj ? '}' : ']';
	int last = -1, child, key = -1;

	p->pos++;
	jp_space(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return 0;
	}
	for (;;) {
		jp_space(p);
		if (obj) {
			if (p->pos >= p->len || p->s[p->pos] != '"')
				return jp_fail(p, "expected a member name");
			key = jp_string(p);
			if (key < 0)
				return -1;
			jp_space(p);
			if (p->pos >= p->len || p->s[p->pos] != ':')
				return jp_fail(p, "expected ':'");
			p->pos++;
		}
		child = jp_value(p, depth + 1);
		if (child < 0)
			return -1;
		p->d->node[child].key = key;
		if (last < 0)
			p->d->node[idx].child = child;
		else
			p->d->node[last].next = child;
		last = child;
		jp_space(p);
		if (p->pos >= p->len)
			return jp_fail(p, "unterminated %s", obj ? "object" : "array");
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == close) {
			p->pos++;
			return 0;
		}
		return jp_fail(p, "expected ',' or '%c'", close);
	}
}

static int jp_value(struct json_parser *p, int depth)
{
	int idx, s;
	double v = 0;

	if (depth > JSON_MAX_DEPTH)
		return jp_fail(p, "nested deeper than %d", JSON_MAX_DEPTH);
	jp_space(p);
	if (p->pos >= p->len)
		return jp_fail(p, "unexpected end");
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		idx = jp_node(p, p->s[p->pos] == '{' ? JSON_OBJECT : JSON_ARRAY);
		if (idx < 0 || jp_items(p, idx, depth, p->d->node[idx].type == JSON_OBJECT))
			return -1;
		return idx;
	case '"':
		s = jp_string(p);
		if (s < 0)
			return -1;
		idx = jp_node(p, JSON_STRING);
		if (idx >= 0)
			p->d->node[idx].str = s;
		return idx;
	case 't':
	case 'f':
		v = p->s[p->pos] == 't';
		if (jp_literal(p, v ? "true" : "false"))
			return -1;
		idx = jp_node(p, JSON_BOOL);
		if (idx >= 0)
			p->d->node[idx].num = v;
		return idx;
	case 'n':
		if (jp_literal(p, "null"))
			return -1;
		return jp_node(p, JSON_NULL);
	default:
		if (jp_number(p, &v))
			return -1;
		idx = jp_node(p, JSON_NUMBER);
		if (idx >= 0)
			p->d->node[idx].num = v;
		return idx;
	}
}

int json_parse(const char *buf, size_t len, struct json_doc *d,
	       char *err, size_t errlen)
{
	struct json_parser p = { .s = buf, .len = len, .d = d, .err = err,
				 .errlen = errlen };

	memset(d, 0, sizeof(*d));
	if (errlen)
		err[0] = '\0';
	if (len > JSON_MAX_INPUT)
		return jp_fail(&p, "input larger than %u bytes", JSON_MAX_INPUT);
	if (jp_value(&p, 0) != 0)
		goto fail;
	jp_space(&p);
	if (p.pos != p.len) {
		jp_fail(&p, "trailing characters");
		goto fail;
	}
	return 0;
fail:
	json_free(d);
	return -1;
}

void json_free(struct json_doc *d)
{
	free(d->node);
	free(d->strings);
	memset(d, 0, sizeof(*d));
}

int json_get(const struct json_doc *d, int obj, const char *key)
{
	int i;

	if (obj < 0 || obj >= d->nr || d->node[obj].type != JSON_OBJECT)
		return -1;
	for (i = d->node[obj].child; i >= 0; i = d->node[i].next)
		if (d->node[i].key >= 0 && !strcmp(d->strings + d->node[i].key, key))
			return i;
	return -1;
}

bool json_get_num(const struct json_doc *d, int obj, const char *key,
		  double *out)
{
	int i = json_get(d, obj, key);

	if (i < 0 || d->node[i].type != JSON_NUMBER)
		return false;
	*out = d->node[i].num;
	return true;
}

const char *json_str(const struct json_doc *d, int node)
{
	if (node < 0 || node >= d->nr || d->node[node].type != JSON_STRING)
		return NULL;
	return d->strings + d->node[node].str;
}

const char *json_get_str(const struct json_doc *d, int obj, const char *key)
{
	return json_str(d, json_get(d, obj, key));
}
