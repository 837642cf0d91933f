// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON library: what the writer writes is JSON whatever the bytes it
 * is given (read back by the reader and by python3 -m json.tool), the
 * layouts the tools' golden files rely on, exact numbers, and every error
 * of the reader, each a negative control that must be refused.
 */
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "tap.h"
#include "utf8.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What a writer call sequence produced, as a malloc'ed string. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *capture_begin(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	return c->f;
}

static char *capture_end(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

static const char *const good[] = {
	"{}", "[]", "0", "-0", "-0.5e+3", "1E5", "\"\"", "\"a\\u00e9\\n\\\"\"",
	"[1, [2, [3]], {\"a\": null}]", " {\"x\": true, \"y\": false} \n",
	" {\"x\": true, \"y\": false} ",
	"\"\\ud800\"", "\"\\u0000\"", "\"\xc3\xa9\xf0\x9f\x98\x80\x7f\"",
};

/* Refused input and a word its error message must hold. */
static const struct {
	const char *text, *why;
} bad[] = {
	{ "", "unexpected end" }, { "   ", "unexpected end" },
	{ "{", "member name" }, { "[", "unexpected end" }, { "[1,]", "unexpected character" },
	{ "{\"a\":1,}", "member name" }, { "{\"a\" 1}", "':'" }, { "{a:1}", "member name" },
	{ "{1: 2}", "member name" }, { "{\"a\":}", "unexpected character" }, { "{\"a\": 1,}", "member name" },
	{ "[1 2]", "expected ','" }, { "[1", "unterminated array" }, { "{\"a\":1", "unterminated object" },
	{ "01", "text after" }, { "1.", "bad number" }, { ".5", "unexpected character" },
	{ "-", "bad number" }, { "+1", "unexpected character" }, { "1e", "bad number" },
	{ "[1e]", "bad number" }, { "0x10", "text after" }, { "NaN", "unexpected character" },
	{ "\"abc", "unterminated string" }, { "\"\\x\"", "bad escape" }, { "\"\\", "unterminated string" },
	{ "\"\\u12\"", "\\u escape" }, { "\"\\u12g4\"", "\\u escape" }, { "[\"\t\"]", "control character" },
	{ "\"a\nb\"", "control character" }, { "tru", "unexpected character" }, { "nul", "unexpected character" },
	{ "{} {}", "text after" }, { "[1] 2", "text after" }, { "1 2", "text after" }, { "{}x", "text after" },
	{ "\"\xff\"", "not UTF-8" }, { "\"\xc0\xaf\"", "not UTF-8" }, { "\"\xed\xa0\x80\"", "not UTF-8" },
	{ "\"\xf4\x90\x80\x80\"", "not UTF-8" }, { "\"\xe2\x82\"", "not UTF-8" }, { "\"\x80\"", "not UTF-8" },
	{ "\xef\xbb\xbf{}", "unexpected character" },
};

static void reader_accepts(void)
{
	struct json_node *n;
	char err[256];
	size_t i;
	int ok = 1;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		n = json_parse(good[i], strlen(good[i]), err, sizeof(err));
		if (!n) {
			tap_diag("refused %s: %s", good[i], err);
			ok = 0;
		}
		json_free(n);
	}
	tap_ok(ok, "the reader accepts %zu valid documents", ARRAY_SIZE(good));
}

/* Each refusal is a negative control: accepting one fails the case. */
static void reader_refuses(void)
{
	struct json_node *n;
	char err[256];
	size_t i;
	int ok = 1;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = json_parse(bad[i].text, strlen(bad[i].text), err, sizeof(err));
		if (n || !strstr(err, bad[i].why) || !strstr(err, " at byte ")) {
			tap_diag("'%s': %s (wanted an error with '%s')", bad[i].text,
				 n ? "accepted" : err, bad[i].why);
			ok = 0;
		}
		json_free(n);
	}
	tap_ok(ok, "the reader refuses %zu malformed documents, naming what and where",
	       ARRAY_SIZE(bad));
}

/* Every proper prefix of a document is truncated JSON and must be refused. */
static void reader_truncated(void)
{
	static const char doc[] = "{\"a\": [1, 2.5, \"x\\u00e9\"], \"b\": {\"c\": null, \"d\": true}}";
	struct json_node *n;
	char err[256];
	size_t len;
	int accepted = 0;

	for (len = 0; len < strlen(doc); len++) {
		n = json_parse(doc, len, err, sizeof(err));
		if (n) {
			tap_diag("accepted the first %zu bytes", len);
			accepted++;
		}
		json_free(n);
	}
	n = json_parse(doc, strlen(doc), err, sizeof(err));
	tap_ok(!accepted && n, "all %zu truncations refused, the whole document read", strlen(doc));
	json_free(n);
}

/* [[[...]]] n deep: read (or refused with the reason) without a crash. */
static bool nested_ok(int n, char *err, size_t errlen)
{
	char *doc = malloc(2 * (size_t)n);
	struct json_node *root;

	memset(doc, '[', n);
	memset(doc + n, ']', n);
	root = json_parse(doc, 2 * (size_t)n, err, errlen);
	free(doc);
	json_free(root);
	return root != NULL;
}

static void reader_depth(void)
{
	char err[256] = "";
	bool at_limit = nested_ok(JSON_MAX_DEPTH + 1, err, sizeof(err));

	tap_ok(at_limit, "%d nested arrays read (the document and %d levels)",
	       JSON_MAX_DEPTH + 1, JSON_MAX_DEPTH);
	tap_ok(!nested_ok(JSON_MAX_DEPTH + 2, err, sizeof(err)) && strstr(err, "nested deeper"),
	       "one more is refused: %s", err);
	tap_ok(!nested_ok(100000, err, sizeof(err)) && strstr(err, "nested deeper"),
	       "100000 nested arrays refused, not a stack overflow: %s", err);
	/* The size is checked before a byte is read: the buffer can be short. */
	tap_ok(!json_parse("{}", (size_t)JSON_MAX_INPUT + 1, err, sizeof(err)) &&
	       strstr(err, "at most 256 MiB"), "an input over the size limit refused: %s", err);
}

static void reader_numbers(void)
{
	static const char doc[] = "{\"max\": 18446744073709551615, \"big\": 9007199254740993,"
		" \"min\": -9223372036854775808, \"over\": 18446744073709551616,"
		" \"neg\": -1, \"frac\": 1.0, \"exp\": 1e3, \"d\": -2.5e-3, \"third\": 0.1}";
	struct json_node *n = json_parse(doc, strlen(doc), NULL, 0);
	uint64_t u = 0, u2 = 0;
	int64_t i = 0;

	tap_ok(n && json_u64(json_get(n, "max"), &u) && u == UINT64_MAX &&
	       json_u64(json_get(n, "big"), &u2) && u2 == (1ull << 53) + 1 &&
	       json_i64(json_get(n, "min"), &i) && i == INT64_MIN,
	       "integers beyond 2^53 exact: 2^64-1, 2^53+1, -2^63");
	tap_ok(n && !json_u64(json_get(n, "over"), &u) && !json_u64(json_get(n, "neg"), &u) &&
	       !json_u64(json_get(n, "frac"), &u) && !json_i64(json_get(n, "exp"), &i) &&
	       !json_u64(json_get(n, "nothere"), &u) && json_i64(json_get(n, "neg"), &i) && i == -1,
	       "negative controls: 2^64, -1 as unsigned, 1.0, 1e3, an absent member are no exact integers");
	tap_ok(n && json_num(json_get(n, "d"), 0) == -2.5e-3 &&
	       json_num(json_get(n, "third"), 0) == 0.1 && json_num(json_get(n, "exp"), 0) == 1000 &&
	       !strcmp(json_get(n, "big")->str, "9007199254740993"),
	       "doubles read to the nearest value, the text kept as written");
	json_free(n);
}

/* The bytes a name may hold: invalid UTF-8, control characters, quotes. */
static const char nasty[] = "a\"b\\c/\x01\x1f\x7f\t\n\r\b\f"
	" \xc3\xa9 \xf0\x9f\x98\x80 |\xff|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\x80|\xe2\x82";
/* What it must read back as: each bad byte one U+FFFD. */
static const char nasty_read[] = "a\"b\\c/\x01\x1f\x7f\t\n\r\b\f"
	" \xc3\xa9 \xf0\x9f\x98\x80 |\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
	"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	"\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd";

/* A document with nasty strings as value and key, nested, and numbers. */
static char *write_nasty(unsigned int flags)
{
	struct json_writer w;
	struct capture c;

	jw_init(&w, capture_begin(&c), 2, flags);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "s", nasty);
	jw_str(&w, nasty, "key");
	jw_arr_begin(&w, "nest");
	jw_obj_begin(&w, NULL);
	jw_arr_begin_inline(&w, "l");
	jw_arr_begin(&w, NULL);
	jw_u64(&w, NULL, UINT64_MAX);
	jw_i64(&w, NULL, INT64_MIN);
	jw_arr_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_num(&w, "inf", 1.0 / 0.0, 3);
	jw_double(&w, "nan", 0.0 / 0.0);
	jw_str(&w, "null", NULL);
	jw_obj_end(&w);
	jw_finish(&w);
	return capture_end(&c);
}

/* python3 -m json.tool on text: 1 valid, 0 refused, -1 no python3. */
static int python_valid(const char *text, const char *path)
{
	FILE *f = fopen(path, "w");
	char cmd[512];
	int rc;

	if (system("python3 -c '' 2> /dev/null") != 0 || !f) {
		if (f)
			fclose(f);
		return -1;
	}
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 -m json.tool %s > /dev/null", path);
	rc = system(cmd);
	return rc == 0;
}

/* The whole output is UTF-8 (RFC 8259), and ASCII when asked for. */
static bool utf8_all_valid(const char *s, bool ascii)
{
	size_t len = strlen(s), n;

	while (len) {
		n = utf8_len((const unsigned char *)s, len);
		if (!n || (ascii && n > 1) || (ascii && (unsigned char)*s >= 0x80))
			return false;
		s += n;
		len -= n;
	}
	return true;
}

static void writer_escapes(unsigned int flags, const char *mode)
{
	char *out = write_nasty(flags), err[256] = "";
	struct json_node *n = json_parse(out, strlen(out), err, sizeof(err));
	const char *s = json_get_str(n, "s");
	uint64_t u = 0;
	int64_t i = 0;
	const struct json_node *l;
	int py;

	tap_ok(n && s && !strcmp(s, nasty_read) && json_get_str(n, nasty_read) &&
	       !strcmp(json_get_str(n, nasty_read), "key") && utf8_all_valid(out, flags & JSON_W_ASCII),
	       "%s: invalid UTF-8 and control characters in a value and a key read back, bad bytes as U+FFFD%s%s",
	       mode, n ? "" : ": ", err);
	l = json_get(json_get(n, "nest") ? json_get(n, "nest")->items[0] : NULL, "l");
	tap_ok(l && l->n == 1 && json_u64(l->items[0]->items[0], &u) && u == UINT64_MAX &&
	       json_i64(l->items[0]->items[1], &i) && i == INT64_MIN &&
	       json_get(n, "inf")->type == JSON_NULL && json_get(n, "nan")->type == JSON_NULL &&
	       !strcmp(json_get_str(n, "null"), ""),
	       "%s: nesting, 2^64-1 and -2^63 exact, NaN and infinity as null", mode);
	py = python_valid(out, "/tmp/plab-test-json.json");
	if (py < 0)
		tap_ok(1, "%s: python3 -m json.tool # SKIP python3 not installed", mode);
	else
		tap_ok(py, "%s: python3 -m json.tool reads the output", mode);
	remove("/tmp/plab-test-json.json");
	json_free(n);
	free(out);
}

static void writer_layouts(void)
{
	struct json_writer w;
	struct capture c;
	char *out;

	/* The analyzer's report: two blanks, inline arrays. */
	jw_init(&w, capture_begin(&c), 2, 0);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "s", "\xc3\xa9\t\x01");
	jw_arr_begin_inline(&w, "b");
	jw_arr_begin(&w, NULL);
	jw_u64(&w, NULL, 0);
	jw_u64(&w, NULL, 7);
	jw_arr_end(&w);
	jw_arr_begin(&w, NULL);
	jw_arr_end(&w);
	jw_arr_end(&w);
	jw_num(&w, "n", 12.0, 3);
	jw_obj_begin(&w, "e");
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_finish(&w);
	out = capture_end(&c);
	tap_ok(!strcmp(out, "{\n  \"s\": \"\xc3\xa9\\t\\u0001\",\n  \"b\": [[0, 7], []],\n"
		       "  \"n\": 12.000,\n  \"e\": {}\n}\n"), "layout: two blanks a level, an inline array");
	free(out);

	/* plab-verdict's report.json: one blank, ASCII, Python's float text. */
	jw_init(&w, capture_begin(&c), 1, JSON_W_ASCII);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "s", "\xc3\xa9\xf0\x9f\x98\x80");
	jw_arr_begin(&w, "l");
	jw_double(&w, NULL, 1000);
	jw_double(&w, NULL, 0.1 + 0.2);
	jw_double(&w, NULL, 1e16);
	jw_double(&w, NULL, 1e-5);
	jw_arr_end(&w);
	jw_obj_begin(&w, "o");
	jw_raw(&w, "raw", "{\"x\": 1}");
	jw_obj_end(&w);
	jw_obj_end(&w);
	out = capture_end(&c);
	tap_ok(!strcmp(out, "{\n \"s\": \"\\u00e9\\ud83d\\ude00\",\n \"l\": [\n  1000.0,\n"
		       "  0.30000000000000004,\n  1e+16,\n  1e-05\n ],\n \"o\": {\n  \"raw\": {\"x\": 1}\n }\n}"),
	       "layout: one blank a level, ASCII with surrogate pairs, shortest float text");
	free(out);
}

/* A parsed document written back compact is the canonical text. */
static void writer_nodes(void)
{
	static const char doc[] = " { \"a\" : [ 1 , -2.50 , 1e400 , 18446744073709551615 ] ,"
		" \"b\" : { \"c\" : null , \"d\" : [ true , false , { } , [ ] ] } , \"e\" : \"\\u00e9\\n\" } ";
	static const char want[] = "{\"a\":[1,-2.50,1e400,18446744073709551615],"
		"\"b\":{\"c\":null,\"d\":[true,false,{},[]]},\"e\":\"\\u00e9\\n\"}";
	struct json_node *n = json_parse(doc, strlen(doc), NULL, 0);
	struct json_writer w;
	struct capture c;
	char *out;

	jw_init(&w, capture_begin(&c), 0, JSON_W_COMPACT | JSON_W_ASCII);
	if (n)
		jw_node(&w, NULL, n);
	out = capture_end(&c);
	tap_ok(n && !strcmp(out, want), "a parsed document written back compact, numbers as written: %s", out);
	free(out);
	json_free(n);
}

int main(void)
{
	tap_plan(19);
	reader_accepts();
	reader_refuses();
	reader_truncated();
	reader_depth();
	reader_numbers();
	writer_escapes(0, "UTF-8");
	writer_escapes(JSON_W_ASCII, "ASCII");
	writer_layouts();
	writer_nodes();
	return tap_finish();
}
