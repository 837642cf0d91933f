/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by plab-verdict's parts: allocation that exits on
 * failure (a report tool has nothing useful to do without memory), a
 * growable string, an ordered key=value list, file reading and the number
 * formats the report uses.
 */
#ifndef PLAB_VERDICT_UTIL_H
#define PLAB_VERDICT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PROG "plab-verdict"

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Grows an array of elements of size sz so that index n fits. */
#define GROW(arr, n, cap) do { \
	if ((n) >= (cap)) { \
		(cap) = (cap) ? 2 * (cap) : 8; \
		(arr) = xrealloc((arr), (size_t)(cap) * sizeof(*(arr))); \
	} \
} while (0)

struct sbuf {
	char *s;
	size_t len, cap;
};

void sb_putc(struct sbuf *b, char c);
void sb_puts(struct sbuf *b, const char *s);
void sb_putn(struct sbuf *b, const char *s, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string, "" when nothing was written; stays owned by b. */
const char *sb_str(struct sbuf *b);
void sb_free(struct sbuf *b);

/*
 * Ordered key=value pairs: setting an existing key replaces its value in
 * place, a new key goes last (the order of the files, kept in report.json).
 */
struct kv {
	char *k, *v;
};

struct kvlist {
	struct kv *a;
	int n, cap;
};

void kv_set(struct kvlist *l, const char *k, const char *v);
const char *kv_get(const struct kvlist *l, const char *k);
void kv_free(struct kvlist *l);
/* KEY=VALUE lines of a file (surrounding blanks stripped); a missing file is empty. */
void kv_read(struct kvlist *l, const char *path);

/* Whole file as a string, NULL (errno set) when it cannot be read. */
char *read_file(const char *path, size_t *len);
/* Write text to path; 0 or -1 (errno). */
int write_file(const char *path, const char *text, size_t len);
bool file_exists(const char *path);
bool is_dir(const char *path);
/* Copy of s without leading and trailing blanks. */
char *strip_dup(const char *s);
bool is_blank(int c);

/*
 * A measurement as a number: the whole string (blanks around it allowed)
 * must be a decimal number, inf or nan; anything else is "not a number".
 */
bool parse_num(const char *s, double *out);

/* v rounded to 3 decimals, correctly (through the decimal text). */
double round3(double v);

#endif
