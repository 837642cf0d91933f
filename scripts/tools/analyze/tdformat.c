// SPDX-License-Identifier: GPL-2.0
/*
 * Event formats checked and rewritten before libtraceevent parses them
 * (see tdformat.h). libtraceevent 1.7.1's tep_parse_event() crashes on
 * some one-byte changes of a format (a byte >= 0x80 in "comm[16]", a
 * changed letter of "long prev_state", most of them in the print format),
 * and a changed digit of an offset or size would be read without a word:
 * the grammar below is the kernel's (trace_events.c, f_show()), and the
 * layout checks are what the C compiler guarantees of the event's struct.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tdformat.h"

#define TDF_MAX_FIELD	65536	/* an event fits in a ring-buffer page */
#define TDF_DECL_LEN	128

struct tdf {
	const char *s, *end;	/* the text not read yet */
	int line, long_size;
	char *why;
	size_t whylen;
	char *out;		/* the rewritten format */
	size_t len, cap;
	unsigned int prev_end;	/* end of the previous field */
	bool bad;
};

static int tdf_fail(struct tdf *p, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->why, p->whylen, "line %d: %s", p->line, msg);
	return -1;
}

static void tdf_put(struct tdf *p, const char *fmt, ...)
{
	va_list ap;
	char *o;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (p->bad || n < 0)
		return;
	if (p->len + n + 1 > p->cap) {
		o = realloc(p->out, (p->len + n + 1) * 2);
		if (!o) {
			p->bad = true;
			return;
		}
		p->out = o;
		p->cap = (p->len + n + 1) * 2;
	}
	va_start(ap, fmt);
	vsnprintf(p->out + p->len, p->cap - p->len, fmt, ap);
	va_end(ap);
	p->len += n;
}

/* The next line, without its newline: its length, or -1 at the end. */
static long tdf_line(struct tdf *p, const char **l)
{
	const char *nl;

	if (p->s >= p->end)
		return -1;
	nl = memchr(p->s, '\n', p->end - p->s);
	*l = p->s;
	if (!nl)
		nl = p->end;
	p->s = nl < p->end ? nl + 1 : nl;
	p->line++;
	return nl - *l;
}

/* Skip the literal word at *l, n bytes left: false when not there. */
static bool tdf_lit(const char **l, long *n, const char *word)
{
	long w = strlen(word);

	if (*n < w || memcmp(*l, word, w))
		return false;
	*l += w;
	*n -= w;
	return true;
}

/* A decimal number of 1..6 digits below max, then the terminator. */
static bool tdf_num(const char **l, long *n, unsigned int max, char term,
		    unsigned int *v)
{
	int d = 0;

	*v = 0;
	while (*n > 0 && **l >= '0' && **l <= '9' && d < 6) {
		*v = *v * 10 + (**l - '0');
		(*l)++;
		(*n)--;
		d++;
	}
	if (!d || *v > max || *n < 1 || **l != term)
		return false;
	(*l)++;
	(*n)--;
	return true;
}

static bool tdf_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Size of a C type of the kernel's, -1 when this file does not know it. */
static int tdf_type_size(const char *type, int long_size)
{
	static const struct { const char *name; int size; } sizes[] = {
		{ "char", 1 }, { "bool", 1 }, { "_Bool", 1 }, { "u8", 1 },
		{ "s8", 1 }, { "__u8", 1 }, { "__s8", 1 }, { "short", 2 },
		{ "u16", 2 }, { "s16", 2 }, { "__u16", 2 }, { "__s16", 2 },
		{ "int", 4 }, { "u32", 4 }, { "s32", 4 }, { "__u32", 4 },
		{ "__s32", 4 }, { "pid_t", 4 }, { "gfp_t", 4 }, { "uid_t", 4 },
		{ "gid_t", 4 }, { "long long", 8 }, { "u64", 8 }, { "s64", 8 },
		{ "__u64", 8 }, { "__s64", 8 },
	};
	char base[TDF_DECL_LEN] = "", word[TDF_DECL_LEN];
	const char *s = type;
	size_t i;
	int n;

	if (strchr(type, '*'))
		return long_size;
	/* Qualifiers and signedness do not change the size. */
	while (sscanf(s, "%127s%n", word, &n) == 1) {
		s += n;
		if (!strcmp(word, "const") || !strcmp(word, "volatile") ||
		    !strcmp(word, "signed") || !strcmp(word, "unsigned"))
			continue;
		if (strlen(base) + strlen(word) + 2 > sizeof(base))
			return -1;
		if (base[0])
			strcat(base, " ");
		strcat(base, word);
	}
	if (!base[0])				/* "unsigned" alone */
		return 4;
	if (!strcmp(base, "long") || !strcmp(base, "size_t"))
		return long_size;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (!strcmp(base, sizes[i].name))
			return sizes[i].size;
	return -1;
}

/*
 * The declaration "TYPE NAME" or "TYPE NAME[N]" of a field: its name,
 * the size it implies (-1 unknown) and its alignment.
 */
static int tdf_decl(struct tdf *p, const char *d, char *name, int *want,
		    unsigned int *align)
{
	char type[TDF_DECL_LEN];
	const char *end = d + strlen(d), *nm, *br = NULL;
	long elems = 1;
	int es;

	for (nm = d; *nm; nm++)
		if (!tdf_ident_char(*nm) && !strchr(" *[]", *nm))
			return tdf_fail(p, "byte 0x%02x in a field declaration",
					(unsigned char)*nm);
	if (end > d && end[-1] == ']') {
		br = memrchr(d, '[', end - d);
		if (!br || !br[1] || br + 1 == end - 1)
			return tdf_fail(p, "bad array size");
		elems = br[1] >= '0' && br[1] <= '9' ? strtol(br + 1, NULL, 10) : -1;
		end = br;
	}
	for (nm = end; nm > d && tdf_ident_char(nm[-1]); nm--)
		;
	if (nm == end || (*nm >= '0' && *nm <= '9') || nm == d || nm[-1] != ' ' ||
	    end - nm >= TDF_NAME_LEN)
		return tdf_fail(p, "no field name");
	memcpy(name, nm, end - nm);
	name[end - nm] = '\0';
	snprintf(type, sizeof(type), "%.*s", (int)(nm - d - 1), d);
	if (strstr(type, "[") && !strstr(type, "[]"))
		return tdf_fail(p, "field %s: bad type '%s'", name, type);
	*align = 1;
	*want = -1;
	if (!strncmp(type, "__data_loc ", 11) || !strncmp(type, "__rel_loc ", 10)) {
		*want = 4;			/* offset and length */
		*align = 4;
		return 0;
	}
	if (strstr(type, "[]"))
		return tdf_fail(p, "field %s: '[]' without __data_loc", name);
	es = tdf_type_size(type, p->long_size);
	if (es > 0) {
		*align = es < p->long_size ? es : p->long_size;
		if (elems >= 0 && elems <= TDF_MAX_FIELD)
			*want = es * elems;
	}
	return 0;
}

/* "\tfield:DECL;\toffset:N;\tsize:N;\tsigned:B;", rewritten the same. */
static int tdf_field(struct tdf *p, const char *l, long n, bool first)
{
	char decl[TDF_DECL_LEN], name[TDF_NAME_LEN];
	unsigned int off, size, sgn, align;
	const char *semi;
	int want;

	if (!tdf_lit(&l, &n, "\tfield:"))
		return tdf_fail(p, "not a field");
	semi = memchr(l, ';', n);
	if (!semi || semi == l || semi - l >= TDF_DECL_LEN)
		return tdf_fail(p, "bad field declaration");
	memcpy(decl, l, semi - l);
	decl[semi - l] = '\0';
	n -= semi + 1 - l;
	l = semi + 1;
	if (!tdf_lit(&l, &n, "\toffset:") || !tdf_num(&l, &n, TDF_MAX_FIELD, ';', &off) ||
	    !tdf_lit(&l, &n, "\tsize:") || !tdf_num(&l, &n, TDF_MAX_FIELD, ';', &size) ||
	    !tdf_lit(&l, &n, "\tsigned:") || !tdf_num(&l, &n, 1, ';', &sgn) || n)
		return tdf_fail(p, "bad offset, size or signed of '%s'", decl);
	if (tdf_decl(p, decl, name, &want, &align))
		return -1;
	if (first && (strcmp(name, "common_type") || off))
		return tdf_fail(p, "the first field is not common_type at offset 0");
	if (want >= 0 && size != (unsigned int)want)
		return tdf_fail(p, "field %s: size %u, its type has %d", name, size, want);
	if (!first && (off < p->prev_end || off - p->prev_end >= 8))
		return tdf_fail(p, "field %s: offset %u after a field ending at %u",
				name, off, p->prev_end);
	if (off % align || off + size > TDF_MAX_FIELD)
		return tdf_fail(p, "field %s: offset %u not aligned to %u", name,
				off, align);
	p->prev_end = off + size;
	tdf_put(p, "\tfield:%s;\toffset:%u;\tsize:%u;\tsigned:%u;\n", decl, off,
		size, sgn);
	return 0;
}

/* name:, ID:, format: lines. */
static int tdf_head(struct tdf *p, char *name, unsigned int *id)
{
	const char *l;
	long n = tdf_line(p, &l), i;

	if (n < 0 || !tdf_lit(&l, &n, "name: ") || !n || n >= TDF_NAME_LEN)
		return tdf_fail(p, "no event name");
	for (i = 0; i < n; i++)
		if (!tdf_ident_char(l[i]))
			return tdf_fail(p, "byte 0x%02x in the event name",
					(unsigned char)l[i]);
	memcpy(name, l, n);
	name[n] = '\0';
	n = tdf_line(p, &l);
	if (n < 0 || !tdf_lit(&l, &n, "ID: ") || n < 1 || n > 5)
		return tdf_fail(p, "bad ID");
	for (i = 0, *id = 0; i < n; i++) {
		if (l[i] < '0' || l[i] > '9')
			return tdf_fail(p, "bad ID");
		*id = *id * 10 + (l[i] - '0');
	}
	if (*id > 65535)
		return tdf_fail(p, "ID %u", *id);
	n = tdf_line(p, &l);
	if (n != 7 || memcmp(l, "format:", 7))
		return tdf_fail(p, "no 'format:' line");
	tdf_put(p, "name: %s\nID: %u\nformat:\n", name, *id);
	return 0;
}

/* Common fields, a blank line, the event's fields, a blank line. */
static int tdf_fields(struct tdf *p)
{
	int blocks = 0, fields = 0;
	const char *l;
	long n;

	while (blocks < 2) {
		n = tdf_line(p, &l);
		if (n < 0)
			return tdf_fail(p, "the text ends in the fields");
		if (!n) {
			if (!fields)
				return tdf_fail(p, "no common fields");
			blocks++;
			tdf_put(p, "\n");
			continue;
		}
		if (tdf_field(p, l, n, !fields++))
			return -1;
	}
	n = tdf_line(p, &l);
	if (n < 0 || !tdf_lit(&l, &n, "print fmt: "))
		return tdf_fail(p, "no 'print fmt:' line");
	/* libtraceevent parses this one line only: nothing it could trip on. */
	tdf_put(p, "print fmt: \"-\"\n");
	return 0;
}

char *tdf_clean(const char *text, size_t len, int long_size,
		char name[TDF_NAME_LEN], unsigned int *id, char *why,
		size_t whylen)
{
	struct tdf p = { .s = text, .end = text + len, .long_size = long_size,
			 .why = why, .whylen = whylen };

	name[0] = '\0';
	if (tdf_head(&p, name, id) || tdf_fields(&p) || p.bad) {
		if (p.bad)
			snprintf(why, whylen, "out of memory");
		free(p.out);
		return NULL;
	}
	return p.out;
}
