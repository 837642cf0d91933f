// SPDX-License-Identifier: GPL-2.0
/*
 * JSON: the writer's report read back by the reader (round trip of every
 * compared value), baseline comparison. The reader's accept, reject and
 * nesting cases are libplab's (libplab/tests/test_json.c), where it lives.
 */
#include <math.h>
#include <string.h>
#include "baseline.h"
#include "export.h"
#include "json.h"
#include "tap.h"

static int fill_run(struct run *r)
{
	uint64_t i;

	if (run_init(r, "/tmp/full-run.dat", 1000, 100, 1000))
		return -1;
	snprintf(r->kernel, sizeof(r->kernel), "6.1.0-test");
	for (i = 0; i < 5000; i++) {
		struct run_cpu *c = run_cpu_get(r, i % 3);

		plab_hist_add(&c->irq, (i * 7919) % 900000);
		plab_hist_add(&c->thread, (i * 104729) % 2000000);	/* some overflow */
	}
	r->cpu[1]->rb_missed = 12;
	r->cpu[2]->seq_gaps = 1;
	r->cpu[2]->seq_lost = 3;
	attr_add_interval(&r->attr, 1, 0, 50000000, 50000000,
			  attr_cause_id(&r->attr, "nps \"quoted\"\\"));
	attr_add_sample(&r->attr, 1, 1, 1000000, 0, 45000000, 46000000);
	r->samples = 5000;
	return run_finish(r);
}

/* RFC 3629: no stray continuation, overlong form, surrogate or > U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned int cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		len = s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : s[i] >= 0xc0 ? 2 : 0;
		if (!len || s[i] > 0xf4 || n - i < len)
			return false;
		cp = s[i] & (0x7f >> len);
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < (len == 2 ? 0x80u : len == 3 ? 0x800u : 0x10000u) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += len;
	}
	return true;
}

/*
 * File and task names are bytes, not text: a report of a trace whose
 * names are not UTF-8 must still be valid JSON, and valid UTF-8 must stay.
 */
static void non_utf8_names(const struct plab_params *p)
{
	static const char *const comms[] = {
		"task \xce\x36", "task \xff\xfe", "task \xc0\xaf",
		"task \xed\xa0\x80", "task \xf4\x90\x80\x80", "task \xe2\x82",
	};
	struct run r, *runs[1] = { &r };
	char *buf = NULL;
	size_t len = 0, i;
	bool ok;
	FILE *f;

	ok = !run_init(&r, "/tmp/caf\xe9-\xce\x36-\xc3\xa9.dat", 1000, 100, 1000);
	for (i = 0; ok && i < sizeof(comms) / sizeof(comms[0]); i++)
		attr_add_interval(&r.attr, 1, i * 10000000, (i + 1) * 10000000,
				  60000000, attr_cause_id(&r.attr, comms[i]));
	if (ok)
		attr_add_sample(&r.attr, 1, 1, 0, 0, 60000000, 60000000);
	ok = ok && !run_finish(&r);
	f = open_memstream(&buf, &len);
	if (ok && f)
		export_json(f, runs, 1, p);
	if (f)
		fclose(f);
	tap_ok(ok && buf && utf8_valid((const unsigned char *)buf, len) &&
	       strstr(buf, "caf\\ufffd-\\ufffd6-\xc3\xa9.dat") &&
	       strstr(buf, "task \\ufffd\\ufffd\\ufffd\\ufffd\""),
	       "file and task names that are not UTF-8: the report is UTF-8, bad bytes as \\ufffd, good ones kept");
	run_destroy(&r);
	free(buf);
}

/* A run of file with n samples of thread latency us each. */
static int model_run(struct run *r, const char *file, uint64_t us)
{
	int i;

	if (run_init(r, file, 100000, 100, 1000))
		return -1;
	for (i = 0; i < 100; i++)
		plab_hist_add(&run_cpu_get(r, 0)->thread, us * 1000);
	return run_finish(r);
}

/*
 * Runs are matched with the baseline by model, and the default model was
 * the file's name: every scenario's "trace-base.dat" was one model, and a
 * baseline made from two of them compared both with the first (issue 20,
 * item 5). Made from the same files, a baseline must give no regression.
 */
static void same_name_runs(const struct plab_params *p)
{
	struct run a, b, *runs[2] = { &a, &b };
	struct baseline base = { 0 };
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	int nbad = -1;
	FILE *f;

	if (model_run(&a, "s1/trace-base.dat", 50) || model_run(&b, "s2/trace-base.dat", 5000))
		goto out;
	f = open_memstream(&buf, &len);
	export_json(f, runs, 2, p);
	fclose(f);
	if (baseline_parse(buf, len, &base, err, sizeof(err)))
		goto out;
	f = fopen("/dev/null", "w");
	nbad = baseline_compare(f, &base, runs, 2, p);
	fclose(f);
out:
	tap_ok(nbad == 0 && strcmp(a.model, b.model),
	       "two files named trace-base.dat: models '%s' and '%s', no regression against a baseline of the same files (%d)%s",
	       a.model, b.model, nbad, err);
	baseline_free(&base);
	free(buf);
	buf = NULL;

	/* A baseline written with the old defaults: its model is ambiguous. */
	snprintf(a.model, sizeof(a.model), "trace-base");
	snprintf(b.model, sizeof(b.model), "trace-base");
	f = open_memstream(&buf, &len);
	export_json(f, runs, 2, p);
	fclose(f);
	nbad = -1;
	if (!baseline_parse(buf, len, &base, err, sizeof(err))) {
		free(buf);
		buf = NULL;
		f = open_memstream(&buf, &len);
		nbad = baseline_compare(f, &base, runs, 2, p);
		fclose(f);
	}
	tap_ok(nbad == 0 && buf && strstr(buf, "2 runs of this model in the baseline, not compared"),
	       "a baseline with two runs of one model: not compared, no regression (%d)", nbad);
	baseline_free(&base);
	run_destroy(&a);
	run_destroy(&b);
	free(buf);
}

static bool close_us(double a, uint64_t ns)
{
	return fabs(a - ns / 1e3) < 0.0015;
}

/* 2 and 3. The report is valid JSON, schema preemptlab-analysis version 1. */
static void case_schema(const char *buf, size_t len)
{
	struct json_node *d;
	char err[256];
	double v = 0;
	int ok;

	d = json_parse(buf, len, err, sizeof(err));
	ok = d != NULL;
	tap_ok(ok, "the report is valid JSON (%zu bytes)%s%s", len, ok ? "" : ": ", err);
	ok = ok && !strcmp(json_get_str(d, "schema"), "preemptlab-analysis");
	ok = ok && json_get_num(d, "version", &v) && v == 1;
	tap_ok(ok, "schema preemptlab-analysis version 1");
	json_free(d);
}

/* 4. Round trip of every compared value: the report of run read into b. */
static void case_round_trip(const struct run *run, const char *buf, size_t len,
			    struct baseline *b)
{
	char err[256];
	int ok, k;

	ok = !baseline_parse(buf, len, b, err, sizeof(err)) && b->nr == 4;
	for (k = 0; ok && k < b->nr; k++) {
		const struct baseline_row *row = &b->row[k];
		const struct plab_hist *h[2];
		struct plab_hist_summary s;
		int kind;

		ok = !strcmp(row->model, "full");
		h[0] = row->cpu < 0 ? &run->all_irq : &run->cpu[row->cpu]->irq;
		h[1] = row->cpu < 0 ? &run->all_thread : &run->cpu[row->cpu]->thread;
		for (kind = 0; kind < 2 && ok; kind++) {
			plab_hist_summary(h[kind], &s);
			ok = close_us(row->us[kind][BL_P99], s.p99_ns) &&
			     close_us(row->us[kind][BL_P999], s.p999_ns) &&
			     close_us(row->us[kind][BL_MAX], s.max_ns);
		}
	}
	tap_ok(ok, "write/read round trip: p99, p99.9, max of %d rows (model from file name)",
	       b->nr);
}

/* 5 and 6. Against itself: no regression; against a lower baseline: some. */
static void case_compare(struct baseline *b, struct run **runs,
			 const struct plab_params *p)
{
	FILE *f = fopen("/dev/null", "w");
	int k, nbad;

	nbad = baseline_compare(f, b, runs, 1, p);
	tap_ok(nbad == 0, "no regression against itself");
	for (k = 0; k < b->nr; k++)
		b->row[k].us[BL_THREAD][BL_MAX] /= 10;	/* max was >= 1 ms */
	nbad = baseline_compare(f, b, runs, 1, p);
	fclose(f);
	tap_ok(nbad == 4 && baseline_regressed(100, 700, 0.2, 500) &&
	       !baseline_regressed(100, 550, 0.2, 500) &&
	       !baseline_regressed(10000, 11000, 0.2, 500),
	       "regressions need both tolerances (%d found)", nbad);
}

/* 1 to 6. The report of a synthetic run: written, read back, compared. */
static void case_report(const struct plab_params *p)
{
	struct run run, *runs[1] = { &run };
	struct baseline b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	tap_ok(!fill_run(&run), "synthetic run");
	f = open_memstream(&buf, &len);
	export_json(f, runs, 1, p);
	fclose(f);
	case_schema(buf, len);
	case_round_trip(&run, buf, len, &b);
	case_compare(&b, runs, p);
	baseline_free(&b);
	run_destroy(&run);
	free(buf);
}

int main(void)
{
	struct plab_params p = { .threshold_us = 100, .hist_max_us = 1000,
				 .lag_ms = 1000, .tol_rel = 0.2,
				 .tol_abs_us = 500 };

	tap_plan(9);
	case_report(&p);
	non_utf8_names(&p);
	same_name_runs(&p);
	return tap_finish();
}
