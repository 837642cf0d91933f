// SPDX-License-Identifier: GPL-2.0
/*
 * plab-analyze option parsing. Produces a struct plab_params and nothing
 * else: errors are returned with a message, never printed or exited on, so
 * the parser can be unit-tested and fuzzed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

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

static enum cli_result cli_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return CLI_ERROR;
}

/* A whole decimal number in [min, max]; false on anything else. */
static bool cli_get_u64(const char *s, uint64_t min, uint64_t max,
			uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool cli_get_double(const char *s, double min, double max, double *out)
{
	double v;
	char *end;

	if (!s || !*s || *s == ' ')
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !(v >= min && v <= max))
		return false;
	*out = v;
	return true;
}

static bool cli_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < 64 && !strpbrk(s, "\"\\\n\r\t");
}

enum cli_result cli_parse(int argc, char **argv, struct plab_params *p,
			  char *err, size_t errlen)
{
	const char *name;
	uint64_t v;
	int c;

	cli_params_init(p);
	if (errlen)
		err[0] = '\0';
	opterr = 0;
	optind = 0;		/* full reset of getopt's state */
	while ((c = getopt_long(argc, argv, cli_short, cli_options, NULL)) != -1) {
		switch (c) {
		case 't':
			if (!cli_get_u64(optarg, 0, MAX_THRESHOLD_US, &p->threshold_us))
				return cli_fail(err, errlen, "--threshold-us '%s': not a number of microseconds in 0..%d",
						optarg, MAX_THRESHOLD_US);
			break;
		case 'H':
			if (!cli_get_u64(optarg, 1, MAX_HIST_MAX_US, &p->hist_max_us))
				return cli_fail(err, errlen, "--hist-max-us '%s': not a number of microseconds in 1..%d",
						optarg, MAX_HIST_MAX_US);
			break;
		case 'l':
			if (!cli_get_u64(optarg, 0, MAX_LAG_MS, &p->lag_ms))
				return cli_fail(err, errlen, "--lag-ms '%s': not a number of milliseconds in 0..%d",
						optarg, MAX_LAG_MS);
			break;
		case 'j':
			p->json_path = optarg;
			break;
		case 'p':
			if (!*optarg)
				return cli_fail(err, errlen, "--plot needs a folder");
			p->plot_dir = optarg;
			break;
		case 'b':
			if (!*optarg)
				return cli_fail(err, errlen, "--baseline needs a file");
			p->baseline_path = optarg;
			break;
		case OPT_TOL_REL:
			if (!cli_get_double(optarg, 0.0, 1000.0, &p->tol_rel))
				return cli_fail(err, errlen, "--tol-rel '%s': not a ratio in 0..1000",
						optarg);
			break;
		case OPT_TOL_ABS_US:
			if (!cli_get_u64(optarg, 0, MAX_THRESHOLD_US, &p->tol_abs_us))
				return cli_fail(err, errlen, "--tol-abs-us '%s': not a number of microseconds in 0..%d",
						optarg, MAX_THRESHOLD_US);
			break;
		case 'm':
		case 'k':
			name = optarg;
			if (!cli_name_ok(name))
				return cli_fail(err, errlen, "--%s '%s': 1..63 characters without quotes, backslashes or control characters",
						c == 'm' ? "model" : "kernel", name);
			if (c == 'm') {
				if (p->nr_models == PARAMS_MAX_FILES)
					return cli_fail(err, errlen, "too many --model options");
				p->models[p->nr_models++] = name;
			} else {
				if (p->nr_kernels == PARAMS_MAX_FILES)
					return cli_fail(err, errlen, "too many --kernel options");
				p->kernels[p->nr_kernels++] = name;
			}
			break;
		case OPT_HIST:
			p->print_hist = true;
			break;
		case OPT_TOP:
			if (!cli_get_u64(optarg, 0, 1000, &v))
				return cli_fail(err, errlen, "--top '%s': not a number in 0..1000",
						optarg);
			p->top = v;
			break;
		case 'q':
			p->quiet = true;
			break;
		case 'v':
			p->verbose++;
			break;
		case 'h':
			return CLI_HELP;
		case ':':
			return cli_fail(err, errlen, "option '%s' needs an argument",
					argv[optind - 1] ? argv[optind - 1] : "?");
		default:
			if (optopt && optopt < 256)
				return cli_fail(err, errlen, "unknown option '-%c'", optopt);
			return cli_fail(err, errlen, "unknown option '%s'",
					argv[optind - 1] ? argv[optind - 1] : "?");
		}
	}
	for (; optind < argc; optind++) {
		if (!argv[optind][0])
			return cli_fail(err, errlen, "empty file name");
		if (p->nr_files == PARAMS_MAX_FILES)
			return cli_fail(err, errlen, "too many trace files (at most %d)",
					PARAMS_MAX_FILES);
		p->files[p->nr_files++] = argv[optind];
	}
	if (!p->nr_files)
		return cli_fail(err, errlen, "no trace file given");
	if (p->nr_models > 1 && p->nr_models != p->nr_files)
		return cli_fail(err, errlen, "%d --model options for %d files: give one, or one per file",
				p->nr_models, p->nr_files);
	if (p->nr_kernels > 1 && p->nr_kernels != p->nr_files)
		return cli_fail(err, errlen, "%d --kernel options for %d files: give one, or one per file",
				p->nr_kernels, p->nr_files);
	if (p->json_path && !*p->json_path)
		return cli_fail(err, errlen, "--json needs a file");
	return CLI_OK;
}
