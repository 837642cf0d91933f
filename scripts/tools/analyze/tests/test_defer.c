// SPDX-License-Identifier: GPL-2.0
/*
 * irq:softirq_defer on synthetic event streams: labels, counts per CPU
 * and reason, the JSON object and the text section (present, empty and
 * absent), and the attribution of the deferral and of the ksoftirqd run
 * that does the deferred work, driven as trace.c drives it.
 */
#include <string.h>
#include "attr_test.h"
#include "defer.h"
#include "export.h"
#include "json.h"
#include "report.h"
#include "run.h"
#include "tap.h"

#define NET_RX		(1u << 3)
#define TIMER		(1u << 1)
#define TASKLET		(1u << 6)

static struct plab_params p = { .threshold_us = 1000, .hist_max_us = 1000,
				.lag_ms = 1000, .top = 10 };
static struct defer_cpu dc[4];
static const char netperf[ATTR_COMM_LEN] = "netperf";	/* attr_add_task() copies 16 */

static void deferral(struct run *r, int cpu, uint64_t ts, uint32_t reason,
		     uint32_t pending, uint32_t restarts, uint64_t elapsed_ns)
{
	struct defer_event ev = { .elapsed_ns = elapsed_ns, .pending = pending,
				  .reason = reason, .restarts = restarts };

	defer_add(r, &dc[cpu], cpu, ts, &ev, false);
}

/*
 * ksoftirqd switched in and out again on cpu: its run start..end is an
 * interval of the cause the switch-out names, as trace.c adds it.
 */
static void ksoftirqd_run(struct run *r, int cpu, uint64_t start, uint64_t end)
{
	uint32_t c;

	defer_switch(&dc[cpu], false, true);
	c = defer_switch(&dc[cpu], true, false);
	attr_add_interval(&r->attr, cpu, start, end, end, c - 1);
}

/* Deferrals on CPUs 0 and 2, none on 1. */
static int fill(struct run *r, bool have_defer, bool deferrals)
{
	memset(dc, 0, sizeof(dc));
	if (run_init(r, "/tmp/full-defer.dat", 1000, 1000, 1000))
		return -1;
	r->have_defer = have_defer;
	if (deferrals) {
		deferral(r, 0, 1 * MS, 0, NET_RX, 3, 2 * MS);
		deferral(r, 0, 2 * MS, 0, NET_RX | TIMER, 4, 2100 * US);
		deferral(r, 0, 3 * MS, 0, NET_RX, 2, 0);
		deferral(r, 0, 4 * MS, 1, NET_RX, 9, 800 * US);
		deferral(r, 0, 5 * MS, 1, NET_RX | TIMER, 9, 900 * US);
		deferral(r, 2, 6 * MS, 2, TASKLET, 0, 40 * US);
		deferral(r, 2, 7 * MS, 7, TASKLET | (1u << 12), 1, 50 * US);
	}
	plab_hist_add(&run_cpu_get(r, 1)->irq, 5 * US);
	plab_hist_add(&r->cpu[1]->thread, 20 * US);
	r->samples = 1;
	r->events = 8;
	return run_finish(r);
}

static char *text(const struct run *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	report_text(f, r, &p);
	fclose(f);
	return buf;
}

static char *json(struct run *r, size_t *len)
{
	struct run *runs[1] = { r };
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	export_json(f, runs, 1, &p);
	fclose(f);
	return buf;
}

static double num(const struct json_node *obj, const char *path)
{
	char key[64], *s, *dot;
	double v = -1;

	snprintf(key, sizeof(key), "%s", path);
	for (s = key; (dot = strchr(s, '.')); s = dot + 1) {
		*dot = '\0';
		obj = json_get(obj, s);
		if (!obj)
			return -1;
	}
	return json_get_num(obj, s, &v) ? v : -1;
}

/* The first run of a report. */
static const struct json_node *first_run(const struct json_node *d)
{
	const struct json_node *runs = json_get(d, "runs");

	return runs && runs->type == JSON_ARRAY && runs->n ? runs->items[0] : NULL;
}

/* Element i of an array, NULL past its end. */
static const struct json_node *item(const struct json_node *a, int i)
{
	return a && a->type == JSON_ARRAY && i < a->n ? a->items[i] : NULL;
}

/* A cause's total on cpu; UINT64_MAX when the cause is not there at all. */
static uint64_t total(const struct run *r, int cpu, const char *label)
{
	const struct attr_cause_stat *s = attr_test_stat(&r->attr, cpu, label);

	return s ? s->total_ns : UINT64_MAX;
}

static uint64_t samples(const struct run *r, int cpu, const char *label)
{
	const struct attr_cause_stat *s = attr_test_stat(&r->attr, cpu, label);

	return s ? s->samples : 0;
}

static const char rx[] = "softirq deferred to ksoftirqd (restart_limit, NET_RX)";
static const char tasklet[] = "softirq deferred to ksoftirqd (need_resched, TASKLET)";

/* 1. Labels, as the kernel names reasons and vectors. */
static void case_labels(void)
{
	char label[ATTR_LABEL_LEN];
	int ok;

	defer_label(label, sizeof(label), 1, NET_RX);
	ok = !strcmp(label, rx);
	defer_label(label, sizeof(label), 0, NET_RX | TIMER | 1);
	ok = ok && !strcmp(label, "softirq deferred to ksoftirqd (time_limit, HI|TIMER|NET_RX)");
	defer_label(label, sizeof(label), 9, (1u << 9) | (1u << 12));
	ok = ok && !strcmp(label, "softirq deferred to ksoftirqd (reason 9, RCU|0x1000)");
	defer_label(label, 20, 2, 0x3ff);
	ok = ok && strlen(label) == 19;
	tap_ok(ok, "labels: reasons, vectors in kernel order, unknown bits, truncation");
}

/* 2. Counts per CPU and reason, of the deferrals fill() adds to r. */
static void case_counts(struct run *r)
{
	const struct defer_stats *s;
	int ok;

	ok = !fill(r, true, true);
	s = r->defer[0];
	ok = ok && s && s->count == 5 && s->reason[DEFER_TIME_LIMIT] == 3 &&
	     s->reason[DEFER_RESTART_LIMIT] == 2 &&
	     s->reason[DEFER_NEED_RESCHED] == 0 && s->reason[DEFER_OTHER] == 0 &&
	     s->pending[3] == 5 && s->pending[1] == 2 && s->pending[6] == 0 &&
	     s->max_restarts == 9 && s->max_elapsed_ns == 2100 * US;
	s = r->defer[2];
	ok = ok && s && s->count == 2 && s->reason[DEFER_NEED_RESCHED] == 1 &&
	     s->reason[DEFER_OTHER] == 1 && s->pending[6] == 2 &&
	     s->pending[DEFER_NR_VEC] == 1 && s->max_elapsed_ns == 50 * US;
	s = &r->defer_all;
	ok = ok && !r->defer[1] && s->count == 7 && s->reason[DEFER_TIME_LIMIT] == 3 &&
	     s->reason[DEFER_RESTART_LIMIT] == 2 && s->pending[3] == 5 &&
	     s->max_restarts == 9;
	tap_ok(ok, "counts per CPU, reason and pending vector");
}

/* 3. JSON: the object with its keys, then per CPU, of case 2's run. */
static void case_json(struct run *r)
{
	const struct json_node *run, *pc;
	struct json_node *d;
	char err[256], *buf;
	size_t len;
	int ok;

	buf = json(r, &len);
	d = json_parse(buf, len, err, sizeof(err));
	ok = d != NULL;
	run = first_run(d);
	ok = ok && run && json_get(run, "softirq_defer") &&
	     num(run, "softirq_defer.count") == 7 &&
	     num(run, "softirq_defer.reasons.time_limit") == 3 &&
	     num(run, "softirq_defer.reasons.restart_limit") == 2 &&
	     num(run, "softirq_defer.reasons.need_resched") == 1 &&
	     num(run, "softirq_defer.reasons.other") == 1 &&
	     num(run, "softirq_defer.pending.NET_RX") == 5 &&
	     num(run, "softirq_defer.pending.TIMER") == 2 &&
	     num(run, "softirq_defer.pending.TASKLET") == 2 &&
	     num(run, "softirq_defer.pending.HI") == 0 &&
	     num(run, "softirq_defer.pending.RCU") == 0 &&
	     num(run, "softirq_defer.pending.other") == 1 &&
	     num(run, "softirq_defer.max_restarts") == 9 &&
	     num(run, "softirq_defer.max_elapsed_us") == 2100;
	tap_ok(ok, "JSON softirq_defer: count, reasons, pending, maxima");
	pc = item(json_get(json_get(run, "softirq_defer"), "per_cpu"), 0);
	ok = pc && num(pc, "cpu") == 0 && num(pc, "count") == 5 &&
	     num(pc, "reasons.restart_limit") == 2 &&
	     num(pc, "pending.NET_RX") == 5 && num(pc, "max_restarts") == 9;
	pc = item(json_get(json_get(run, "softirq_defer"), "per_cpu"), 1);
	ok = ok && pc && num(pc, "cpu") == 2 && num(pc, "count") == 2 &&
	     num(pc, "reasons.need_resched") == 1 &&
	     num(pc, "max_elapsed_us") == 50 &&
	     !item(json_get(json_get(run, "softirq_defer"), "per_cpu"), 2);
	tap_ok(ok, "JSON softirq_defer.per_cpu: CPUs 0 and 2 only");
	json_free(d);
	free(buf);
}

/* 4. Text: the section per CPU, of case 2's run. */
static void case_text(struct run *r)
{
	char *buf = text(r);
	int ok;

	ok = strstr(buf, "# Softirq deferrals to ksoftirqd, all CPUs: 7, max 9 restarts, max 2100.000 us of handling\n") &&
	     strstr(buf, "# Softirq deferrals to ksoftirqd, CPU 0: 5, max 9 restarts, max 2100.000 us of handling\n"
			 "#   reasons: time_limit 3, restart_limit 2, need_resched 0\n"
			 "#   pending: TIMER 2, NET_RX 5\n") &&
	     strstr(buf, "# Softirq deferrals to ksoftirqd, CPU 2: 2, max 1 restarts, max 50.000 us of handling\n"
			 "#   reasons: time_limit 0, restart_limit 0, need_resched 1, other 1\n"
			 "#   pending: TASKLET 2, other 1\n") &&
	     !strstr(buf, "CPU 1: ") && !strstr(buf, "not in this trace");
	tap_ok(ok, "text: a section per CPU with deferrals");
	if (!ok)
		tap_diag("%s", buf);
	free(buf);
}

/* 5. The event in the trace, no deferral. */
static void case_none(void)
{
	struct run r;
	char *buf;
	size_t len;
	int ok;

	fill(&r, true, false);
	buf = text(&r);
	ok = !!strstr(buf, "# Softirq deferrals to ksoftirqd (irq:softirq_defer): none\n");
	free(buf);
	buf = json(&r, &len);
	ok = ok && strstr(buf, "\"softirq_defer\": {") && strstr(buf, "\"per_cpu\": []");
	tap_ok(ok, "event recorded, no deferral: 'none' and a zero object");
	free(buf);
	run_destroy(&r);
}

/* 6. Not in the trace: one line, no JSON member. */
static void case_absent(void)
{
	struct json_node *d;
	char err[256], *buf;
	struct run r;
	size_t len;
	int ok;

	fill(&r, false, false);
	buf = text(&r);
	ok = strstr(buf, "# irq:softirq_defer not in this trace\n") &&
	     !strstr(buf, "Softirq deferrals");
	free(buf);
	buf = json(&r, &len);
	d = json_parse(buf, len, err, sizeof(err));
	ok = ok && d && first_run(d) && !json_get(first_run(d), "softirq_defer") &&
	     !strstr(buf, "softirq_defer") && num(d, "version") == EXPORT_VERSION;
	tap_ok(ok, "event absent: the text says so, the JSON is unchanged");
	json_free(d);
	free(buf);
	run_destroy(&r);
}

/*
 * 7. Attribution as trace.c does it, on CPU 1: a task runs, a
 * deferral at 12 ms, ksoftirqd runs 13..17 ms with a NET_RX softirq
 * 14..16 ms in it, then the task again. A sample 10..20 ms names the
 * deferral with the ksoftirqd run's 4 ms. Fills r for cases 8 to 12.
 */
static void case_window(struct run *r)
{
	uint32_t c;
	int ok;

	fill(r, true, false);
	deferral(r, 1, 12 * MS, 1, NET_RX, 10, 1 * MS);
	ok = !defer_switch(&dc[1], false, true);	/* 13 ms: ksoftirqd in */
	attr_add_task(&r->attr, 1, 0, 13 * MS, 13 * MS, 500, netperf);
	c = defer_softirq_cause(&dc[1], true);
	ok = ok && c && !strcmp(attr_cause_label(&r->attr, c - 1), rx);
	attr_add_interval(&r->attr, 1, 14 * MS, 16 * MS, 16 * MS, c - 1);
	c = defer_switch(&dc[1], true, false);		/* 17 ms: out */
	ok = ok && c && !strcmp(attr_cause_label(&r->attr, c - 1), rx);
	attr_add_interval(&r->attr, 1, 13 * MS, 17 * MS, 17 * MS, c - 1);
	attr_add_task(&r->attr, 1, 17 * MS, 30 * MS, 30 * MS, 500, netperf);
	attr_add_sample(&r->attr, 1, 1, 10 * MS, 0, 10 * MS, 20 * MS);
	attr_finish(&r->attr);
	ok = ok && total(r, 1, rx) == 4 * MS && samples(r, 1, rx) == 1 &&
	     total(r, 1, "task netperf") == 6 * MS &&
	     total(r, 1, "softirq NET_RX (ksoftirqd)") == UINT64_MAX;
	tap_ok(ok, "deferral in the window: named, with its ksoftirqd run's 4 ms");
}

/* 8. The ksoftirqd run after that one is not deferred work. */
static void case_next_run(void)
{
	int ok;

	ok = !defer_switch(&dc[1], false, true) && !defer_softirq_cause(&dc[1], true) &&
	     !defer_switch(&dc[1], true, false);
	tap_ok(ok, "only the first ksoftirqd run after a deferral is its work");
}

/* 9. A deferral while ksoftirqd runs marks no later run. */
static void case_in_ksoftirqd(struct run *r)
{
	struct defer_event ev = { .pending = NET_RX, .reason = 0 };
	uint32_t c = dc[1].waiting;
	int ok;

	defer_add(r, &dc[1], 1, 40 * MS, &ev, true);
	ok = c == 0 && dc[1].waiting == 0 && !defer_switch(&dc[1], false, true) &&
	     r->defer[1]->count == 2;
	tap_ok(ok, "deferral from within ksoftirqd: counted, no run marked");
}

/* 10. A deferral before the window: no mention, its run's share. */
static void case_before_window(struct run *r)
{
	int ok;

	memset(dc, 0, sizeof(dc));
	deferral(r, 3, 100 * MS, 0, TIMER, 1, 2 * MS);
	ksoftirqd_run(r, 3, 101 * MS, 109 * MS);
	attr_add_sample(&r->attr, 3, 1, 105 * MS, 0, 5 * MS, 110 * MS);
	attr_finish(&r->attr);
	ok = total(r, 3, "softirq deferred to ksoftirqd (time_limit, TIMER)") == 4 * MS &&
	     total(r, 3, "unexplained") == 1 * MS;
	tap_ok(ok, "deferral before the window: its ksoftirqd run takes 4 ms");
}

/* 11. A deferral in the window, ksoftirqd after it: named, 0 share. */
static void case_run_after(struct run *r)
{
	int ok;

	memset(dc, 0, sizeof(dc));
	deferral(r, 2, 203 * MS, 2, TASKLET, 0, 10 * US);
	attr_add_sample(&r->attr, 2, 1, 200 * MS, 0, 5 * MS, 205 * MS);
	ksoftirqd_run(r, 2, 206 * MS, 208 * MS);
	attr_finish(&r->attr);
	ok = samples(r, 2, tasklet) == 1 && total(r, 2, tasklet) == 0 &&
	     total(r, 2, "unexplained") == 5 * MS;
	tap_ok(ok, "deferral in the window, its run after: named with no share");
}

/* Whether the JSON report d lists cause label on CPU 2 with a 0 share. */
static int json_zero_share(const struct json_node *d, const char *label)
{
	const struct json_node *pcs = json_get(json_get(first_run(d), "causes"), "per_cpu");
	const struct json_node *pcpu, *k;
	int i, j, found = 0;

	for (i = 0; (pcpu = item(pcs, i)); i++) {
		if (num(pcpu, "cpu") != 2)
			continue;
		for (j = 0; (k = item(json_get(pcpu, "causes"), j)); j++)
			found |= !strcmp(json_get_str(k, "cause"), label) &&
				 num(k, "samples") == 1 &&
				 num(k, "top") == 0 &&
				 num(k, "total_us") == 0 &&
				 num(k, "share") == 0;
	}
	return found;
}

/* 12. The text and JSON list case 11's deferral with a 0 share. */
static void case_zero_share(struct run *r)
{
	struct json_node *d;
	char err[256], *buf;
	size_t len;
	int ok;

	buf = text(r);
	ok = strstr(buf, "   0.0%        1        0        0.000        0.000  softirq deferred to ksoftirqd (need_resched, TASKLET)\n") != NULL;
	free(buf);
	buf = json(r, &len);
	d = json_parse(buf, len, err, sizeof(err));
	ok = ok && strstr(buf, "\"cause\": \"softirq deferred to ksoftirqd (need_resched, TASKLET)\"") && d;
	if (ok)
		ok = json_zero_share(d, tasklet);
	json_free(d);
	tap_ok(ok, "causes: the deferral listed with 0.0%% in text and JSON");
	if (!ok)
		tap_diag("%s", buf);
	free(buf);
}

int main(void)
{
	struct run r;

	tap_plan(13);
	case_labels();
	case_counts(&r);
	case_json(&r);
	case_text(&r);
	run_destroy(&r);
	case_none();
	case_absent();
	case_window(&r);
	case_next_run();
	case_in_ksoftirqd(&r);
	case_before_window(&r);
	case_run_after(&r);
	case_zero_share(&r);
	run_destroy(&r);
	return tap_finish();
}
