// SPDX-License-Identifier: GPL-2.0
/*
 * plab-analyze option parsing. Produces a struct plab_params and nothing
 * else: errors are returned with a message, never printed or exited on, so
 * the parser can be unit-tested and fuzzed.
 */
#include <getopt.h>
#include <stddef.h>
#include <string.h>
#include "cli.h"
#include "opt.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum {
	OPT_TOL_REL = 256,	/* long-only options */
	OPT_TOL_ABS_US,
	OPT_HIST,
	OPT_TOP,
};

static const struct option cli_options[] = {
	{ "threshold-us", required_argument, NULL, 't' },
	{ "hist-max-us",  required_argument, NULL, 'H' },
	{ "lag-ms",       required_argument, NULL, 'l' },
	{ "json",         required_argument, NULL, 'j' },
	{ "plot",         required_argument, NULL, 'p' },
	{ "baseline",     required_argument, NULL, 'b' },
	{ "tol-rel",      required_argument, NULL, OPT_TOL_REL },
	{ "tol-abs-us",   required_argument, NULL, OPT_TOL_ABS_US },
	{ "model",        required_argument, NULL, 'm' },
	{ "kernel",       required_argument, NULL, 'k' },
	{ "hist",         no_argument,       NULL, OPT_HIST },
	{ "top",          required_argument, NULL, OPT_TOP },
	{ "quiet",        no_argument,       NULL, 'q' },
	{ "verbose",      no_argument,       NULL, 'v' },
	{ "help",         no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const char cli_short[] = ":t:H:l:j:p:b:m:k:qvh";

void cli_usage(FILE *f)
{
	fprintf(f,
"Usage: plab-analyze [options] TRACE.dat...\n"
"\n"
"Stream trace.dat files recorded with 'trace-cmd record -C local -e preemptlab\n"
"[-e sched:sched_switch -e irq]' and report, per CPU and overall, the probe's\n"
"IRQ and thread latency (count, min, mean, p50, p90, p99, p99.9, max; 1 us\n"
"histogram with an overflow bucket), missed events, and the causes of the\n"
"samples over the threshold. Each file is one run.\n"
"\n"
"  -t, --threshold-us US   attribute samples with thread latency above US\n"
"                          (default %d)\n"
"  -H, --hist-max-us US    histogram range in 1 us buckets, then overflow\n"
"                          (default %d)\n"
"  -l, --lag-ms MS         keep a sample pending until the trace is MS past\n"
"                          its window, for late interval events (default %d)\n"
"  -m, --model NAME        model of the run (none, voluntary, full, rt, ...);\n"
"                          repeat once per file, or once for all files\n"
"                          (default: a none/voluntary/full/rt word in the\n"
"                          file name, else its path without .dat; #2, #3...\n"
"                          when runs would share one)\n"
"  -k, --kernel NAME       kernel release of the run; same rules as --model\n"
"                          (default: unknown)\n"
"  -j, --json FILE         write the versioned JSON report to FILE (- stdout)\n"
"  -p, --plot DIR          write latency histogram plots (PNG, SVG) to DIR\n"
"  -b, --baseline FILE     compare p99, p99.9 and max with a previous JSON\n"
"      --tol-rel R         relative tolerance of the comparison (default %.1f)\n"
"      --tol-abs-us US     absolute tolerance in us (default %d); a value\n"
"                          regresses when above both tolerances\n"
"      --hist              print the histograms in the text report\n"
"      --top N             causes listed per CPU in the text (default %d)\n"
"  -q, --quiet             no text report\n"
"  -v, --verbose           library diagnostics on stderr\n"
"  -h, --help              this text\n"
"\n"
"Exit status: 0 ok, 1 error reading an input or writing an output,\n"
"2 usage error, 3 regression against the baseline.\n",
		DEFAULT_THRESHOLD_US, DEFAULT_HIST_MAX_US, DEFAULT_LAG_MS,
		DEFAULT_TOL_REL, DEFAULT_TOL_ABS_US, DEFAULT_TOP);
}

void cli_params_init(struct plab_params *p)
{
	memset(p, 0, sizeof(*p));
	p->threshold_us = DEFAULT_THRESHOLD_US;
	p->hist_max_us = DEFAULT_HIST_MAX_US;
	p->lag_ms = DEFAULT_LAG_MS;
	p->tol_rel = DEFAULT_TOL_REL;
	p->tol_abs_us = DEFAULT_TOL_ABS_US;
	p->top = DEFAULT_TOP;
}

/* The options with a whole number: where it goes, its range, what it is. */
struct cli_number {
	int opt;
	const char *name;
	uint64_t min, max;
	const char *what;
	size_t off;		/* in struct plab_params */
	bool narrow;		/* an unsigned int there, not a uint64_t */
};

static const struct cli_number cli_numbers[] = {
	{ 't', "threshold-us", 0, MAX_THRESHOLD_US, "a number of microseconds",
	  offsetof(struct plab_params, threshold_us), false },
	{ 'H', "hist-max-us", 1, MAX_HIST_MAX_US, "a number of microseconds",
	  offsetof(struct plab_params, hist_max_us), false },
	{ 'l', "lag-ms", 0, MAX_LAG_MS, "a number of milliseconds",
	  offsetof(struct plab_params, lag_ms), false },
	{ OPT_TOL_ABS_US, "tol-abs-us", 0, MAX_THRESHOLD_US, "a number of microseconds",
	  offsetof(struct plab_params, tol_abs_us), false },
	{ OPT_TOP, "top", 0, 1000, "a number",
	  offsetof(struct plab_params, top), true },
};

/* 1 when c is one of cli_numbers (then set, or -1 with a message), else 0. */
static int cli_set_number(int c, const char *arg, struct plab_params *p,
			  char *err, size_t errlen)
{
	const struct cli_number *n;
	uint64_t v;
	char *field;

	for (n = cli_numbers; n < cli_numbers + ARRAY_SIZE(cli_numbers); n++) {
		if (n->opt != c)
			continue;
		if (!plab_opt_u64(arg, n->min, n->max, &v))
			return plab_opt_err(err, errlen, "--%s '%s': not %s in %llu..%llu",
					    n->name, arg, n->what,
					    (unsigned long long)n->min,
					    (unsigned long long)n->max);
		field = (char *)p + n->off;
		if (n->narrow)
			*(unsigned int *)field = v;
		else
			*(uint64_t *)field = v;
		return 1;
	}
	return 0;
}

static bool cli_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < 64 && !strpbrk(s, "\"\\\n\r\t");
}

/* -m and -k: a name per file, or one for all (checked in cli_check()). */
static int cli_add_name(int c, const char *name, struct plab_params *p,
			char *err, size_t errlen)
{
	const char *opt = c == 'm' ? "model" : "kernel";
	const char **names = c == 'm' ? p->models : p->kernels;
	int *nr = c == 'm' ? &p->nr_models : &p->nr_kernels;

	if (!cli_name_ok(name))
		return plab_opt_err(err, errlen, "--%s '%s': 1..63 characters without quotes, backslashes or control characters",
				    opt, name);
	if (*nr == PARAMS_MAX_FILES)
		return plab_opt_err(err, errlen, "too many --%s options", opt);
	names[(*nr)++] = name;
	return 0;
}

/* A path option: -j may be "-" (checked in cli_check()), -p and -b not empty. */
static int cli_set_path(int c, const char *arg, struct plab_params *p,
			char *err, size_t errlen)
{
	switch (c) {
	case 'j':
		p->json_path = arg;
		break;
	case 'p':
		if (!*arg)
			return plab_opt_err(err, errlen, "--plot needs a folder");
		p->plot_dir = arg;
		break;
	case 'b':
		if (!*arg)
			return plab_opt_err(err, errlen, "--baseline needs a file");
		p->baseline_path = arg;
		break;
	}
	return 0;
}

/* getopt's answer c for what it just read; argv only for the messages. */
static enum cli_result cli_option(int c, char **argv, struct plab_params *p,
				  char *err, size_t errlen)
{
	const char *last = argv[optind - 1] ? argv[optind - 1] : "?";
	int ret = cli_set_number(c, optarg, p, err, errlen);

	if (ret)
		return ret < 0 ? CLI_ERROR : CLI_OK;
	switch (c) {
	case 'j':
	case 'p':
	case 'b':
		return cli_set_path(c, optarg, p, err, errlen) ? CLI_ERROR : CLI_OK;
	case 'm':
	case 'k':
		return cli_add_name(c, optarg, p, err, errlen) ? CLI_ERROR : CLI_OK;
	case OPT_TOL_REL:
		if (!plab_opt_double(optarg, 0.0, 1000.0, &p->tol_rel))
			return plab_opt_err(err, errlen, "--tol-rel '%s': not a ratio in 0..1000",
					    optarg);
		return CLI_OK;
	case OPT_HIST:
		p->print_hist = true;
		return CLI_OK;
	case 'q':
		p->quiet = true;
		return CLI_OK;
	case 'v':
		p->verbose++;
		return CLI_OK;
	case 'h':
		return CLI_HELP;
	case ':':
		return plab_opt_err(err, errlen, "option '%s' needs an argument", last);
	default:
		if (optopt && optopt < 256)
			return plab_opt_err(err, errlen, "unknown option '-%c'", optopt);
		return plab_opt_err(err, errlen, "unknown option '%s'", last);
	}
}

/* The operands, once the options are read: the trace files, in order. */
static int cli_add_files(int argc, char **argv, struct plab_params *p,
			 char *err, size_t errlen)
{
	for (; optind < argc; optind++) {
		if (!argv[optind][0])
			return plab_opt_err(err, errlen, "empty file name");
		if (p->nr_files == PARAMS_MAX_FILES)
			return plab_opt_err(err, errlen, "too many trace files (at most %d)",
					    PARAMS_MAX_FILES);
		p->files[p->nr_files++] = argv[optind];
	}
	return 0;
}

/* The checks across options, which only the whole command line can answer. */
static int cli_check(const struct plab_params *p, char *err, size_t errlen)
{
	if (!p->nr_files)
		return plab_opt_err(err, errlen, "no trace file given");
	if (p->nr_models > 1 && p->nr_models != p->nr_files)
		return plab_opt_err(err, errlen, "%d --model options for %d files: give one, or one per file",
				    p->nr_models, p->nr_files);
	if (p->nr_kernels > 1 && p->nr_kernels != p->nr_files)
		return plab_opt_err(err, errlen, "%d --kernel options for %d files: give one, or one per file",
				    p->nr_kernels, p->nr_files);
	if (p->json_path && !*p->json_path)
		return plab_opt_err(err, errlen, "--json needs a file");
	return 0;
}

enum cli_result cli_parse(int argc, char **argv, struct plab_params *p,
			  char *err, size_t errlen)
{
	enum cli_result ret;
	int c;

	cli_params_init(p);
	if (errlen)
		err[0] = '\0';
	opterr = 0;
	optind = 0;		/* full reset of getopt's state */
	while ((c = getopt_long(argc, argv, cli_short, cli_options, NULL)) != -1) {
		ret = cli_option(c, argv, p, err, errlen);
		if (ret != CLI_OK)
			return ret;
	}
	if (cli_add_files(argc, argv, p, err, errlen) ||
	    cli_check(p, err, errlen))
		return CLI_ERROR;
	return CLI_OK;
}
