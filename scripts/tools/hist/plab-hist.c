// SPDX-License-Identifier: GPL-2.0
/*
 * plab-hist [-p PREFIX] [-c CPU] [-k thr|irq] [FILE]: the probe's debugfs histogram
 * (/sys/kernel/debug/plab_probe/stats, Documentation/probe.rst) as the
 * PREFIX.KEY=VALUE lines the scenario verdicts read. Its percentiles come
 * from libplab's hist.h, as plab-analyze's of the same samples in a trace
 * do, so the verdict's p99 and the report's p99 are the same number.
 * plab-scenario-exec runs it in the guest (the host's tree, over 9p).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hist.h"
#include "opt.h"

#define PROG		"plab-hist"
#define STATS_FILE	"/sys/kernel/debug/plab_probe/stats"
#define MAX_COLS	8192	/* two per CPU */

/* The summary rows; each may appear once, after the bucket rows. */
enum { ROW_OVER, ROW_COUNT, ROW_MIN, ROW_MAX, ROW_SUM, ROW_MISSED, ROW_OVER_THR, NR_ROWS };
static const char *const row_name[NR_ROWS] = {
	"over:", "count:", "min_ns:", "max_ns:", "sum_ns:", "missed:", "over_threshold:",
};

struct stats {
	const char *file;
	unsigned long line;
	uint64_t entries;		/* hist_max_us: 0 until its header line */
	int ncols;			/* IRQ and Thr columns: 0 until "# Index" */
	long cpu;			/* -c: only this CPU's columns; -1: all */
	int col_cpu[MAX_COLS + 1];	/* the CPU of column i (from 1) */
	bool any_bucket;
	uint64_t last_bucket;
	bool seen[NR_ROWS];
	struct plab_hist thr, irq;	/* all CPUs; allocated at the first row */
	char *field[MAX_COLS + 1];
};

static int fail(const struct stats *st, const char *fmt, ...)
{
	va_list ap;

	if (st->line)
		fprintf(stderr, "%s: %s:%lu: ", PROG, st->file, st->line);
	else
		fprintf(stderr, "%s: %s: ", PROG, st->file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* Splits line at tabs into st->field; the number of fields, -1 if too many. */
static int split(struct stats *st, char *line)
{
	int n = 0;
	char *p = line;

	for (;;) {
		if (n > MAX_COLS)
			return -1;
		st->field[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			return n;
		*p++ = 0;
	}
}

/* "# period_us=... hist_max_us=N ..." and "# Index<TAB>IRQ-000<TAB>Thr-000...". */
static int parse_comment(struct stats *st, char *line)
{
	const char *m = strstr(line, " hist_max_us=");
	bool found = false;
	int n, i;

	if (m) {
		char num[24];
		size_t len = strspn(m + 13, "0123456789");

		if (!len || len >= sizeof(num))
			return fail(st, "bad hist_max_us in '%s'", line);
		memcpy(num, m + 13, len);
		num[len] = 0;
		if (!plab_opt_u64(num, 1, UINT64_MAX, &st->entries) || st->any_bucket)
			return fail(st, "bad hist_max_us in '%s'", line);
		return 0;
	}
	if (strncmp(line, "# Index\t", 8))
		return 0;	/* the title, the unit, the taint note */
	n = split(st, line) - 1;
	if (n < 2 || n % 2)
		return fail(st, "'# Index' needs an IRQ and a Thr column per CPU, has %d columns", n);
	for (i = 1; i <= n; i++) {
		uint64_t cpu;

		if (strncmp(st->field[i], i % 2 ? "IRQ-" : "Thr-", 4) ||
		    !plab_opt_u64(st->field[i] + 4, 0, MAX_COLS, &cpu))
			return fail(st, "column %d is '%s', expected %s-NNN", i, st->field[i],
				    i % 2 ? "IRQ" : "Thr");
		st->col_cpu[i] = (int)cpu;
		if (cpu == (uint64_t)st->cpu)
			found = true;
	}
	if (st->cpu >= 0 && !found)
		return fail(st, "CPU %ld is not in the histogram", st->cpu);
	st->ncols = n;
	return 0;
}

/* The row's columns into their histograms: bucket b, or a min/max/other row. */
static int add_columns(struct stats *st, uint64_t b, int row)
{
	int i;

	for (i = 1; i <= st->ncols; i++) {
		struct plab_hist *h = i % 2 ? &st->irq : &st->thr;
		uint64_t v;

		if ((row == ROW_MIN || row == ROW_MAX) && !strcmp(st->field[i], "-"))
			continue;	/* an empty histogram has neither */
		if (!plab_opt_u64(st->field[i], 0, UINT64_MAX, &v))
			return fail(st, "column %d: '%s' is not a count", i, st->field[i]);
		if (st->cpu >= 0 && st->col_cpu[i] != st->cpu)
			continue;
		if (row < 0 || row == ROW_OVER)
			h->bucket[b] += v;
		else if (row == ROW_MIN && v < h->min_ns)
			h->min_ns = v;
		else if (row == ROW_MAX && v > h->max_ns)
			h->max_ns = v;
	}
	return 0;
}

static int parse_row(struct stats *st, char *line)
{
	int n = split(st, line) - 1, row;
	uint64_t b;

	if (!st->ncols || !st->entries)
		return fail(st, "a row before the '# Index' and hist_max_us header lines");
	if (n != st->ncols)
		return fail(st, "%d columns, the header has %d", n, st->ncols);
	if (!st->thr.bucket && (plab_hist_init(&st->thr, st->entries, PLAB_HIST_US, 0) ||
				plab_hist_init(&st->irq, st->entries, PLAB_HIST_US, 0)))
		return fail(st, "out of memory");
	if (plab_opt_u64(st->field[0], 0, UINT64_MAX, &b)) {
		if (b >= st->entries || (st->any_bucket && b <= st->last_bucket) ||
		    st->seen[ROW_OVER])
			return fail(st, "bucket row %s out of order or range (hist_max_us %llu)",
				    st->field[0], (unsigned long long)st->entries);
		st->any_bucket = true;
		st->last_bucket = b;
		return add_columns(st, b, -1);
	}
	for (row = 0; row < NR_ROWS; row++)
		if (!strcmp(st->field[0], row_name[row]))
			break;
	if (row == NR_ROWS)
		return fail(st, "unknown row '%s'", st->field[0]);
	if (st->seen[row])
		return fail(st, "a second '%s' row", row_name[row]);
	st->seen[row] = true;
	return add_columns(st, st->entries, row);
}

static int stats_read(struct stats *st, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int row, rc = 0;

	while (!rc && (len = getline(&line, &cap, f)) >= 0) {
		st->line++;
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		if ((size_t)len != strlen(line))
			rc = fail(st, "a NUL byte");
		else if (line[0] == '#')
			rc = parse_comment(st, line);
		else
			rc = parse_row(st, line);
	}
	free(line);
	if (rc)
		return rc;
	if (ferror(f))
		return fail(st, "read error: %s", strerror(errno));
	st->line = 0;
	for (row = ROW_OVER; row <= ROW_MAX; row++)
		if (!st->seen[row])
			return fail(st, "no '%s' row: not the probe's histogram, or cut short",
				    row_name[row]);
	return 0;
}

/* count: the samples in the buckets, the rank's denominator. */
static int stats_finish(struct stats *st, struct plab_hist *h)
{
	uint64_t i;

	for (h->count = 0, i = 0; i < plab_hist_nr(h); i++)
		h->count += h->bucket[i];
	if (h->count && (h->min_ns == UINT64_MAX || h->min_ns > h->max_ns))
		return fail(st, "samples but no valid min_ns/max_ns");
	return 0;
}

/* ns as us with ns precision, the analyzer's number format (3 decimals). */
static void print_us(const char *prefix, const char *key, uint64_t ns)
{
	printf("%s.%s=%llu.%03llu\n", prefix, key, (unsigned long long)(ns / 1000),
	       (unsigned long long)(ns % 1000));
}

/* Percentiles, samples and over of one kind; the max of both. */
static void stats_print(const struct stats *st, const char *prefix, bool irq)
{
	const struct plab_hist *t = irq ? &st->irq : &st->thr;
	const char *k = irq ? "irq" : "thr";
	char key[32];

	snprintf(key, sizeof(key), "%s_p50_us", k);
	print_us(prefix, key, plab_hist_percentile(t, PLAB_P50));
	snprintf(key, sizeof(key), "%s_p99_us", k);
	print_us(prefix, key, plab_hist_percentile(t, PLAB_P99));
	snprintf(key, sizeof(key), "%s_p999_us", k);
	print_us(prefix, key, plab_hist_percentile(t, PLAB_P999));
	print_us(prefix, "thr_max_us", st->thr.count ? st->thr.max_ns : 0);
	print_us(prefix, "irq_max_us", st->irq.count ? st->irq.max_ns : 0);
	printf("%s.samples=%llu\n%s.over=%llu\n", prefix, (unsigned long long)t->count,
	       prefix, (unsigned long long)t->bucket[t->entries]);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [-p PREFIX] [-c CPU] [-k thr|irq] [FILE]\n"
		"\n"
		"Read the probe's histogram file (default %s; - for stdin) and print,\n"
		"over the thread latency of all its CPUs, as the scenario verdicts read them:\n"
		"  PREFIX.thr_p50_us, .thr_p99_us, .thr_p999_us, .thr_max_us, .irq_max_us\n"
		"  (us with ns precision), PREFIX.samples, PREFIX.over (counts).\n"
		"Percentiles are nearest rank, a bucket's lower edge clamped to the min and\n"
		"max (libplab's hist.h, as plab-analyze's).\n"
		"\n"
		"  -p, --prefix PREFIX   key prefix  [default: probe]\n"
		"  -c, --cpu CPU         only this CPU's columns\n"
		"  -k, --kind thr|irq    the latency of the percentiles, samples and over:\n"
		"                        irq gives PREFIX.irq_p50_us...  [default: thr]\n"
		"  -h, --help            this text\n"
		"\n"
		"Exit status: 0, 1 when the file cannot be read or is malformed (the\n"
		"message names the line), 2 on usage errors.\n", PROG, STATS_FILE);
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s: '%s' (see %s -h)\n", PROG, what, arg, PROG);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "prefix", required_argument, NULL, 'p' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct stats st;
	const char *prefix = "probe";
	bool irq = false;
	uint64_t cpu;
	FILE *f;
	int c, rc;

	st.cpu = -1;
	while ((c = getopt_long(argc, argv, "p:c:k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': prefix = optarg; break;
		case 'c':
			if (!plab_opt_u64(optarg, 0, MAX_COLS, &cpu))
				return usage_error("bad CPU", optarg);
			st.cpu = (long)cpu;
			break;
		case 'k':
			if (strcmp(optarg, "thr") && strcmp(optarg, "irq"))
				return usage_error("bad kind (thr or irq)", optarg);
			irq = !strcmp(optarg, "irq");
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (argc - optind > 1 || !*prefix)
		return usage_error("one FILE and a non-empty prefix", argc - optind > 1 ? argv[optind + 1] : "");
	st.file = optind < argc ? argv[optind] : STATS_FILE;
	f = strcmp(st.file, "-") ? fopen(st.file, "r") : stdin;
	if (!f) {
		fprintf(stderr, "%s: cannot open %s: %s\n", PROG, st.file, strerror(errno));
		return 1;
	}
	rc = stats_read(&st, f) || stats_finish(&st, &st.thr) || stats_finish(&st, &st.irq);
	if (f != stdin)
		fclose(f);
	if (!rc)
		stats_print(&st, prefix, irq);
	plab_hist_destroy(&st.thr);
	plab_hist_destroy(&st.irq);
	return rc ? 1 : fflush(stdout) ? 1 : 0;
}
