// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON writer (json.h). It keeps no document in memory, only whether
 * each open level has had an item yet, so the analyzer's report of a
 * large trace costs no more memory than a small one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "utf8.h"

void jw_init(struct json_writer *w, FILE *f, int indent, unsigned int flags)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->flags = flags;
	w->indent = indent;
	w->first[0] = true;
	/* Compact is "everything inline" from the document down. */
	w->inline_depth = flags & JSON_W_COMPACT ? 0 : JSON_MAX_DEPTH + 1;
}

/* A code point as \uXXXX, or as a surrogate pair above U+FFFF. */
static void json_put_u(FILE *f, unsigned int cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		fprintf(f, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
	} else {
		fprintf(f, "\\u%04x", cp);
	}
}

/* The code point of the valid n-byte UTF-8 sequence at s. */
static unsigned int json_utf8_cp(const unsigned char *s, size_t n)
{
	unsigned int cp = n == 1 ? s[0] : s[0] & (0x7f >> n);
	size_t i;

	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

/*
 * File and task names are bytes from file systems and traces, not text: a
 * byte that does not start valid UTF-8 becomes U+FFFD, so that the output
 * is JSON (RFC 8259 wants UTF-8) whatever the names hold.
 */
void json_quote(FILE *f, const char *str, unsigned int flags)
{
	static const char from[] = "\"\\\b\f\n\r\t", to[] = "\"\\bfnrt";
	const unsigned char *s = (const unsigned char *)str;
	const char *k;
	size_t n;

	fputc('"', f);
	while (*s) {
		k = strchr(from, *s);
		if (k) {
			fputc('\\', f);
			fputc(to[k - from], f);
			s++;
		} else if (*s < 0x20) {
			json_put_u(f, *s++);
		} else if (*s < 0x80) {
			fputc(*s++, f);
		} else if (!(n = utf8_len(s, 4))) {	/* a NUL ends it early */
			fputs("\\ufffd", f);
			s++;
		} else {
			if (flags & JSON_W_ASCII)
				json_put_u(f, json_utf8_cp(s, n));
			else
				fwrite(s, 1, n, f);
			s += n;
		}
	}
	fputc('"', f);
}

/* Separator, line break and indentation before an item, then its key. */
static void jw_lead(struct json_writer *w, const char *key)
{
	bool was_first = w->first[w->depth];
	bool compact = w->flags & JSON_W_COMPACT;

	if (!was_first)
		fputc(',', w->f);
	w->first[w->depth] = false;
	if (w->depth >= w->inline_depth) {
		if (!was_first && !compact)
			fputc(' ', w->f);
	} else if (w->depth > 0) {
		fprintf(w->f, "\n%*s", w->depth * w->indent, "");
	}
	if (key) {
		json_quote(w->f, key, w->flags);
		fputs(compact ? ":" : ": ", w->f);
	}
}

/*
 * Past JSON_MAX_DEPTH the levels share one state: the text stays JSON but
 * its separators may be off; the reader refuses such documents anyway.
 */
static void jw_open(struct json_writer *w, const char *key, char c, bool one_line)
{
	jw_lead(w, key);
	fputc(c, w->f);
	if (w->depth < JSON_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
	if (one_line && w->inline_depth > w->depth)
		w->inline_depth = w->depth;
}

static void jw_close(struct json_writer *w, char c)
{
	bool empty = w->first[w->depth];

	if (!empty && w->depth < w->inline_depth)
		fprintf(w->f, "\n%*s", (w->depth - 1) * w->indent, "");
	if (w->depth > 0)
		w->depth--;
	/* Leaving the container that went on one line. */
	if (w->depth < w->inline_depth && !(w->flags & JSON_W_COMPACT))
		w->inline_depth = JSON_MAX_DEPTH + 1;
	fputc(c, w->f);
}

void jw_obj_begin(struct json_writer *w, const char *key)
{
	jw_open(w, key, '{', false);
}

void jw_obj_begin_inline(struct json_writer *w, const char *key)
{
	jw_open(w, key, '{', true);
}

void jw_obj_end(struct json_writer *w)
{
	jw_close(w, '}');
}

void jw_arr_begin(struct json_writer *w, const char *key)
{
	jw_open(w, key, '[', false);
}

void jw_arr_begin_inline(struct json_writer *w, const char *key)
{
	jw_open(w, key, '[', true);
}

void jw_arr_end(struct json_writer *w)
{
	jw_close(w, ']');
}

void jw_str(struct json_writer *w, const char *key, const char *val)
{
	jw_lead(w, key);
	json_quote(w->f, val ? val : "", w->flags);
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
	if (isfinite(val))
		fprintf(w->f, "%.*f", decimals, val);
	else
		fputs("null", w->f);
}

void jw_double(struct json_writer *w, const char *key, double val)
{
	char buf[40];

	jw_lead(w, key);
	json_repr(buf, sizeof(buf), val);
	fputs(buf, w->f);
}

void jw_bool(struct json_writer *w, const char *key, bool val)
{
	jw_lead(w, key);
	fputs(val ? "true" : "false", w->f);
}

void jw_null(struct json_writer *w, const char *key)
{
	jw_lead(w, key);
	fputs("null", w->f);
}

void jw_raw(struct json_writer *w, const char *key, const char *json)
{
	jw_lead(w, key);
	fputs(json, w->f);
}

void jw_node(struct json_writer *w, const char *key, const struct json_node *n)
{
	int i;

	switch (n->type) {
	case JSON_NULL:
		jw_null(w, key);
		break;
	case JSON_BOOL:
		jw_bool(w, key, n->b);
		break;
	case JSON_NUMBER:
		jw_raw(w, key, n->str);	/* as written: exact past 2^53 */
		break;
	case JSON_STRING:
		jw_str(w, key, n->str);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		jw_open(w, key, n->type == JSON_ARRAY ? '[' : '{', false);
		for (i = 0; i < n->n; i++)
			jw_node(w, n->keys ? n->keys[i] : NULL, n->items[i]);
		jw_close(w, n->type == JSON_ARRAY ? ']' : '}');
		break;
	}
}

void jw_finish(struct json_writer *w)
{
	fputc('\n', w->f);
}

void jw_fields(struct json_writer *w, const void *s, const struct jw_field *f,
	       size_t n)
{
	const char *base = s;
	const void *p;
	size_t i;

	for (i = 0; i < n; i++) {
		p = base + f[i].off;
		switch (f[i].kind) {
		case JWK_U64:
			jw_u64(w, f[i].key, *(const uint64_t *)p);
			break;
		case JWK_I64:
			jw_i64(w, f[i].key, *(const int64_t *)p);
			break;
		case JWK_INT:
			jw_i64(w, f[i].key, *(const int *)p);
			break;
		case JWK_BOOL:
			jw_bool(w, f[i].key, *(const bool *)p);
			break;
		case JWK_NUM:
			jw_num(w, f[i].key, *(const double *)p, f[i].decimals);
			break;
		}
	}
}

void json_repr(char *buf, size_t n, double v)
{
	char tmp[40], mant[40], *e;
	int prec, exp10;
	size_t m;

	if (!isfinite(v)) {
		snprintf(buf, n, "null");
		return;
	}
	/* The fewest significant digits that read back as the same double. */
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	e = strchr(tmp, 'e');
	exp10 = atoi(e + 1);
	if (exp10 < -4 || exp10 >= 16) {
		/* d.ddde+XX: the mantissa without trailing zeros, as Python */
		m = (size_t)(e - tmp);
		memcpy(mant, tmp, m);
		mant[m] = '\0';
		snprintf(buf, n, "%se%c%02d", mant, exp10 < 0 ? '-' : '+', abs(exp10));
		return;
	}
	snprintf(buf, n, "%.*f", prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0, v);
	/* A whole number still reads back as a float: "1000.0". */
	if (!strchr(buf, '.') && strlen(buf) + 2 < n)
		strcat(buf, ".0");
}
