// SPDX-License-Identifier: GPL-2.0
/*
 * The direct trace.dat reader (tracedat.c) on synthetic files of every
 * layout it reads: every record comes back once, in order, with its CPU,
 * time and value; the formats of the wanted systems only are parsed;
 * timestamp options and zlib are named as not read; cut and damaged copies
 * give an error, never a crash. With an argument, writes the files there as
 * the fuzzer's seeds.
 */
#include <stdio.h>
#include <stdlib.h>
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
	[TD_GEN_V7_OFFSET] = "v7 with OFFSET", [TD_GEN_V7_HUGE] = "v7 huge chunks",
};

/* The memory limit's test file (run-tests): 8 CPUs, a 64 MiB chunk each. */
static void write_huge(const char *path)
{
	size_t len;
	uint8_t *b = td_gen(TD_GEN_V7_HUGE, 8, 10, &len);
	FILE *out = b ? fopen(path, "w") : NULL;

	if (out) {
		fwrite(b, 1, len, out);
		fclose(out);
	}
	free(b);
}

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
		tap_ok(st == TD_FOREIGN && *err, "%s: named as not read (%s)",
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

static const char *const hooked[] = { "preemptlab", "irq", "sched", NULL };

/* Bytes that may hold NULs: a string literal and its length. */
struct bytes {
	const char *p;
	size_t n;
};
#define BYTES(s) { s, sizeof(s) - 1 }

/* b with the first from overwritten by to (not longer), or NULL. */
static uint8_t *patched(const uint8_t *b, size_t len, struct bytes from,
			struct bytes to)
{
	uint8_t *c = malloc(len), *at;

	if (!c)
		return NULL;
	memcpy(c, b, len);
	at = memmem(c, len, from.p, from.n);
	if (!at || to.n > from.n) {
		free(c);
		return NULL;
	}
	memcpy(at, to.p, to.n);
	return c;
}

/*
 * Bits flipped in every byte of the event formats of the hooked systems
 * (plab_latency, irq and sched formats as Linux writes them): libtraceevent
 * 1.7.1 crashes on some (a byte >= 0x80 in "prev_comm[16]", a letter of
 * "long prev_state", the print formats), so a crash ends this test. Each
 * copy must open, or be refused naming the damaged format.
 */
static void format_flips(enum td_gen_kind kind)
{
	static const uint8_t bits[] = { 0x01, 0x04, 0x10, 0x40, 0x80 };
	size_t len, at, first, last, i;
	uint8_t *b = td_gen(kind, 1, 10, &len), *c = b ? malloc(len) : NULL;
	uint8_t *p = c ? memmem(b, len, "name: plab_test", 15) : NULL;
	uint8_t *q = p ? memmem(b, len, "REC->next_prio\n", 15) : NULL;
	int refused = 0, named = 0, opened = 0, unexplained = 0;

	if (!q) {
		tap_ok(0, "%s: format flips (no file)", kind_name[kind]);
		free(b);
		free(c);
		return;
	}
	first = p - b;
	last = q - b + 15;
	for (at = first; at < last; at++) {
		for (i = 0; i < sizeof(bits); i++) {
			struct td_file *f;
			char err[256] = "";

			memcpy(c, b, len);
			c[at] ^= bits[i];
			if (td_open_mem(c, len, hooked, &f, err, sizeof(err)) == TD_OK) {
				opened++;
				td_close(f);
				continue;
			}
			refused++;
			named += !!strstr(err, "damaged event format");
			if (!err[0] || (!strstr(err, "damaged event format") && refused - named < 4))
				tap_diag("flip 0x%02x at %zu: '%s'", bits[i], at, err);
			unexplained += !err[0];
		}
	}
	tap_ok(named && !unexplained,
	       "%s: %zu bit flips of the event formats: no crash, %d opened, %d refused with a message (%d naming a damaged format)",
	       kind_name[kind], (last - first) * sizeof(bits), opened, refused, named);
	free(b);
	free(c);
}

/*
 * A damaged format is damaged, not absent: "offset:1%" in plab_latency
 * (the example) and a size that is not its type's.
 */
static void format_damaged(void)
{
	static const char *const change[][2] = {
		{ "u64 seq;\toffset:8;", "u64 seq;\toffset:1%" },
		{ "int irq;\toffset:8;\tsize:4", "int irq;\toffset:8;\tsize:2" },
		{ "long prev_state;\toffset:32", "long prev_state;\toffset:36" },
		{ "char prev_comm[16]", "char prev_comm[\xce" "6]" },
	};
	size_t len, i;
	uint8_t *b = td_gen(TD_GEN_V6, 1, 10, &len);
	int good = b != NULL;

	for (i = 0; good && i < sizeof(change) / sizeof(change[0]); i++) {
		struct bytes from = { change[i][0], strlen(change[i][0]) };
		struct bytes to = { change[i][1], strlen(change[i][1]) };
		uint8_t *c = patched(b, len, from, to);
		struct td_file *f;
		char err[256] = "";

		good = c && td_open_mem(c, len, hooked, &f, err, sizeof(err)) == TD_BAD &&
		       strstr(err, "damaged event format");
		tap_diag("'%s': %s", change[i][1], err);
		free(c);
	}
	tap_ok(good, "damaged formats are refused as damaged, naming the event");
	free(b);
}

/*
 * The CPU data's layout as trace-cmd writes it (in order, page-aligned,
 * back to back, the last ending the file or the v7 section): a CPU count,
 * offset or size off it would drop a CPU's events or read another's.
 */
static void layout_damaged(void)
{
	static const struct {
		enum td_gen_kind kind;
		struct bytes from, to;
		const char *what;
	} change[] = {
		{ TD_GEN_V6, BYTES("\x03\x00\x00\x00options"), BYTES("\x02"),
		  "v6 CPU count 3 -> 2" },
		{ TD_GEN_V7_NONE, BYTES("local\x00\x00\x10\x00\x00\x03"),
		  BYTES("local\x00\x00\x10\x00\x00\x02"), "v7 BUFFER CPU count 3 -> 2" },
		{ TD_GEN_V7_NONE, BYTES("\x00local"), BYTES("x"),
		  "v7 BUFFER of an instance only" },
		{ TD_GEN_V7_NONE, BYTES("\x01\x00\x00\x00\x00\x60"),
		  BYTES("\x01\x00\x00\x00\x00\x70"), "v7 CPU 1 data a page later" },
	};
	size_t len[TD_GEN_V7_NONE + 1], i;
	uint8_t *b[TD_GEN_V7_NONE + 1] = {
		[TD_GEN_V6] = td_gen(TD_GEN_V6, NR_CPUS, PER_CPU, &len[TD_GEN_V6]),
		[TD_GEN_V7_NONE] = td_gen(TD_GEN_V7_NONE, NR_CPUS, PER_CPU,
					  &len[TD_GEN_V7_NONE]),
	};
	int good = 1;

	for (i = 0; i < sizeof(change) / sizeof(change[0]); i++) {
		int k = change[i].kind;
		uint8_t *c = b[k] ? patched(b[k], len[k], change[i].from, change[i].to) : NULL;
		struct td_file *f;
		char err[256] = "";
		enum td_status st = c ? td_open_mem(c, len[k], hooked, &f, err, sizeof(err)) : TD_OK;

		good &= c && st == TD_BAD;
		tap_diag("%s: %s", change[i].what, c ? (st == TD_BAD ? err : "read") : "no such bytes");
		if (st == TD_OK && c)
			td_close(f);
		free(c);
	}
	tap_ok(good, "damaged CPU counts, offsets and buffer names are refused");
	free(b[TD_GEN_V6]);
	free(b[TD_GEN_V7_NONE]);
}

int main(int argc, char **argv)
{
	const char *seed_dir = argc > 1 ? argv[1] : NULL;
	int k;

	if (argc > 2)
		write_huge(argv[2]);
	tap_plan(3 * 2 + 2 + 3 + 2 + 2);
	for (k = TD_GEN_V6; k <= TD_GEN_V7_OFFSET; k++)
		layout(k, seed_dir);
	for (k = TD_GEN_V6; k <= TD_GEN_V7_ZSTD; k++)
		damage(k);
	format_flips(TD_GEN_V6);
	format_flips(TD_GEN_V7_NONE);
	format_damaged();
	layout_damaged();
	return tap_finish();
}
