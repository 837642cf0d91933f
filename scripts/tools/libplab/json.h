/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON for every preemptlab tool: one reader and one writer (README says
 * why ours and not a Debian library).
 *
 * Reader: RFC 8259 (no comments, no trailing commas, UTF-8 strings), with
 * bounded depth, size and value count so that a hostile file can neither
 * exhaust the stack nor the memory; every error names what was wrong, what
 * is allowed and the byte offset. Numbers keep the text they were written
 * with, so integers beyond 2^53 stay exact (json_u64(), json_i64()).
 *
 * Writer: streams to a FILE (flat memory, whatever the size), one member
 * per line indented by a chosen width, or compact. Strings are escaped so
 * that the output is always JSON: bytes that are not valid UTF-8 (names
 * from file systems and traces are bytes, not text) become U+FFFD.
 */
#ifndef PLAB_JSON_H
#define PLAB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH		64
#define JSON_MAX_NODES		(1 << 22)
#define JSON_MAX_INPUT		(256u << 20)	/* 256 MiB */

/* ---- reader ---- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
		 JSON_OBJECT };

struct json_node {
	enum json_type type;
	bool b;			/* JSON_BOOL */
	double num;		/* JSON_NUMBER (nearest double) */
	char *str;		/* JSON_STRING: decoded UTF-8; JSON_NUMBER: text as written */
	struct json_node **items;	/* JSON_ARRAY, JSON_OBJECT: n values */
	char **keys;		/* JSON_OBJECT: n member names */
	int n, cap;
};

/*
 * The document, or NULL with "what at byte N" in err. A \u0000 escape
 * decodes to U+FFFD, as do lone surrogate escapes: strings are C strings
 * and always valid UTF-8.
 */
struct json_node *json_parse(const char *text, size_t len, char *err,
			     size_t errlen);
void json_free(struct json_node *n);
/* Member of an object, NULL when absent or n is no object. */
const struct json_node *json_get(const struct json_node *n, const char *key);
/* Number value (a bool as 0/1), or def for anything else. */
double json_num(const struct json_node *n, double def);
/* String value, NULL when n is no string. */
const char *json_str(const struct json_node *n);
/* Typed members: false/NULL when absent or of another type. */
bool json_get_num(const struct json_node *obj, const char *key, double *out);
const char *json_get_str(const struct json_node *obj, const char *key);
/* Exact integers: false unless n is an integer literal that fits. */
bool json_u64(const struct json_node *n, uint64_t *out);
bool json_i64(const struct json_node *n, int64_t *out);

/* ---- writer ---- */

#define JSON_W_ASCII	1u	/* non-ASCII as \u escapes (ASCII output) */
#define JSON_W_COMPACT	2u	/* one line, no blanks ("," and ":") */

struct json_writer {
	FILE *f;
	unsigned int flags;
	int indent;		/* blanks per level */
	int depth;
	int inline_depth;	/* items this deep go on one line */
	bool first[JSON_MAX_DEPTH + 1];
};

void jw_init(struct json_writer *w, FILE *f, int indent, unsigned int flags);
/* key is NULL for array elements and the document itself. */
void jw_obj_begin(struct json_writer *w, const char *key);
/* An object or array printed on one line, with everything inside it. */
void jw_obj_begin_inline(struct json_writer *w, const char *key);
void jw_obj_end(struct json_writer *w);
void jw_arr_begin(struct json_writer *w, const char *key);
void jw_arr_begin_inline(struct json_writer *w, const char *key);
void jw_arr_end(struct json_writer *w);
/* NULL is written as "". */
void jw_str(struct json_writer *w, const char *key, const char *val);
void jw_u64(struct json_writer *w, const char *key, uint64_t val);
void jw_i64(struct json_writer *w, const char *key, int64_t val);
/* Fixed point with the given decimals; NaN and infinities become null. */
void jw_num(struct json_writer *w, const char *key, double val, int decimals);
/* The shortest text that reads back as val (json_repr()); not finite: null. */
void jw_double(struct json_writer *w, const char *key, double val);
void jw_bool(struct json_writer *w, const char *key, bool val);
void jw_null(struct json_writer *w, const char *key);
/* Text already checked to be JSON (json_parse()), written as it is. */
void jw_raw(struct json_writer *w, const char *key, const char *json);
/* A parsed value, laid out as this writer lays out its own. */
void jw_node(struct json_writer *w, const char *key, const struct json_node *n);
/* Ends the document with a newline. */
void jw_finish(struct json_writer *w);

/*
 * A struct written member by member, in the table's order: one table per
 * struct instead of a run of jw_u64(w, "name", s->name) calls. The JWF_*
 * entries check at compile time that the member has the C type the kind
 * reads, so a member that changes type cannot be misread.
 */
enum jw_kind { JWK_U64, JWK_I64, JWK_INT, JWK_BOOL, JWK_NUM };

struct jw_field {
	const char *key;
	size_t off;
	enum jw_kind kind;
	int decimals;		/* JWK_NUM */
};

/* 0, or a compile error when member is not of type t. */
#define JWF_CHECK(type, member, t)						\
	(sizeof(struct { int:(-!__builtin_types_compatible_p(			\
		__typeof__(((type *)0)->member), t)); }))
#define JWF_(key, type, member, t, kind, dec)					\
	{ key, offsetof(type, member) + JWF_CHECK(type, member, t), kind, dec }

/* Members written under their own name. */
#define JWF_U64(type, member)	JWF_(#member, type, member, uint64_t, JWK_U64, 0)
#define JWF_I64(type, member)	JWF_(#member, type, member, int64_t, JWK_I64, 0)
#define JWF_INT(type, member)	JWF_(#member, type, member, int, JWK_INT, 0)
#define JWF_BOOL(type, member)	JWF_(#member, type, member, bool, JWK_BOOL, 0)
/* A double in fixed point (jw_num()), under a key of its own. */
#define JWF_NUM(key, type, member, dec)	JWF_(key, type, member, double, JWK_NUM, dec)

void jw_fields(struct json_writer *w, const void *s, const struct jw_field *f,
	       size_t n);
/* All of a table declared as an array. */
#define JW_FIELDS(w, s, table)							\
	jw_fields(w, s, table, sizeof(table) / sizeof((table)[0]))

/* A string literal with the writer's escapes (flags: JSON_W_ASCII). */
void json_quote(FILE *f, const char *s, unsigned int flags);
/*
 * The shortest decimal text that reads back as v, as Python's repr()
 * writes it ("1000.0", "1e+16", "0.30000000000000004"); "null" when v is
 * not finite, which JSON cannot write.
 */
void json_repr(char *buf, size_t n, double v);

#endif
