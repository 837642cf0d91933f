// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON reader on what plab-analyze writes, and the writer's layout (one
 * member per line, one space per level, as the report.json that the Python
 * version wrote). What the reader must refuse is libplab's test
 * (libplab/tests/test_json.c), where the reader lives.
 */
#include <math.h>
#include <string.h>
#include "json.h"
#include "tap.h"
#include "verdict.h"

static const char doc[] =
	" {\"schema\": \"preemptlab-analysis\", \"version\": 1, \"runs\": [ {\"stats\": [\n"
	"  {\"cpu\": \"all\", \"thread\": {\"count\": 4374, \"p99\": 12.000, \"max\": 1e-05}}],\n"
	"  \"s\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\", \"t\": true, \"f\": false, \"n\": null,\n"
	"  \"neg\": -0.5E+2, \"e\": [], \"o\": {}}]}\n";

/*
 * The reader on an analyzer-like document: numbers as Python prints them,
 * escapes, literals. False when the document does not parse.
 */
static bool test_read(void)
{
	const struct json_node *run, *thr;
	struct json_node *root;
	char err[128], buf[64];

	root = json_parse(doc, strlen(doc), err, sizeof(err));
	tap_ok(root != NULL, "an analyzer-like document parses (%s)", root ? "ok" : err);
	if (!root)
		return false;
	run = json_get(root, "runs")->items[0];
	thr = json_get(json_get(run, "stats")->items[0], "thread");
	tap_ok(json_num(json_get(thr, "count"), 0) == 4374 && json_num(json_get(thr, "p99"), 0) == 12,
	       "numbers");
	py_str(json_get(thr, "p99"), buf, sizeof(buf));
	tap_ok(!strcmp(buf, "12.0"), "12.000 prints as Python does: %s", buf);
	py_str(json_get(thr, "max"), buf, sizeof(buf));
	tap_ok(!strcmp(buf, "1e-05"), "1e-05 prints as Python does: %s", buf);
	py_str(json_get(thr, "count"), buf, sizeof(buf));
	tap_ok(!strcmp(buf, "4374"), "integers print as written: %s", buf);
	tap_ok(!strcmp(json_get(run, "s")->str, "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80"),
	       "string escapes, \\u and a surrogate pair");
	tap_ok(py_truthy(json_get(run, "t")) && !py_truthy(json_get(run, "f")) &&
	       !py_truthy(json_get(run, "n")) && !py_truthy(json_get(run, "e")) &&
	       json_num(json_get(run, "neg"), 0) == -50 && !json_get(run, "nothere"),
	       "true, false, null, empty, -0.5E+2, absent member");
	json_free(root);
	return true;
}

/* The writer: layout, escapes and numbers; its output reads back. */
static void test_write(void)
{
	struct json_writer w;
	char err[128], buf[64], *out = NULL;
	struct json_node *root;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	jw_init(&w, f, 1, JSON_W_ASCII);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "s", "\xc3\xa9\t\x01");
	jw_i64(&w, "v", 1);
	jw_arr_begin(&w, "l");
	jw_i64(&w, NULL, 1000);
	jw_double(&w, NULL, 1000);
	jw_double(&w, NULL, 0.1 + 0.2);
	jw_arr_end(&w);
	jw_obj_begin(&w, "e");
	jw_obj_end(&w);
	jw_obj_begin(&w, "o");
	jw_raw(&w, "raw", "{\"x\": 1}");
	jw_obj_end(&w);
	jw_obj_end(&w);
	fclose(f);
	tap_ok(out && !strcmp(out, "{\n \"s\": \"\\u00e9\\t\\u0001\",\n \"v\": 1,\n \"l\": [\n  1000,\n  1000.0,\n"
		       "  0.30000000000000004\n ],\n \"e\": {},\n \"o\": {\n  \"raw\": {\"x\": 1}\n }\n}"),
	       "writer layout, escapes and numbers");
	if (out) {
		root = json_parse(out, len, err, sizeof(err));
		tap_ok(root != NULL, "the writer's output reads back");
		json_free(root);
	}
	json_repr(buf, sizeof(buf), 1e16);
	tap_ok(!strcmp(buf, "1e+16"), "1e16 as Python writes it: %s", buf);
	free(out);
}

int main(void)
{
	tap_plan(10);
	/* the writer's case reads back: worth running only with a reader that works */
	if (test_read())
		test_write();
	return tap_finish();
}
