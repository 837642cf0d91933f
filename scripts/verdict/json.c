// SPDX-License-Identifier: GPL-2.0
/*
 * JSON reader and writer of plab-verdict (json.h). The reader follows RFC
 * 8259 (no trailing commas, no comments, strings with escapes), with a
 * depth limit so that a hostile file cannot exhaust the stack.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"

#define MAX_DEPTH 200

struct jparser {
	const char *s;
	size_t len, pos;
	char *err;
	size_t errlen;
	bool failed;
};

static void jfail(struct jparser *p, const char *what)
{
	if (!p->failed)
		snprintf(p->err, p->errlen, "%s at byte %zu", what, p->pos);
	p->failed = true;
}

static void skip_ws(struct jparser *p)
{
	while (p->pos < p->len && strchr(" \t\n\r", p->s[p->pos]) && p->s[p->pos])
		p->pos++;
}

static struct jnode *new_node(enum jtype t)
{
	struct jnode *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = t;
	return n;
}

static void put_utf8(struct sbuf *b, unsigned int c)
{
	if (c < 0x80) {
		sb_putc(b, (char)c);
	} else if (c < 0x800) {
		sb_putc(b, (char)(0xc0 | c >> 6));
		sb_putc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		sb_putc(b, (char)(0xe0 | c >> 12));
		sb_putc(b, (char)(0x80 | (c >> 6 & 0x3f)));
		sb_putc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		sb_putc(b, (char)(0xf0 | c >> 18));
		sb_putc(b, (char)(0x80 | (c >> 12 & 0x3f)));
		sb_putc(b, (char)(0x80 | (c >> 6 & 0x3f)));
		sb_putc(b, (char)(0x80 | (c & 0x3f)));
	}
}

static int hex4(struct jparser *p)
{
	unsigned int v = 0;
	int i;

	if (p->pos + 4 > p->len) {
		jfail(p, "short \\u escape");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		char c = p->s[p->pos++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else {
			jfail(p, "bad \\u escape");
			return -1;
		}
	}
	return (int)v;
}

/* A string starting at the opening quote; its decoded text. */
static char *parse_string(struct jparser *p)
{
	struct sbuf b = { 0 };
	int c, lo;

	p->pos++;
	for (;;) {
		if (p->pos >= p->len) {
			jfail(p, "unterminated string");
			break;
		}
		c = (unsigned char)p->s[p->pos++];
		if (c == '"')
			return b.s ? b.s : xstrdup("");
		if (c < 0x20) {
			p->pos--;
			jfail(p, "control character in a string");
			break;
		}
		if (c != '\\') {
			sb_putc(&b, (char)c);
			continue;
		}
		if (p->pos >= p->len) {
			jfail(p, "unterminated string");
			break;
		}
		c = p->s[p->pos++];
		switch (c) {
		case '"': case '\\': case '/': sb_putc(&b, (char)c); break;
		case 'b': sb_putc(&b, '\b'); break;
		case 'f': sb_putc(&b, '\f'); break;
		case 'n': sb_putc(&b, '\n'); break;
		case 'r': sb_putc(&b, '\r'); break;
		case 't': sb_putc(&b, '\t'); break;
		case 'u':
			c = hex4(p);
			if (c < 0)
				goto bad;
			/* a surrogate pair makes one character; a lone half is kept as is */
			if (c >= 0xd800 && c < 0xdc00 && p->pos + 6 <= p->len &&
			    p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
				p->pos += 2;
				lo = hex4(p);
				if (lo < 0)
					goto bad;
				if (lo >= 0xdc00 && lo < 0xe000) {
					c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				} else {
					put_utf8(&b, (unsigned int)c);
					c = lo;
				}
			}
			put_utf8(&b, (unsigned int)c);
			break;
		default:
			p->pos--;
			jfail(p, "bad escape");
			goto bad;
		}
	}
bad:
	sb_free(&b);
	return NULL;
}

static struct jnode *parse_value(struct jparser *p, int depth);

/* Skip a run of digits; false when there is none (JSON wants one). */
static bool skip_digits(struct jparser *p)
{
	size_t st = p->pos;

	while (p->pos < p->len && isdigit((unsigned char)p->s[p->pos]))
		p->pos++;
	return p->pos > st;
}

static struct jnode *parse_number(struct jparser *p)
{
	size_t st = p->pos;
	const char *s = p->s;
	struct jnode *n;

	if (p->pos < p->len && s[p->pos] == '-')
		p->pos++;
	if (p->pos < p->len && s[p->pos] == '0') {
		p->pos++;
	} else if (!skip_digits(p)) {
		jfail(p, "bad number");
		return NULL;
	}
	if (p->pos < p->len && s[p->pos] == '.') {
		p->pos++;
		if (!skip_digits(p)) {
			jfail(p, "bad number");
			return NULL;
		}
	}
	if (p->pos < p->len && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (s[p->pos] == '+' || s[p->pos] == '-'))
			p->pos++;
		if (!skip_digits(p)) {
			jfail(p, "bad number");
			return NULL;
		}
	}
	n = new_node(J_NUM);
	n->str = xstrndup(s + st, p->pos - st);
	n->num = strtod(n->str, NULL);
	return n;
}

static void add_item(struct jnode *c, char *key, struct jnode *v)
{
	if (c->n >= c->cap) {
		c->cap = c->cap ? 2 * c->cap : 4;
		c->items = xrealloc(c->items, (size_t)c->cap * sizeof(*c->items));
		if (c->type == J_OBJ)
			c->keys = xrealloc(c->keys, (size_t)c->cap * sizeof(*c->keys));
	}
	if (c->type == J_OBJ)
		c->keys[c->n] = key;
	c->items[c->n++] = v;
}

static struct jnode *parse_container(struct jparser *p, int depth, bool obj)
{
	struct jnode *c = new_node(obj ? J_OBJ : J_ARR), *v;
	char close = obj ? '}' : ']', *key = NULL;

	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		return c;
	}
	for (;;) {
		skip_ws(p);
		if (obj) {
			if (p->pos >= p->len || p->s[p->pos] != '"') {
				jfail(p, "expected a member name");
				break;
			}
			key = parse_string(p);
			if (!key)
				break;
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				free(key);
				jfail(p, "expected ':'");
				break;
			}
			p->pos++;
		}
		v = parse_value(p, depth + 1);
		if (!v) {
			free(key);
			break;
		}
		add_item(c, key, v);
		key = NULL;
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			return c;
		}
		jfail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	json_free(c);
	return NULL;
}

static bool literal(struct jparser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->pos + n <= p->len && !strncmp(p->s + p->pos, word, n)) {
		p->pos += n;
		return true;
	}
	return false;
}

static struct jnode *parse_value(struct jparser *p, int depth)
{
	struct jnode *n;
	char c, *s;

	if (depth > MAX_DEPTH) {
		jfail(p, "nested too deep");
		return NULL;
	}
	skip_ws(p);
	if (p->pos >= p->len) {
		jfail(p, "unexpected end");
		return NULL;
	}
	c = p->s[p->pos];
	if (c == '{' || c == '[')
		return parse_container(p, depth, c == '{');
	if (c == '"') {
		s = parse_string(p);
		if (!s)
			return NULL;
		n = new_node(J_STR);
		n->str = s;
		return n;
	}
	if (c == '-' || isdigit((unsigned char)c))
		return parse_number(p);
	if (literal(p, "true") || literal(p, "false")) {
		n = new_node(J_BOOL);
		n->b = c == 't';
		return n;
	}
	if (literal(p, "null"))
		return new_node(J_NULL);
	jfail(p, "unexpected character");
	return NULL;
}

struct jnode *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jparser p = { .s = text, .len = len, .err = err, .errlen = errlen };
	struct jnode *root;

	if (errlen)
		err[0] = 0;
	root = parse_value(&p, 0);
	if (!root)
		return NULL;
	skip_ws(&p);
	if (p.pos < p.len) {
		jfail(&p, "text after the document");
		json_free(root);
		return NULL;
	}
	return root;
}

void json_free(struct jnode *n)
{
	int i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		json_free(n->items[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->str);
	free(n);
}

const struct jnode *json_get(const struct jnode *n, const char *key)
{
	int i;

	if (!n || n->type != J_OBJ)
		return NULL;
	for (i = 0; i < n->n; i++)
		if (!strcmp(n->keys[i], key))
			return n->items[i];
	return NULL;
}

double json_num(const struct jnode *n, double def)
{
	if (n && n->type == J_NUM)
		return n->num;
	if (n && n->type == J_BOOL)
		return n->b;
	return def;
}

bool json_truthy(const struct jnode *n)
{
	if (!n)
		return false;
	switch (n->type) {
	case J_NULL: return false;
	case J_BOOL: return n->b;
	case J_NUM: return n->num != 0;
	case J_STR: return n->str[0] != 0;
	default: return n->n > 0;
	}
}

static bool int_text(const char *s)
{
	return !strpbrk(s, ".eE");
}

void json_pystr(const struct jnode *n, char *buf, size_t len)
{
	if (!n) {
		snprintf(buf, len, "None");
		return;
	}
	switch (n->type) {
	case J_NULL: snprintf(buf, len, "None"); break;
	case J_BOOL: snprintf(buf, len, n->b ? "True" : "False"); break;
	case J_STR: snprintf(buf, len, "%s", n->str); break;
	case J_NUM:
		if (int_text(n->str))
			snprintf(buf, len, "%s", n->str);
		else if (!isfinite(n->num))
			snprintf(buf, len, "%s", isnan(n->num) ? "nan" : n->num < 0 ? "-inf" : "inf");
		else
			fmt_repr(buf, len, n->num);
		break;
	default: snprintf(buf, len, "%s", n->type == J_ARR ? "[...]" : "{...}"); break;
	}
}

/* Writer. */

void json_quote(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int c;
	int more, i;

	sb_putc(b, '"');
	while (*p) {
		c = *p++;
		if (c == '"' || c == '\\') {
			sb_putc(b, '\\');
			sb_putc(b, (char)c);
		} else if (c == '\n') {
			sb_puts(b, "\\n");
		} else if (c == '\r') {
			sb_puts(b, "\\r");
		} else if (c == '\t') {
			sb_puts(b, "\\t");
		} else if (c == '\b') {
			sb_puts(b, "\\b");
		} else if (c == '\f') {
			sb_puts(b, "\\f");
		} else if (c < 0x20) {
			sb_printf(b, "\\u%04x", c);
		} else if (c < 0x80) {
			sb_putc(b, (char)c);
		} else {
			/* UTF-8 to \u escapes, so report.json is ASCII; bad bytes become U+FFFD */
			more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
			c &= more == 3 ? 0x07 : more == 2 ? 0x0f : 0x1f;
			for (i = 0; i < more; i++) {
				if ((*p & 0xc0) != 0x80) {
					more = -1;
					break;
				}
				c = c << 6 | (*p++ & 0x3f);
			}
			if (more < 0 || c > 0x10ffff)
				c = 0xfffd;
			if (c >= 0x10000) {
				c -= 0x10000;
				sb_printf(b, "\\u%04x\\u%04x", 0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
			} else {
				sb_printf(b, "\\u%04x", c);
			}
		}
	}
	sb_putc(b, '"');
}

/* Separator, newline and indent before an item; its key when in an object. */
static void jw_item(struct jwriter *w, const char *key)
{
	int i;

	if (w->depth > 0) {
		if (!w->first[w->depth])
			sb_putc(w->out, ',');
		w->first[w->depth] = false;
		sb_putc(w->out, '\n');
		for (i = 0; i < w->depth; i++)
			sb_putc(w->out, ' ');
	}
	if (key) {
		json_quote(w->out, key);
		sb_puts(w->out, ": ");
	}
}

void jw_begin(struct jwriter *w, const char *key, char open)
{
	jw_item(w, key);
	sb_putc(w->out, open);
	if (w->depth + 1 < (int)(sizeof(w->first) / sizeof(w->first[0])))
		w->depth++;
	w->first[w->depth] = true;
}

void jw_end(struct jwriter *w, char close)
{
	int i;

	if (!w->first[w->depth]) {
		sb_putc(w->out, '\n');
		for (i = 0; i < w->depth - 1; i++)
			sb_putc(w->out, ' ');
	}
	w->depth--;
	sb_putc(w->out, close);
}

void jw_string(struct jwriter *w, const char *key, const char *val)
{
	jw_item(w, key);
	json_quote(w->out, val);
}

void jw_int(struct jwriter *w, const char *key, long long val)
{
	jw_item(w, key);
	sb_printf(w->out, "%lld", val);
}

void jw_double(struct jwriter *w, const char *key, double val, bool is_int)
{
	char buf[64];

	jw_item(w, key);
	if (is_int && isfinite(val) && fabs(val) < 9.2e18)
		snprintf(buf, sizeof(buf), "%lld", (long long)val);
	else
		fmt_repr(buf, sizeof(buf), val);
	sb_puts(w->out, buf);
}

void jw_raw(struct jwriter *w, const char *key, const char *json)
{
	jw_item(w, key);
	sb_puts(w->out, json);
}
