// SPDX-License-Identifier: GPL-2.0
/*
 * The direct trace.dat reader (tracedat.c) on synthetic files of every
 * layout it reads: every record comes back once, in order, with its CPU,
 * time and value; the formats of the wanted systems only are parsed;
 * timestamp options and zlib are left to libtracecmd; cut and damaged copies give
 * an error, never a crash. With an argument, writes the files there as
 * the fuzzer's seeds.
 */
#include <stdio.h>
#include <string.h>
#include "tracedat.h"
#include "tracedat_gen.h"
#include "tap.h"

#define NR_CPUS	3
#define PER_CPU	700	/* several pages per CPU */

static const char *const wanted[] = { "preemptlab", NULL };
static const char *const other[] = { "sched", NULL };

static const char *const kind_name[] = {
	[TD_GEN_V6] = "v6", [TD_GEN_V7_NONE] = "v7 none",
	[TD_GEN_V7_ZSTD] = "v7 zstd", [TD_GEN_V7_ZLIB] = "v7 zlib",
	[TD_GEN_V7_OFFSET] = "v7 with OFFSET",
};

/* Read every stream; 1 when each record is the one written. */
static int read_all(struct td_file *f, int *count)
{
	struct tep_event *ev = tep_find_event_by_name(td_tep(f), "preemptlab",
						      "plab_test");
	struct tep_format_field *vf = ev ? tep_find_field(ev, "value") : NULL;
	int i, n, good = vf != NULL;

	*count = 0;
	for (i = 0; i < td_nr_cpus(f); i++) {
		struct tep_record *rec;

		for (n = 0; (rec = td_next(f, i)); n++) {
			unsigned long long v = 0;

			if (vf)
				tep_read_number_field(vf, rec->data, &v);
			good &= rec->cpu == i && rec->size >= 16 &&
				rec->ts == TD_GEN_T0 + n * TD_GEN_STEP + i &&
				v == (unsigned long long)i * 1000000 + n &&
				tep_data_type(td_tep(f), rec) == 1000;
		}
		good &= n == PER_CPU;
		*count += n;
	}
	return good && !td_error(f);
}

static void layout(enum td_gen_kind kind, const char *seed_dir)
{
	size_t len;
	uint8_t *b = td_gen(kind, NR_CPUS, PER_CPU, &len);
	struct td_file *f;
	enum td_status st;
	char err[256] = "";
	int n = 0, good;

	if (seed_dir && b) {
		char path[512];
		FILE *out;

		snprintf(path, sizeof(path), "%s/gen-%d.dat", seed_dir, kind);
		out = fopen(path, "w");
		if (out) {
			fwrite(b, 1, len, out);
			fclose(out);
		}
	}
	st = b ? td_open_mem(b, len, wanted, &f, err, sizeof(err)) : TD_BAD;
	if (kind == TD_GEN_V7_OFFSET || kind == TD_GEN_V7_ZLIB) {
		tap_ok(st == TD_FALLBACK, "%s: left to libtracecmd (%s)",
		       kind_name[kind], err);
		free(b);
		return;
	}
	good = st == TD_OK && td_nr_cpus(f) == NR_CPUS && read_all(f, &n);
	tap_ok(good, "%s: %d CPUs x %d records back in order, with time and value (%d read%s%s)",
	       kind_name[kind], NR_CPUS, PER_CPU, n, st ? ", " : "", st ? err : "");
	if (st == TD_OK)
		td_close(f);

	/* Another system asked for: the event is not parsed, records still come. */
	st = td_open_mem(b, len, other, &f, err, sizeof(err));
	good = st == TD_OK &&
	       !tep_find_event_by_name(td_tep(f), "preemptlab", "plab_test") &&
	       td_next(f, 0) != NULL;
	tap_ok(good, "%s: only the wanted systems' formats are parsed",
	       kind_name[kind]);
	if (st == TD_OK)
		td_close(f);
	free(b);
}

/* Every cut of the file, and bytes flipped all along it: no crash. */
static void damage(enum td_gen_kind kind)
{
	size_t len, cut, at;
	uint8_t *b = td_gen(kind, 2, 300, &len), *c;
	int opened_cut = 0, complete_cut = 0, flips = 0, n;

	c = b ? malloc(len) : NULL;
	if (!c) {
		tap_ok(0, "%s: damaged copies (no memory)", kind_name[kind]);
		free(b);
		return;
	}
	for (cut = 0; cut < len; cut += 97) {
		struct td_file *f;
		char err[256];

		if (td_open_mem(b, cut, wanted, &f, err, sizeof(err)) != TD_OK)
			continue;
		opened_cut++;
		read_all(f, &n);
		complete_cut += n == 600 && !td_error(f);
		td_close(f);
	}
	for (at = 0; at < len; at += 13) {
		struct td_file *f;
		char err[256];

		memcpy(c, b, len);
		c[at] ^= 0x5a;
		if (td_open_mem(c, len, wanted, &f, err, sizeof(err)) != TD_OK)
			continue;
		read_all(f, &n);
		flips++;
		td_close(f);
	}
	tap_ok(complete_cut == 0,
	       "%s: %zu cut copies (%d opened, none read as complete), %d of %zu flipped copies read to the end",
	       kind_name[kind], len / 97 + 1, opened_cut, flips, len / 13 + 1);
	free(b);
	free(c);
}

int main(int argc, char **argv)
{
	const char *seed_dir = argc > 1 ? argv[1] : NULL;
	int k;

	tap_plan(3 * 2 + 2 + 3);
	for (k = TD_GEN_V6; k <= TD_GEN_V7_OFFSET; k++)
		layout(k, seed_dir);
	for (k = TD_GEN_V6; k <= TD_GEN_V7_ZSTD; k++)
		damage(k);
	tap_finish();
}
