// SPDX-License-Identifier: GPL-2.0
/*
 * plab-json FILE PATH...: the values at paths of a JSON document, one per
 * line, for the shell scripts and selftests (jpath.h for the paths). All
 * paths resolve or nothing is printed: exit 1, naming the path that does
 * not; exit 2 on a usage error, an unreadable file or one that is not JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "jpath.h"

#define NAME "plab-json"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " NAME " FILE PATH...\n"
		"Print the value at each PATH of the JSON document FILE (- for stdin),\n"
		"one per line: numbers as written, strings unquoted, true, false, null,\n"
		"arrays and objects as compact JSON.\n"
		"PATH: member names and array indexes separated by dots (runs.0.samples),\n"
		"  [member=value] after a step picks the first object of that array whose\n"
		"  member has that value (runs.0.stats[cpu=all].thread.p99), and a last\n"
		"  step # gives the length of an array or object (runs.#).\n"
		"Exit 0, 1 when a path does not resolve (nothing printed), 2 on a usage\n"
		"error or when FILE cannot be read or is not JSON.\n");
}

int main(int argc, char **argv)
{
	const char *file;
	struct sbuf *vals;
	struct json_node *root;
	char err[256], *text;
	size_t len;
	int i, rc, status = 0;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		fprintf(stderr, NAME ": unknown option %s\n", argv[1]);
		usage(stderr);
		return 2;
	}
	if (argc < 3) {
		usage(stderr);
		return 2;
	}
	file = argv[1];
	text = read_file(strcmp(file, "-") ? file : "/dev/stdin", &len);
	if (!text) {
		fprintf(stderr, NAME ": cannot read %s: %s\n", file, strerror(errno));
		return 2;
	}
	root = json_parse(text, len, err, sizeof(err));
	free(text);
	if (!root) {
		fprintf(stderr, NAME ": %s is not JSON: %s\n", file, err);
		return 2;
	}
	vals = xmalloc((size_t)(argc - 2) * sizeof(*vals));
	memset(vals, 0, (size_t)(argc - 2) * sizeof(*vals));
	for (i = 2; i < argc; i++) {
		rc = jpath_eval(root, argv[i], &vals[i - 2], err, sizeof(err));
		if (rc == JPATH_SYNTAX) {
			fprintf(stderr, NAME ": bad path '%s': %s\n", argv[i], err);
			status = 2;
		} else if (rc != JPATH_OK) {
			fprintf(stderr, NAME ": %s: path '%s' does not resolve: %s\n",
				file, argv[i], err);
			if (!status)
				status = 1;
		}
	}
	for (i = 2; i < argc && !status; i++)
		printf("%s\n", sb_str(&vals[i - 2]));
	for (i = 2; i < argc; i++)
		sb_free(&vals[i - 2]);
	free(vals);
	json_free(root);
	if (fflush(stdout) && !status)
		status = 2;
	return status;
}
