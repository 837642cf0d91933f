// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of plab-verdict (see util.h).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}

static void sb_reserve(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	while (b->len + extra + 1 > b->cap)
		b->cap = b->cap ? 2 * b->cap : 256;
	b->s = xrealloc(b->s, b->cap);
}

void sb_putn(struct sbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sb_putc(struct sbuf *b, char c)
{
	sb_putn(b, &c, 1);
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *sb_str(struct sbuf *b)
{
	return b->s ? b->s : "";
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void kv_set(struct kvlist *l, const char *k, const char *v)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (!strcmp(l->a[i].k, k)) {
			free(l->a[i].v);
			l->a[i].v = xstrdup(v);
			return;
		}
	}
	GROW(l->a, l->n, l->cap);
	l->a[l->n].k = xstrdup(k);
	l->a[l->n].v = xstrdup(v);
	l->n++;
}

const char *kv_get(const struct kvlist *l, const char *k)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->a[i].k, k))
			return l->a[i].v;
	return NULL;
}

void kv_free(struct kvlist *l)
{
	int i;

	for (i = 0; i < l->n; i++) {
		free(l->a[i].k);
		free(l->a[i].v);
	}
	free(l->a);
	l->a = NULL;
	l->n = l->cap = 0;
}

bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *strip_dup(const char *s)
{
	size_t n;

	while (is_blank((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && is_blank((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

void kv_read(struct kvlist *l, const char *path)
{
	char *text = read_file(path, NULL), *line, *save = NULL, *eq, *t;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		t = strip_dup(line);
		eq = strchr(t, '=');
		if (eq) {
			*eq = 0;
			kv_set(l, t, eq + 1);
		}
		free(t);
	}
	free(text);
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct sbuf b = { 0 };
	char buf[65536];
	size_t n;
	int err;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_putn(&b, buf, n);
	err = ferror(f);
	fclose(f);
	if (err) {
		sb_free(&b);
		errno = EIO;
		return NULL;
	}
	if (len)
		*len = b.len;
	if (!b.s)
		return xstrdup("");
	return b.s;
}

bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool parse_num(const char *s, double *out)
{
	char *end;
	const char *p;
	double v;

	while (is_blank((unsigned char)*s))
		s++;
	/* strtod also reads hex ("0x10"): not a measurement anyone writes. */
	for (p = s; *p; p++)
		if (*p == 'x' || *p == 'X')
			return false;
	errno = 0;
	v = strtod(s, &end);
	if (end == s)
		return false;
	while (is_blank((unsigned char)*end))
		end++;
	if (*end)
		return false;
	*out = v;
	return true;
}

double round3(double v)
{
	char tmp[400];

	if (!isfinite(v))
		return v;
	snprintf(tmp, sizeof(tmp), "%.3f", v);
	return strtod(tmp, NULL);
}

int write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -1;
	if (fwrite(text, 1, len, f) != len) {
		err = errno;
		fclose(f);
		errno = err;
		return -1;
	}
	return fclose(f) ? -1 : 0;
}
