// SPDX-License-Identifier: GPL-2.0
/*
 * plab-scn: a scenario file's run plan, as the runners read it. The .scn
 * format has one parser (scn_parse.c); plab-run and plab-scenario-exec
 * take its output, one line per item, each a keyword and its words:
 *
 *   name NAME
 *   duration SECONDS          (the quick one with -q)
 *   probe ARGS...             ("off": no probe; absent: the defaults)
 *   noise yes                 (an assertion reads the boot's noise floor)
 *   require MODULE...
 *   boot LABEL [ARGS...]      (the boots the phases use, base first)
 *   load MODULE ARGS...       (before the first phase: for the whole run)
 *   phase NAME BOOT
 *   step PHASE set|run|load WORDS...
 *
 * The words of a probe, load and step line are read here, once
 * (scn_words: quotes, escapes, ${NAME} of the environment; ${CPU} is the
 * CPU given with -c) and printed joined by tabs: the runners split them
 * on tabs and run them as they are, with no shell reading them again.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"
#include "scn.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: plab-scn [-q] -c CPU FILE.scn\n"
"\n"
"Print the run plan of a scenario file (scripts/tools/verdict/scn_plan.c lists its\n"
"lines), ${CPU} replaced by CPU.\n"
"\n"
"  -c, --cpu N    the measured CPU (0..4095)\n"
"  -q, --quick    the duration of a quick run (the duration line's second value)\n"
"  -h, --help     this text\n"
"\n"
"Exit status: 0 ok, 1 the file cannot be read or does not parse, 2 usage.\n");
}

/* Whether expression text e names a noise.* reading (a word of its own). */
static bool names_noise(const char *e)
{
	const char *p;

	for (p = e; e && (p = strstr(p, "noise.")); p++)
		if (p == e || !(isalnum((unsigned char)p[-1]) || strchr("_.@{}$", p[-1])))
			return true;
	return false;
}

/*
 * Whether any assertion reads the noise floor: a boot whose scenarios
 * neither probe nor read it need not measure one.
 */
static bool uses_noise(const struct scn *s)
{
	int i;

	for (i = 0; i < s->nexpects; i++)
		if (names_noise(s->expects[i].lhs) || names_noise(s->expects[i].rhs) ||
		    names_noise(s->expects[i].margin))
			return true;
	return false;
}

/* "KEY WORDS", the words as scn_words reads them; 0, or -1 with why in err. */
static int print_words(const char *key, const char *args, char *err, size_t errlen)
{
	struct sbuf w = { 0 };
	char why[200];

	if (scn_words(args, true, &w, why, sizeof(why))) {
		snprintf(err, errlen, "'%s': %s", args, why);
		sb_free(&w);
		return -1;
	}
	printf("%s %s\n", key, sb_str(&w));
	sb_free(&w);
	return 0;
}

static int print_plan(const struct scn *s, bool quick, char *err, size_t errlen)
{
	int d = s->duration_s ? s->duration_s : 10, i;
	char *key;

	if (quick)
		d = s->quick_s ? s->quick_s : s->duration_s ? s->duration_s : 5;
	printf("name %s\nduration %d\n", s->name, d);
	if (s->probe && print_words("probe", s->probe, err, errlen))
		return -1;
	if (uses_noise(s))
		printf("noise yes\n");
	if (s->nrequire) {
		printf("require");
		for (i = 0; i < s->nrequire; i++)
			printf(" %s", s->require[i]);
		printf("\n");
	}
	for (i = 0; i < s->boots.n; i++)
		printf("boot %s%s%s\n", s->boots.a[i].k, *s->boots.a[i].v ? " " : "",
		       s->boots.a[i].v);
	for (i = 0; i < s->nsteps; i++)
		if (!s->steps[i].phase && print_words("load", s->steps[i].args, err, errlen))
			return -1;
	for (i = 0; i < s->nphases; i++)
		printf("phase %s %s\n", s->phases[i].name, s->phases[i].boot);
	for (i = 0; i < s->nsteps; i++) {
		if (!s->steps[i].phase)
			continue;
		key = xasprintf("step %s %s", s->steps[i].phase, s->steps[i].kw);
		if (print_words(key, s->steps[i].args, err, errlen)) {
			free(key);
			return -1;
		}
		free(key);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "quick", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool quick = false;
	char err[512];
	struct scn s;
	long cpu = -1;
	uint64_t v;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (!plab_opt_u64(optarg, 0, 4095, &v)) {
				fprintf(stderr, "plab-scn: error: --cpu '%s': allowed 0..4095\n", optarg);
				return 2;
			}
			cpu = (long)v;
			break;
		case 'q':
			quick = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "plab-scn: error: unknown argument '%s' (see plab-scn -h)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (cpu < 0 || optind != argc - 1) {
		fprintf(stderr, "plab-scn: error: needs -c CPU and one scenario file (see plab-scn -h)\n");
		return 2;
	}
	if (scn_parse(argv[optind], (int)cpu, &s, err, sizeof(err))) {
		fprintf(stderr, "plab-scn: error: %s\n", err);
		return 1;
	}
	if (print_plan(&s, quick, err, sizeof(err))) {
		fprintf(stderr, "plab-scn: error: %s: %s\n", argv[optind], err);
		scn_free(&s);
		return 1;
	}
	scn_free(&s);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "plab-scn: error: cannot write the plan\n");
		return 1;
	}
	return 0;
}
