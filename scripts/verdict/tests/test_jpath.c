// SPDX-License-Identifier: GPL-2.0
/*
 * Paths of plab-json (jpath.h) on a document shaped like plab-analyze's and
 * wakelat's reports: members, indexes, selectors, "#", and the paths that
 * do not resolve or are malformed.
 */
#include <string.h>
#include "jpath.h"
#include "tap.h"

static const char doc[] =
	"{\"schema\": \"preemptlab-analysis\", \"version\": 1, \"runs\": [{\n"
	" \"attach\": \"tp_btf\", \"samples\": 4374, \"ok\": true, \"model\": null,\n"
	" \"stats\": [{\"cpu\": \"all\", \"thread\": {\"count\": 9, \"p99\": 12.000}},\n"
	"           {\"cpu\": 0, \"thread\": {\"count\": 4, \"p99\": 1e-05}},\n"
	"           {\"cpu\": 1, \"thread\": {\"count\": 5, \"p99\": 3.5}},\n"
	"           {\"cpu\": 1, \"thread\": {\"count\": 6, \"p99\": 7}}],\n"
	" \"tasks\": [{\"tid\": 12, \"comm\": \"a b.c\", \"on\": false},\n"
	"           {\"tid\": 13, \"comm\": \"x\", \"on\": true, \"u\": \"\\u00e9\"}],\n"
	" \"e\": [], \"o\": {}, \"7\": \"seven\"}]}";

struct ok_case {
	const char *path, *want;
};

static const struct ok_case ok_cases[] = {
	{ "schema", "preemptlab-analysis" },
	{ "version", "1" },
	{ "runs.0.samples", "4374" },
	{ "runs.0.stats.0.thread.p99", "12.000" },
	{ "runs.0.stats.1.thread.p99", "1e-05" },
	{ "runs.0.stats[cpu=all].thread.count", "9" },
	{ "runs.0.stats[cpu=1].thread.count", "5" },		/* the first match */
	{ "runs.0.stats[cpu=1.0].thread.p99", "3.5" },		/* as a number */
	{ "runs.0.tasks[tid=13].comm", "x" },
	{ "runs.0.tasks[comm=a b.c].tid", "12" },		/* '.' and ' ' in a value */
	{ "runs.0.tasks[on=true].tid", "13" },
	{ "runs.0.tasks[on=false].comm", "a b.c" },
	{ "runs.0.ok", "true" },
	{ "runs.0.model", "null" },
	{ "runs.#", "1" },
	{ "runs.0.stats.#", "4" },
	{ "runs.0.e.#", "0" },
	{ "runs.0.o.#", "0" },
	{ "runs.0.tasks.1.#", "4" },
	{ "runs.0.7", "seven" },				/* a digit member name */
	{ "runs.0.tasks.1.u", "\xc3\xa9" },
	{ "runs.0.stats.1", "{\"cpu\":0,\"thread\":{\"count\":4,\"p99\":1e-05}}" },
	{ "runs.0.tasks.1", "{\"tid\":13,\"comm\":\"x\",\"on\":true,\"u\":\"\\u00e9\"}" },
	{ "runs.0.e", "[]" },
	{ "runs.0.o", "{}" },
};

static const char *const missing[] = {
	"nothere", "runs.1", "runs.0.stats.4", "runs.x", "runs.-1", "runs.0.samples.x",
	"runs.0.stats[cpu=2]", "runs.0.stats[cpu=ALL]", "runs.0.stats[thread=9]",
	"runs.0[cpu=0]", "runs.0.tasks[on=1]", "runs.0.tasks[tid=12x]", "schema.#",
	"runs.0.stats.99999999999999999999",
};

static const char *const malformed[] = {
	"runs..0", ".runs", "runs.", "runs.0.stats[cpu=all", "runs.0.stats[cpu]",
	"runs.0.stats[=1]", "runs.0.stats[cpu=1]x", "runs.#.0",
};

int main(void)
{
	struct json_node *root;
	struct sbuf b = { 0 };
	char err[256];
	size_t i;
	int rc, good;

	tap_plan(8);
	root = json_parse(doc, strlen(doc), err, sizeof(err));
	tap_ok(root != NULL, "the document parses (%s)", root ? "ok" : err);
	if (!root)
		return tap_finish();

	good = 0;
	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		sb_free(&b);
		rc = jpath_eval(root, ok_cases[i].path, &b, err, sizeof(err));
		if (rc == JPATH_OK && !strcmp(sb_str(&b), ok_cases[i].want))
			good++;
		else
			tap_diag("%s: rc %d, '%s' (%s), want '%s'", ok_cases[i].path, rc,
				 sb_str(&b), err, ok_cases[i].want);
	}
	tap_ok(good == (int)(sizeof(ok_cases) / sizeof(ok_cases[0])),
	       "%d paths, selectors and lengths resolve to their values", good);

	sb_free(&b);
	rc = jpath_eval(root, "", &b, err, sizeof(err));
	tap_ok(rc == JPATH_OK && !strncmp(sb_str(&b), "{\"schema\":\"preemptlab-analysis\",", 32),
	       "the empty path is the whole document, compact: %.40s", sb_str(&b));

	good = 0;
	for (i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		sb_free(&b);
		rc = jpath_eval(root, missing[i], &b, err, sizeof(err));
		if (rc == JPATH_MISSING && !b.len && err[0])
			good++;
		else
			tap_diag("%s: rc %d, '%s'", missing[i], rc, sb_str(&b));
	}
	tap_ok(good == (int)(sizeof(missing) / sizeof(missing[0])),
	       "%d paths that do not resolve", good);

	good = 0;
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		sb_free(&b);
		rc = jpath_eval(root, malformed[i], &b, err, sizeof(err));
		if (rc == JPATH_SYNTAX && err[0])
			good++;
		else
			tap_diag("%s: rc %d, '%s'", malformed[i], rc, sb_str(&b));
	}
	tap_ok(good == (int)(sizeof(malformed) / sizeof(malformed[0])),
	       "%d malformed paths refused", good);

	sb_free(&b);
	jpath_eval(root, "runs.0.stats.1.thread.nope", &b, err, sizeof(err));
	tap_ok(strstr(err, "'nope'") && strstr(err, "'runs.0.stats.1.thread'"),
	       "a missing member names the member and where: %s", err);
	jpath_eval(root, "runs.0.stats[cpu=3].thread", &b, err, sizeof(err));
	tap_ok(strstr(err, "[cpu=3]") && strstr(err, "'runs.0.stats'"),
	       "a selector without a match names itself and the array: %s", err);
	jpath_eval(root, "runs.0.stats.9", &b, err, sizeof(err));
	tap_ok(strstr(err, "index 9") && strstr(err, "length 4"),
	       "an index out of range gives the length: %s", err);

	sb_free(&b);
	json_free(root);
	return tap_finish();
}
