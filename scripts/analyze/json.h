/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON writer (indented, for the reports) and a strict reader (for
 * baselines): RFC 8259 syntax, bounded depth, size and node count, every
 * error returned with its byte offset. The reader is fuzzed.
 */
#ifndef PLAB_ANALYZE_JSON_H
#define PLAB_ANALYZE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH		64
#define JSON_MAX_NODES		(1 << 22)
#define JSON_MAX_INPUT		(256u << 20)	/* 256 MiB */

/* Writer. key is NULL inside arrays. */
struct json_writer {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
	int inline_depth;	/* items this deep go on one line */
};

void jw_init(struct json_writer *w, FILE *f);
void jw_obj_begin(struct json_writer *w, const char *key);
void jw_obj_end(struct json_writer *w);
void jw_arr_begin(struct json_writer *w, const char *key);
/* An array printed on one line (with everything inside it). */
void jw_arr_begin_inline(struct json_writer *w, const char *key);
void jw_arr_end(struct json_writer *w);
void jw_str(struct json_writer *w, const char *key, const char *val);
void jw_u64(struct json_writer *w, const char *key, uint64_t val);
void jw_i64(struct json_writer *w, const char *key, int64_t val);
/* Fixed-point with the given decimals; NaN/inf become null. */
void jw_num(struct json_writer *w, const char *key, double val, int decimals);
void jw_bool(struct json_writer *w, const char *key, bool val);
/* Ends the document with a newline. */
void jw_finish(struct json_writer *w);

/* Reader. */
enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
		 JSON_OBJECT };

struct json_node {
	enum json_type type;
	int key;		/* offset of the member name in strings, -1 */
	int str;		/* offset of a string value in strings, -1 */
	double num;		/* numbers; bools as 0/1 */
	int child, next;	/* first member/element, next sibling; -1 */
};

struct json_doc {
	struct json_node *node;
	int nr, cap;
	char *strings;
	size_t str_len, str_cap;
};

int json_parse(const char *buf, size_t len, struct json_doc *d,
	       char *err, size_t errlen);
void json_free(struct json_doc *d);
/* Member of an object by name, or -1. */
int json_get(const struct json_doc *d, int obj, const char *key);
/* Typed look-ups: false when absent or of another type. */
bool json_get_num(const struct json_doc *d, int obj, const char *key,
		  double *out);
const char *json_get_str(const struct json_doc *d, int obj, const char *key);
const char *json_str(const struct json_doc *d, int node);

#endif
