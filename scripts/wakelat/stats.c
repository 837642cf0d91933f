// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat's statistics over a snapshot of the maps: the sum of histogram
 * rows, their percentiles, and the order of the tasks by worst latency.
 * The text and the JSON report both read them from here, so they agree.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "wakelat_user.h"

/* Lower edge in us of slot s of a row. */
__u64 slot_lo_us(unsigned int entries, unsigned int s)
{
	return s < entries ? s : (__u64)entries << (s - entries);
}

/*
 * Nearest rank: the lower edge of the bucket holding the rank, clamped to
 * [min, max]; the max when the rank lies in the overflow bucket.
 */
static __u64 hist_percentile(const __u64 *row, unsigned int entries,
			     __u64 count, double q, __u64 min_us, __u64 max_us)
{
	__u64 rank = (__u64)ceil(q * count), seen = 0, v;
	unsigned int s, nr = WAKELAT_ROW(entries);

	if (!count)
		return 0;
	if (!rank)
		rank = 1;
	for (s = 0; s < nr; s++) {
		seen += row[s];
		if (seen >= rank)
			break;
	}
	if (s >= nr - 1)
		return max_us;
	v = slot_lo_us(entries, s);
	return v < min_us ? min_us : v > max_us ? max_us : v;
}

static void summary_fill(struct wakelat_summary *sm, const __u64 *row,
			 unsigned int entries)
{
	__u64 lo = sm->min_ns / 1000, hi = sm->max_ns / 1000;

	sm->p50 = hist_percentile(row, entries, sm->count, 0.50, lo, hi);
	sm->p90 = hist_percentile(row, entries, sm->count, 0.90, lo, hi);
	sm->p99 = hist_percentile(row, entries, sm->count, 0.99, lo, hi);
	sm->p999 = hist_percentile(row, entries, sm->count, 0.999, lo, hi);
}

/* Summary of CPU cpu (-1: all) of d, minus base when given. */
void wakelat_summary_get(const struct wakelat_data *d,
			 const struct wakelat_data *base, int cpu,
			 unsigned int entries, struct wakelat_summary *sm,
			 __u64 *row)
{
	int c, lo = cpu < 0 ? 0 : cpu, hi = cpu < 0 ? d->nr_cpus - 1 : cpu;
	unsigned int s;

	memset(sm, 0, sizeof(*sm));
	memset(row, 0, d->row * sizeof(*row));
	sm->min_ns = ~0ULL;
	for (c = lo; c <= hi; c++) {
		const struct wakelat_cpu *cs = &d->cpu[c];

		for (s = 0; s < d->row; s++)
			row[s] += d->hist[(size_t)c * d->row + s] -
				  (base ? base->hist[(size_t)c * d->row + s] : 0);
		if (base) {
			sm->count += cs->count - base->cpu[c].count;
			sm->sum_ns += cs->sum_ns - base->cpu[c].sum_ns;
			if (d->ival_max_ns[c] > sm->max_ns)
				sm->max_ns = d->ival_max_ns[c];
			sm->min_ns = 0;
		} else {
			sm->count += cs->count;
			sm->sum_ns += cs->sum_ns;
			if (cs->count && cs->min_ns < sm->min_ns)
				sm->min_ns = cs->min_ns;
			if (cs->max_ns > sm->max_ns)
				sm->max_ns = cs->max_ns;
		}
	}
	if (!sm->count)
		sm->min_ns = 0;
	summary_fill(sm, row, entries);
}

int cpu_has_samples(const struct wakelat_data *d, int c)
{
	return d->cpu[c].count != 0;
}

static int cmp_task_max(const void *a, const void *b, void *arg)
{
	const struct wakelat_task *t = arg;
	__u64 x = t[*(const unsigned int *)a].max_ns, y = t[*(const unsigned int *)b].max_ns;

	return x < y ? 1 : x > y ? -1 : 0;
}

unsigned int *tasks_sorted(const struct wakelat_data *d)
{
	unsigned int *order = calloc(d->nr_tasks + 1, sizeof(*order)), i;

	if (!order)
		return NULL;
	for (i = 0; i < d->nr_tasks; i++)
		order[i] = i;
	qsort_r(order, d->nr_tasks, sizeof(*order), cmp_task_max, d->tasks);
	return order;
}
