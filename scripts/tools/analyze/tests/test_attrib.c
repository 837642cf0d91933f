// SPDX-License-Identifier: GPL-2.0
/*
 * Attribution on synthetic interval streams with known causes: full,
 * nested and overlapping intervals, CPU mismatch, late events within and
 * beyond the lag, inferred causes, instants and bounded memory.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "attr_test.h"
#include "tap.h"

static struct attr a;

static void fresh(uint64_t lag_ns)
{
	if (a.labels)
		attr_destroy(&a);
	attr_init(&a, 1 * MS, lag_ns);
}

/* ns explained by label on cpu (-1: all), 0 when absent. */
static uint64_t share(int cpu, const char *label)
{
	const struct attr_cause_stat *s = attr_test_stat(&a, cpu, label);

	return s ? s->total_ns : 0;
}

/*
 * A pseudo-random stream (seed): irqs, late-reported long sections,
 * tasks (some idle), instants and samples on 2 CPUs, over 3 rings' worth
 * of intervals, through a fresh engine with or without the block skips.
 * Some sections are reported past the 2 ms slack (late: kept apart from
 * the records), and now and then a burst of more late intervals than
 * the engine keeps (ATTR_LATE_SLOTS), or one stamped ahead of its report.
 * Fills stat with every cause's stats of both CPUs and all, and counts.
 */
#define RAND_CAUSES	8

static uint32_t rnd_state;

/* 0..m-1, a linear congruential generator: the same stream every run. */
static uint64_t rnd(uint32_t m)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % m;
}

static void random_stream(uint32_t seed, bool scan_all, uint64_t *stat, size_t n)
{
	uint64_t t = 10 * MS, late[2] = { 0, 0 }, late_start[2] = { 0, 0 };
	uint32_t cause[RAND_CAUSES], k;
	size_t i = 0;
	int c, j;

	rnd_state = seed;
	fresh(20 * MS);
	a.scan_all = scan_all;
	for (j = 0; j < RAND_CAUSES; j++) {
		char l[16];

		snprintf(l, sizeof(l), "cause %d", j);
		cause[j] = attr_cause_id(&a, l);
	}
	for (k = 0; k < 3 * ATTR_RING_INTERVALS; k++) {
		c = rnd(2);
		t += rnd(40) * US;
		switch (rnd(8)) {
		case 0:		/* a long section, reported up to 5 ms late */
			if (!late[c]) {
				late_start[c] = t > 30 * MS ? t - rnd(30) * MS : t;
				late[c] = t + rnd(5) * MS;
			}
			break;
		case 1:
			attr_add_task(&a, c, t - rnd(900) * US, t, t, rnd(3), "t");
			break;
		case 2:
			attr_add_instant(&a, c, t - rnd(200) * US, t, cause[rnd(RAND_CAUSES)]);
			break;
		case 3:
			attr_add_sample(&a, c, k, t - rnd(3000) * US, 0, rnd(3000) * US, t);
			if (!rnd(100))	/* stamped ahead of its report: a skewed clock */
				attr_add_interval(&a, c, t + 10 * MS, t + 11 * MS, t,
						  cause[rnd(RAND_CAUSES)]);
			if (rnd(500))
				break;
			for (j = 0; j < ATTR_LATE_SLOTS + 8; j++)
				attr_add_interval(&a, c, t - (9 + rnd(9)) * MS, t - 9 * MS, t,
						  cause[rnd(RAND_CAUSES)]);
			break;
		default:	/* irqs, some nested, equal starts and ends */
			attr_add_interval(&a, c, t - rnd(4) * 50 * US, t - rnd(2) * 10 * US, t,
					  cause[rnd(RAND_CAUSES)]);
			break;
		}
		for (j = 0; j < 2; j++) {
			if (late[j] && late[j] <= t) {
				attr_add_interval(&a, j, late_start[j], late[j] - rnd(4) * MS, t,
						  cause[rnd(2)]);
				late[j] = 0;
			}
		}
	}
	attr_finish(&a);
	for (c = -1; c < 2; c++) {
		const struct attr_cause_stat *s = attr_stats(&a, c);

		for (j = 0; s && j < (int)a.nr_causes && i + 4 <= n; j++) {
			stat[i++] = s[j].samples;
			stat[i++] = s[j].top;
			stat[i++] = s[j].total_ns;
			stat[i++] = s[j].max_ns;
		}
	}
	if (i + 4 <= n) {
		stat[i++] = a.nr_over;
		stat[i++] = a.overlap_capped;
		stat[i++] = a.dropped_intervals;
		stat[i++] = a.bad_intervals;
	}
}

static const char *top(int cpu)
{
	uint32_t ids[ATTR_MAX_CAUSES];

	return attr_rank(&a, cpu, ids, ATTR_MAX_CAUSES) ?
	       attr_cause_label(&a, ids[0]) : "";
}

/* The hint of kworker/1:2 (321) with preemption disabled, sequence seq. */
static void kworker_hint(struct attr_hint *h, uint64_t seq)
{
	memset(h, 0, sizeof(*h));
	h->seq = seq;
	h->pid = 321;
	h->preempt = 1;
	strcpy(h->comm, "kworker/1:2");
}

/* 1. One section covers the whole window. */
static void case_full(void)
{
	uint32_t nps;

	fresh(1000 * MS);
	nps = attr_cause_id(&a, "nps preempt");
	attr_add_interval(&a, 1, 100 * MS, 150 * MS, 150 * MS, nps);
	attr_add_sample(&a, 1, 1, 100 * MS + 500 * US, 20 * US, 49 * MS + 500 * US, 150 * MS);
	attr_finish(&a);
	tap_ok(share(1, "nps preempt") == 49 * MS + 500 * US &&
	       share(1, "unexplained") == 0 && !strcmp(top(1), "nps preempt"),
	       "section covering the window explains all of it");
}

/* 2. Nested: an irq inside the section owns its part (innermost). */
static void case_nested(void)
{
	uint32_t nps, irq;

	fresh(1000 * MS);
	nps = attr_cause_id(&a, "nps preempt");
	irq = attr_cause_id(&a, "irq 10 eth0");
	attr_add_interval(&a, 0, 12 * MS, 13 * MS, 13 * MS, irq);
	attr_add_interval(&a, 0, 10 * MS, 20 * MS, 20 * MS, nps);
	attr_add_sample(&a, 0, 7, 11 * MS, 0, 9 * MS, 20 * MS);
	attr_finish(&a);
	tap_ok(share(0, "irq 10 eth0") == 1 * MS && share(0, "nps preempt") == 8 * MS,
	       "nested irq inside a section: irq 1 ms, section 8 ms");
}

/* 3. Partial overlap: the later start wins the overlap. */
static void case_overlap(void)
{
	fresh(1000 * MS);
	attr_add_interval(&a, 0, 0, 20 * MS, 20 * MS, attr_cause_id(&a, "A"));
	attr_add_interval(&a, 0, 10 * MS, 30 * MS, 30 * MS, attr_cause_id(&a, "B"));
	attr_add_sample(&a, 0, 1, 0, 0, 40 * MS, 40 * MS);
	attr_finish(&a);
	tap_ok(share(0, "A") == 10 * MS && share(0, "B") == 20 * MS &&
	       share(0, "unexplained") == 10 * MS,
	       "overlapping intervals: A 10 ms, B 20 ms, unexplained 10 ms");
}

/* 4. Identical starts: the shorter (inner) one wins. */
static void case_same_start(void)
{
	fresh(1000 * MS);
	attr_add_interval(&a, 0, 0, 10 * MS, 10 * MS, attr_cause_id(&a, "outer"));
	attr_add_interval(&a, 0, 0, 4 * MS, 4 * MS, attr_cause_id(&a, "inner"));
	attr_add_sample(&a, 0, 1, 0, 0, 10 * MS, 10 * MS);
	attr_finish(&a);
	tap_ok(share(0, "inner") == 4 * MS && share(0, "outer") == 6 * MS,
	       "same start: the shorter interval is the inner one");
}

/* 5. CPU mismatch: a section on CPU 0 explains nothing on CPU 1. */
static void case_other_cpu(void)
{
	fresh(1000 * MS);
	attr_add_interval(&a, 0, 0, 50 * MS, 50 * MS, attr_cause_id(&a, "nps preempt"));
	attr_add_sample(&a, 1, 1, 1 * MS, 0, 40 * MS, 41 * MS);
	attr_finish(&a);
	tap_ok(share(1, "nps preempt") == 0 && share(1, "unexplained") == 40 * MS &&
	       share(0, "nps preempt") == 0,
	       "interval on another CPU is not a cause");
}

/* 6. The section event comes after the sample, within the lag. */
static void case_lag(void)
{
	int ok;

	fresh(100 * MS);
	attr_add_sample(&a, 2, 1, 5 * MS, 0, 10 * MS, 15 * MS);
	attr_add_interval(&a, 2, 0, 15 * MS, 16 * MS, attr_cause_id(&a, "late"));
	attr_advance(&a, 200 * MS);
	ok = share(2, "late") == 10 * MS;
	/* and beyond the lag: the sample is already attributed */
	attr_add_sample(&a, 2, 2, 300 * MS, 0, 10 * MS, 310 * MS);
	attr_advance(&a, 500 * MS);
	attr_add_interval(&a, 2, 295 * MS, 310 * MS, 500 * MS, attr_cause_id(&a, "too late"));
	attr_finish(&a);
	tap_ok(ok && share(2, "too late") == 0 && share(2, "unexplained") == 10 * MS,
	       "late interval counts within --lag, not after");
}

/* 7. Samples at or under the threshold are not attributed. */
static void case_threshold(void)
{
	fresh(0);
	attr_add_sample(&a, 0, 1, 0, 0, 1 * MS, 1 * MS);
	attr_finish(&a);
	tap_ok(a.nr_over == 0, "sample at the threshold is not attributed");
}

/* 8. No interval, a hint: an inferred cause. */
static void case_inferred(void)
{
	struct attr_hint h;

	fresh(10 * MS);
	kworker_hint(&h, 4);
	attr_add_sample(&a, 1, 4, 0, 0, 5 * MS, 5 * MS);
	attr_add_hint(&a, 1, &h);
	attr_finish(&a);
	tap_ok(!strcmp(top(1), "kworker/1:2 (321): preemption disabled [inferred]"),
	       "no interval: cause inferred from plab_latency_cause (%s)", top(1));
}

/* 9. A task interval refined by the hint of the same pid. */
static void case_task_hint(void)
{
	struct attr_hint h;

	fresh(10 * MS);
	attr_add_task(&a, 1, 0, 8 * MS, 8 * MS, 321, "kworker/1:2");
	kworker_hint(&h, 5);
	attr_add_hint(&a, 1, &h);	/* before its sample */
	attr_add_sample(&a, 1, 5, 1 * MS, 0, 7 * MS, 8 * MS);
	attr_finish(&a);
	tap_ok(share(1, "task kworker/1:2 (preemption disabled)") == 7 * MS,
	       "task interval named with the hint's context");
}

/* 10. Ranking over CPUs, and shares add up. */
static void case_ranking(void)
{
	uint32_t nps;
	int i, ok;

	fresh(10 * MS);
	nps = attr_cause_id(&a, "nps irq");
	for (i = 0; i < 10; i++) {
		uint64_t t = (uint64_t)i * 100 * MS;

		attr_add_interval(&a, i % 2, t, t + 20 * MS, t + 20 * MS, nps);
		attr_add_interval(&a, i % 2, t + 30 * MS, t + 32 * MS, t + 32 * MS,
				  attr_cause_id(&a, "softirq NET_RX"));
		attr_add_sample(&a, i % 2, i, t + 1 * MS, 0, 33 * MS, t + 34 * MS);
	}
	attr_finish(&a);
	ok = !strcmp(top(-1), "nps irq") && share(-1, "nps irq") == 10 * 19 * MS &&
	     share(-1, "softirq NET_RX") == 10 * 2 * MS &&
	     share(-1, "unexplained") == 10 * 12 * MS && a.nr_over == 10 &&
	     a.over_ns == 10 * 33 * MS;
	tap_ok(ok, "ranked causes over CPUs: shares sum to the latency");
}

/* 11. Memory is bounded: a long stream overwrites the ring. */
static void case_ring_bounded(void)
{
	int i;

	fresh(1 * MS);
	for (i = 0; i < 3 * ATTR_RING_INTERVALS; i++)
		attr_add_interval(&a, 3, (uint64_t)i * 10 * US, (uint64_t)i * 10 * US + 5 * US,
				  (uint64_t)i * 10 * US + 5 * US, attr_cause_id(&a, "irq 1 timer"));
	for (i = 0; i < 2 * ATTR_RING_SAMPLES; i++)
		attr_add_sample(&a, 3, i, (uint64_t)i * 10 * US, 0, 2 * MS, 0);
	tap_ok(a.cpu[3]->iv_count == ATTR_RING_INTERVALS &&
	       a.cpu[3]->ps_count <= ATTR_RING_SAMPLES && a.early_samples > 0,
	       "rings stay bounded; early attribution counted (%llu)",
	       (unsigned long long)a.early_samples);
	attr_finish(&a);
}

/* 12. The cause table is bounded too. */
static void case_causes_bounded(void)
{
	uint32_t id = 0;
	int i;

	fresh(1 * MS);
	for (i = 0; i < ATTR_MAX_CAUSES + 10; i++) {
		char l[32];

		snprintf(l, sizeof(l), "cause %d", i);
		id = attr_cause_id(&a, l);
	}
	tap_ok(id == ATTR_CAUSE_OTHER && a.nr_causes == ATTR_MAX_CAUSES,
	       "cause table full: further causes are 'other'");
}

/*
 * 13. Blocks of intervals that cannot overlap a window are skipped
 * whole, also across the ring's wrap, without losing the ones that
 * do: a long section and an irq under thousands of later intervals.
 */
static void case_block_skip(void)
{
	uint32_t nps, irq;
	int i, ok = 1;

	for (i = 0; i < 2; i++) {
		uint64_t t0 = 1000 * MS;
		int k, pre = i ? ATTR_RING_INTERVALS - 37 : 0;

		fresh(1000 * MS);
		irq = attr_cause_id(&a, "irq 9 acpi");
		for (k = 0; k < pre; k++)	/* old, ended long before */
			attr_add_interval(&a, 0, (uint64_t)k * US, (uint64_t)k * US + 500,
					  (uint64_t)k * US + 500, irq);
		nps = attr_cause_id(&a, "nps preempt");
		attr_add_interval(&a, 0, t0 + 155 * MS, t0 + 156 * MS, t0 + 156 * MS, irq);
		attr_add_interval(&a, 0, t0 + 100 * MS, t0 + 200 * MS, t0 + 200 * MS, nps);
		attr_add_sample(&a, 0, 1, t0 + 150 * MS, 0, 10 * MS, t0 + 200 * MS);
		for (k = 0; k < 5000; k++)	/* later, while it waits */
			attr_add_interval(&a, 0, t0 + 210 * MS + (uint64_t)k * 100 * US,
					  t0 + 210 * MS + (uint64_t)k * 100 * US + 50 * US,
					  t0 + 210 * MS + (uint64_t)k * 100 * US + 50 * US, irq);
		attr_finish(&a);
		ok = ok && share(0, "nps preempt") == 9 * MS &&
		     share(0, "irq 9 acpi") == 1 * MS && share(0, "unexplained") == 0;
	}
	tap_ok(ok, "skipping non-overlapping blocks keeps the overlapping intervals");
}

/*
 * 14. An instant inside the window is named with no share; one
 * outside is not; two of the same cause count once; it is ranked
 * after the causes with time.
 */
static void case_instant(void)
{
	const struct attr_cause_stat *cs;
	uint32_t ids[ATTR_MAX_CAUSES], defer, irq;
	int nr, ok;

	fresh(1000 * MS);
	defer = attr_cause_id(&a, "defer A");
	irq = attr_cause_id(&a, "irq 10 eth0");
	attr_add_interval(&a, 0, 12 * MS, 14 * MS, 14 * MS, irq);
	attr_add_instant(&a, 0, 13 * MS, 13 * MS, defer);
	attr_add_instant(&a, 0, 15 * MS, 15 * MS, defer);
	attr_add_instant(&a, 0, 30 * MS, 30 * MS, attr_cause_id(&a, "defer B"));
	attr_add_sample(&a, 0, 1, 10 * MS, 0, 10 * MS, 20 * MS);
	attr_finish(&a);
	cs = attr_stats(&a, 0);
	nr = attr_rank(&a, 0, ids, ATTR_MAX_CAUSES);
	ok = cs && cs[defer].samples == 1 && cs[defer].total_ns == 0 &&
	     cs[defer].top == 0 && cs[defer].max_ns == 0 &&
	     share(0, "irq 10 eth0") == 2 * MS &&
	     share(0, "unexplained") == 8 * MS && nr == 3 &&
	     ids[2] == defer && a.all[attr_cause_id(&a, "defer B")].samples == 0;
	tap_ok(ok, "instant in the window named with no share, ranked last");
}

/* 15. An instant alone does not stop the inferred cause. */
static void case_instant_inferred(void)
{
	struct attr_hint h;

	fresh(10 * MS);
	memset(&h, 0, sizeof(h));
	h.seq = 9;
	h.pid = 77;
	h.irqs_off = 1;
	strcpy(h.comm, "netperf");
	attr_add_instant(&a, 1, 2 * MS, 2 * MS, attr_cause_id(&a, "defer A"));
	attr_add_sample(&a, 1, 9, 1 * MS, 0, 5 * MS, 6 * MS);
	attr_add_hint(&a, 1, &h);
	attr_finish(&a);
	tap_ok(!strcmp(top(1), "netperf (77): irqs disabled [inferred]") &&
	       a.cpu[1]->cs[attr_cause_id(&a, "defer A")].samples == 1,
	       "instant and inferred cause together (%s)", top(1));
}

/*
 * 16. The block skips give what the slot by slot scan gives, on
 * random streams that wrap the ring.
 */
static void case_walk_random(void)
{
	int i, ok = 1;

	for (i = 1; i <= 4; i++) {
		static uint64_t got[4 * 3 * 16 + 4], want[4 * 3 * 16 + 4];

		memset(got, 0, sizeof(got));
		memset(want, 0, sizeof(want));
		random_stream(i, false, got, sizeof(got) / sizeof(got[0]));
		random_stream(i, true, want, sizeof(want) / sizeof(want[0]));
		if (memcmp(got, want, sizeof(got)) || !want[0] || !a.nr_over) {
			tap_diag("seed %d: block skips differ from the slot scan", i);
			ok = 0;
		}
	}
	tap_ok(ok, "block skips give the slot by slot scan's result on random streams");
}

/*
 * 17. Intervals stamped ahead of their report (a skewed clock): the
 * scan from the top stops at the newest, added 10 ms before the
 * window, having found nothing; the walk that starts below it (it
 * starts after the window) must stop at once too.
 */
static void case_walk_ahead(void)
{
	uint32_t irq;

	fresh(10 * MS);
	irq = attr_cause_id(&a, "irq 11 ahead");
	attr_add_interval(&a, 0, 20 * MS, 21 * MS, 10 * MS, irq);
	attr_add_interval(&a, 0, 30 * MS, 31 * MS, 10 * MS + 100 * US, irq);
	attr_add_sample(&a, 0, 1, 20 * MS + 500 * US, 0, 1500 * US, 22 * MS);
	attr_finish(&a);
	tap_ok(share(0, "unexplained") == 1500 * US && share(0, "irq 11 ahead") == 0,
	       "no interval found below where the scan from the top stops (%llu ns unexplained)",
	       (unsigned long long)share(0, "unexplained"));
}

int main(void)
{
	tap_plan(17);
	case_full();
	case_nested();
	case_overlap();
	case_same_start();
	case_other_cpu();
	case_lag();
	case_threshold();
	case_inferred();
	case_task_hint();
	case_ranking();
	case_ring_bounded();
	case_causes_bounded();
	case_block_skip();
	case_instant();
	case_instant_inferred();
	case_walk_random();
	case_walk_ahead();
	attr_destroy(&a);
	return tap_finish();
}
