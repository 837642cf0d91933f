// SPDX-License-Identifier: GPL-2.0
/*
 * Option parser: every short and long option, defaults, and the errors
 * (returned, never printed or exited on).
 */
#include <string.h>
#include "cli.h"
#include "tap.h"

static struct plab_params p;
static char err[256];

static enum cli_result parse(const char *line)
{
	char buf[4096], *argv[128], *s;
	int argc = 0;

	snprintf(buf, sizeof(buf), "plab-analyze %s", line);
	for (s = strtok(buf, " "); s && argc < 127; s = strtok(NULL, " "))
		argv[argc++] = s;
	argv[argc] = NULL;
	return cli_parse(argc, argv, &p, err, sizeof(err));
}

static const char *const errors[] = {
	"", "-t", "-t abc t.dat", "-t -5 t.dat", "-t 1e3 t.dat",
	"--threshold-us 100000001 t.dat", "-H 0 t.dat", "-H 10000001 t.dat",
	"--lag-ms x t.dat", "--tol-rel -1 t.dat", "--tol-rel nan t.dat",
	"--tol-abs-us 1.5 t.dat", "--top 1001 t.dat", "-x t.dat",
	"--nope t.dat", "-m a -m b a.dat b.dat c.dat", "-k a -k b t.dat",
	"-m a\"b t.dat", "--json= t.dat", "-t 18446744073709551616 t.dat",
};

int main(void)
{
	size_t i;
	int ok;

	tap_plan(8);

	ok = parse("t.dat") == CLI_OK && p.nr_files == 1 &&
	     p.threshold_us == DEFAULT_THRESHOLD_US &&
	     p.hist_max_us == DEFAULT_HIST_MAX_US && p.lag_ms == DEFAULT_LAG_MS &&
	     p.tol_rel == DEFAULT_TOL_REL && p.tol_abs_us == DEFAULT_TOL_ABS_US &&
	     p.top == DEFAULT_TOP && !p.json_path && !p.quiet;
	tap_ok(ok, "defaults");

	ok = parse("-t 50 -H 2000 -l 0 -j o.json -p pl -b base.json -m rt -k 6.1 -q -v -v a.dat b.dat") == CLI_OK &&
	     p.threshold_us == 50 && p.hist_max_us == 2000 && p.lag_ms == 0 &&
	     !strcmp(p.json_path, "o.json") && !strcmp(p.plot_dir, "pl") &&
	     !strcmp(p.baseline_path, "base.json") && p.nr_models == 1 &&
	     !strcmp(p.models[0], "rt") && !strcmp(p.kernels[0], "6.1") &&
	     p.quiet && p.verbose == 2 && p.nr_files == 2;
	tap_ok(ok, "every short option");

	ok = parse("--threshold-us 7 --hist-max-us 30 --lag-ms 9 --json - --plot d --baseline b --tol-rel 0.5 --tol-abs-us 20 --model none --model full --kernel k --hist --top 3 --quiet --verbose x.dat y.dat") == CLI_OK &&
	     p.threshold_us == 7 && p.hist_max_us == 30 && p.lag_ms == 9 &&
	     !strcmp(p.json_path, "-") && p.tol_rel == 0.5 && p.tol_abs_us == 20 &&
	     p.nr_models == 2 && !strcmp(p.models[1], "full") && p.print_hist &&
	     p.top == 3 && p.quiet && p.verbose == 1;
	tap_ok(ok, "every long option");

	ok = parse("--threshold-us=9 t.dat") == CLI_OK && p.threshold_us == 9 &&
	     parse("t.dat -t 11") == CLI_OK && p.threshold_us == 11 &&
	     !strcmp(p.files[0], "t.dat");
	tap_ok(ok, "--opt=value and options after the file");

	tap_ok(parse("-h") == CLI_HELP && parse("t.dat --help") == CLI_HELP,
	       "-h and --help");

	ok = 1;
	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		if (parse(errors[i]) != CLI_ERROR || !err[0]) {
			tap_diag("accepted: %s", errors[i]);
			ok = 0;
		}
	}
	tap_ok(ok, "%zu invalid command lines refused with a message", i);
	parse("-t abc t.dat");
	tap_ok(strstr(err, "--threshold-us") && strstr(err, "abc"),
	       "message names the option and value: %s", err);
	{
		char line[4096] = "";

		for (i = 0; i < PARAMS_MAX_FILES + 1; i++)
			strcat(line, "f.dat ");
		tap_ok(parse(line) == CLI_ERROR && strstr(err, "too many"),
		       "more than %d files refused", PARAMS_MAX_FILES);
	}
	return tap_finish();
}
