// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON reader (json.h): recursive descent over the bytes, one tree of
 * nodes. The limits are checked before the work they bound, so that a
 * fuzzer's input fails with a message instead of a crash.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "opt.h"
#include "utf8.h"

struct json_parser {
	const char *s;
	size_t len, pos;
	int nodes;
	char *err;
	size_t errlen;
	bool failed;
};

/*
 * "what at byte N (allowed)": what was wrong, where, and what is allowed
 * there (NULL when the message says it). Records the first error only:
 * later ones are its consequences.
 */
static void jp_fail(struct json_parser *p, const char *allowed, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed || !p->errlen) {
		p->failed = true;
		return;
	}
	p->failed = true;
	va_start(ap, fmt);
	n = vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < p->errlen)
		snprintf(p->err + n, p->errlen - n, " at byte %zu%s%s%s", p->pos,
			 allowed ? " (" : "", allowed ? allowed : "", allowed ? ")" : "");
}

static bool jp_more(const struct json_parser *p)
{
	return p->pos < p->len;
}

static void jp_space(struct json_parser *p)
{
	while (jp_more(p) && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
			      p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

/* A zeroed node, counted against JSON_MAX_NODES. */
static struct json_node *jp_node(struct json_parser *p, enum json_type t)
{
	struct json_node *n;

	if (++p->nodes > JSON_MAX_NODES) {
		jp_fail(p, "the limit", "more than %d values", JSON_MAX_NODES);
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		jp_fail(p, NULL, "out of memory");
		return NULL;
	}
	n->type = t;
	return n;
}

/* A growable byte buffer for decoded strings. */
struct jp_buf {
	char *s;
	size_t len, cap;
};

static int jp_put(struct json_parser *p, struct jp_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		char *t;

		while (cap < b->len + n + 1)
			cap *= 2;
		t = realloc(b->s, cap);
		if (!t) {
			jp_fail(p, NULL, "out of memory");
			return -1;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static int jp_hex4(struct json_parser *p, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	if (p->len - p->pos < 4) {
		jp_fail(p, "4 hex digits wanted", "short \\u escape");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		char c = p->s[p->pos];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else {
			jp_fail(p, "4 hex digits wanted", "bad \\u escape");
			return -1;
		}
		p->pos++;
	}
	*out = v;
	return 0;
}

/*
 * The code point of a \u escape (p->pos after the 'u'): a surrogate pair
 * makes one; NUL, which a C string cannot hold, and a lone half, which
 * UTF-8 cannot, become U+FFFD.
 */
static int jp_escape_u(struct json_parser *p, unsigned int *cp)
{
	unsigned int lo;

	if (jp_hex4(p, cp))
		return -1;
	if (*cp >= 0xd800 && *cp < 0xdc00 && p->len - p->pos >= 6 &&
	    p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
		size_t back = p->pos;

		p->pos += 2;
		if (jp_hex4(p, &lo))
			return -1;
		if (lo >= 0xdc00 && lo < 0xe000) {
			*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
			return 0;
		}
		p->pos = back;	/* not a pair: the next escape stands alone */
	}
	if (!*cp || (*cp >= 0xd800 && *cp < 0xe000))
		*cp = 0xfffd;
	return 0;
}

/* One escape after the backslash, appended decoded. */
static int jp_escape(struct json_parser *p, struct jp_buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char enc[4];
	unsigned int cp;
	const char *k;

	if (!jp_more(p)) {
		jp_fail(p, NULL, "unterminated string");
		return -1;
	}
	k = p->s[p->pos] ? strchr(from, p->s[p->pos]) : NULL;
	if (k) {
		p->pos++;
		return jp_put(p, b, &to[k - from], 1);
	}
	if (p->s[p->pos] != 'u') {
		jp_fail(p, "allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", "bad escape '\\%c'",
			p->s[p->pos]);
		return -1;
	}
	p->pos++;
	if (jp_escape_u(p, &cp))
		return -1;
	return jp_put(p, b, enc, utf8_encode(cp, enc));
}

/* A string starting at its opening quote; its decoded text, malloc'ed. */
static char *jp_string(struct json_parser *p)
{
	struct jp_buf b = { 0 };
	unsigned char c;
	size_t n;

	p->pos++;
	if (jp_put(p, &b, "", 0))
		return NULL;
	for (;;) {
		if (!jp_more(p)) {
			jp_fail(p, NULL, "unterminated string");
			break;
		}
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			return b.s;
		}
		if (c < 0x20) {
			jp_fail(p, "escape it", "control character 0x%02x in a string", c);
			break;
		}
		if (c == '\\') {
			p->pos++;
			if (jp_escape(p, &b))
				break;
			continue;
		}
		n = utf8_len((const unsigned char *)p->s + p->pos, p->len - p->pos);
		if (!n) {
			jp_fail(p, "strings must be UTF-8 text", "byte 0x%02x is not UTF-8", c);
			break;
		}
		if (jp_put(p, &b, p->s + p->pos, n))
			break;
		p->pos += n;
	}
	free(b.s);
	return NULL;
}

/* A run of digits; false when there is none (JSON wants one). */
static bool jp_digits(struct json_parser *p)
{
	size_t start = p->pos;

	while (jp_more(p) && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
		p->pos++;
	return p->pos > start;
}

/* RFC 8259's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static struct json_node *jp_number(struct json_parser *p)
{
	size_t start = p->pos;
	struct json_node *n;

	if (jp_more(p) && p->s[p->pos] == '-')
		p->pos++;
	if (jp_more(p) && p->s[p->pos] == '0')
		p->pos++;
	else if (!jp_digits(p))
		goto bad;
	if (jp_more(p) && p->s[p->pos] == '.') {
		p->pos++;
		if (!jp_digits(p))
			goto bad;
	}
	if (jp_more(p) && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (jp_more(p) && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (!jp_digits(p))
			goto bad;
	}
	n = jp_node(p, JSON_NUMBER);
	if (!n)
		return NULL;
	n->str = strndup(p->s + start, p->pos - start);
	if (!n->str) {
		free(n);
		jp_fail(p, NULL, "out of memory");
		return NULL;
	}
	n->num = strtod(n->str, NULL);
	return n;
bad:
	jp_fail(p, "JSON numbers: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?", "bad number");
	return NULL;
}

static int jp_add(struct json_parser *p, struct json_node *c, char *key,
		  struct json_node *v)
{
	if (c->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 4;
		struct json_node **items = realloc(c->items, cap * sizeof(*items));
		bool obj = c->type == JSON_OBJECT;
		char **keys = NULL;

		if (items)
			c->items = items;
		if (items && obj) {
			keys = realloc(c->keys, cap * sizeof(*keys));
			if (keys)
				c->keys = keys;
		}
		if (!items || (obj && !keys)) {
			jp_fail(p, NULL, "out of memory");
			return -1;
		}
		c->cap = cap;
	}
	if (c->type == JSON_OBJECT)
		c->keys[c->n] = key;
	c->items[c->n++] = v;
	return 0;
}

static struct json_node *jp_value(struct json_parser *p, int depth);

/* "name": before a member's value; the name, malloc'ed. */
static char *jp_member_name(struct json_parser *p)
{
	char *key;

	jp_space(p);
	if (!jp_more(p) || p->s[p->pos] != '"') {
		jp_fail(p, "a string in double quotes", "expected a member name");
		return NULL;
	}
	key = jp_string(p);
	if (!key)
		return NULL;
	jp_space(p);
	if (!jp_more(p) || p->s[p->pos] != ':') {
		free(key);
		jp_fail(p, NULL, "expected ':' after a member name");
		return NULL;
	}
	p->pos++;
	return key;
}

/* Members or elements of the container at p->pos, up to its close. */
static struct json_node *jp_container(struct json_parser *p, int depth, bool obj)
{
	struct json_node *c = jp_node(p, obj ? JSON_OBJECT : JSON_ARRAY), *v;
	char close = obj ? '}' : ']', *key = NULL;

	if (!c)
		return NULL;
	p->pos++;
	jp_space(p);
	if (jp_more(p) && p->s[p->pos] == close) {
		p->pos++;
		return c;
	}
	for (;;) {
		if (obj && !(key = jp_member_name(p)))
			break;
		v = jp_value(p, depth + 1);
		if (!v || jp_add(p, c, key, v)) {
			json_free(v);
			free(key);
			break;
		}
		jp_space(p);
		if (jp_more(p) && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (jp_more(p) && p->s[p->pos] == close) {
			p->pos++;
			return c;
		}
		if (jp_more(p))
			jp_fail(p, NULL, "expected ',' or '%c'", close);
		else
			jp_fail(p, NULL, "unterminated %s, expected ',' or '%c'",
				obj ? "object" : "array", close);
		break;
	}
	json_free(c);
	return NULL;
}

static bool jp_literal(struct json_parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos >= n && !memcmp(p->s + p->pos, word, n)) {
		p->pos += n;
		return true;
	}
	return false;
}

static struct json_node *jp_value(struct json_parser *p, int depth)
{
	struct json_node *n;
	char c;

	if (depth > JSON_MAX_DEPTH) {
		jp_fail(p, "the limit", "nested deeper than %d levels", JSON_MAX_DEPTH);
		return NULL;
	}
	jp_space(p);
	if (!jp_more(p)) {
		jp_fail(p, "a value was expected", "unexpected end");
		return NULL;
	}
	c = p->s[p->pos];
	if (c == '{' || c == '[')
		return jp_container(p, depth, c == '{');
	if (c == '-' || (c >= '0' && c <= '9'))
		return jp_number(p);
	if (c == '"') {
		char *s = jp_string(p);

		n = s ? jp_node(p, JSON_STRING) : NULL;
		if (n)
			n->str = s;
		else
			free(s);
		return n;
	}
	if (jp_literal(p, "true") || jp_literal(p, "false")) {
		n = jp_node(p, JSON_BOOL);
		if (n)
			n->b = c == 't';
		return n;
	}
	if (jp_literal(p, "null"))
		return jp_node(p, JSON_NULL);
	jp_fail(p, "a value is an object, array, string, number, true, false or null", "unexpected character");
	return NULL;
}

struct json_node *json_parse(const char *text, size_t len, char *err,
			     size_t errlen)
{
	struct json_parser p = { .s = text, .len = len, .err = err,
				 .errlen = errlen };
	struct json_node *root;

	if (errlen)
		err[0] = '\0';
	if (len > JSON_MAX_INPUT) {
		jp_fail(&p, "at most 256 MiB allowed", "input of %zu bytes", len);
		return NULL;
	}
	root = jp_value(&p, 0);
	if (!root)
		return NULL;
	jp_space(&p);
	if (jp_more(&p)) {
		jp_fail(&p, "one value allowed", "text after the document");
		json_free(root);
		return NULL;
	}
	return root;
}

void json_free(struct json_node *n)
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

const struct json_node *json_get(const struct json_node *n, const char *key)
{
	int i;

	if (!n || n->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < n->n; i++)
		if (!strcmp(n->keys[i], key))
			return n->items[i];
	return NULL;
}

double json_num(const struct json_node *n, double def)
{
	if (n && n->type == JSON_NUMBER)
		return n->num;
	if (n && n->type == JSON_BOOL)
		return n->b;
	return def;
}

const char *json_str(const struct json_node *n)
{
	return n && n->type == JSON_STRING ? n->str : NULL;
}

bool json_get_num(const struct json_node *obj, const char *key, double *out)
{
	const struct json_node *n = json_get(obj, key);

	if (!n || n->type != JSON_NUMBER)
		return false;
	*out = n->num;
	return true;
}

const char *json_get_str(const struct json_node *obj, const char *key)
{
	return json_str(json_get(obj, key));
}

/* An integer literal: no fraction or exponent (1.0 and 1e3 are not). */
static bool json_is_int(const struct json_node *n)
{
	return n && n->type == JSON_NUMBER && !strpbrk(n->str, ".eE");
}

/*
 * An integer literal is an optional '-' and digits, the text the option
 * parsers take: one parser of integer text for both (opt.c).
 */
bool json_u64(const struct json_node *n, uint64_t *out)
{
	return json_is_int(n) && plab_opt_u64(n->str, 0, UINT64_MAX, out);
}

bool json_i64(const struct json_node *n, int64_t *out)
{
	return json_is_int(n) && plab_opt_i64(n->str, INT64_MIN, INT64_MAX, out);
}
