/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON for plab-verdict: a small reader (a tree of nodes, enough to take a
 * few numbers out of plab-analyze's report and to check that a file is
 * JSON before report.json embeds it) and a writer that lays out
 * report.json one member per line, indented by one space per level.
 */
#ifndef PLAB_VERDICT_JSON_H
#define PLAB_VERDICT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype type;
	bool b;
	double num;
	char *str;		/* J_STR: the decoded text; J_NUM: the number as written */
	struct jnode **items;	/* J_ARR, J_OBJ */
	char **keys;		/* J_OBJ */
	int n, cap;
};

/* The document, or NULL with the reason and byte offset in err. */
struct jnode *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct jnode *n);
/* Member of an object, NULL when absent or n is no object. */
const struct jnode *json_get(const struct jnode *n, const char *key);
/* Number value, or def when n is no number. */
double json_num(const struct jnode *n, double def);
/* Whether Python would call the value true (non-zero, non-empty). */
bool json_truthy(const struct jnode *n);
/* The value as Python's str() would print it (numbers, strings, bools, null). */
void json_pystr(const struct jnode *n, char *buf, size_t len);

/* Writer. */
struct jwriter {
	struct sbuf *out;
	int depth;
	bool first[64];
};

void jw_begin(struct jwriter *w, const char *key, char open);	/* '{' or '[' */
void jw_end(struct jwriter *w, char close);
void jw_string(struct jwriter *w, const char *key, const char *val);
void jw_int(struct jwriter *w, const char *key, long long val);
void jw_double(struct jwriter *w, const char *key, double val, bool is_int);
/* A value already in JSON (an embedded document), written as it is. */
void jw_raw(struct jwriter *w, const char *key, const char *json);
/* A JSON string literal, non-ASCII as \u escapes. */
void json_quote(struct sbuf *b, const char *s);

#endif
