// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat's statistics over a snapshot of the maps: the sum of histogram
 * rows, their percentiles (libplab's hist.h, as every tool's), and the
 * order of the tasks by worst latency.
 * The text and the JSON report both read them from here, so they agree.
 */
#include <stdlib.h>
#include <string.h>
#include "hist.h"
#include "wakelat_user.h"

/* Lower edge in us of slot s of a row. */
__u64 slot_lo_us(unsigned int entries, unsigned int s)
{
	return s < entries ? s : (__u64)entries << (s - entries);
}

/*
 * The percentiles of a row through libplab's histogram (hist.h), whose
 * layout is the row's: 1 us linear buckets, then the log2 tail whose
 * last slot is the overflow.
 */
static void summary_fill(struct wakelat_summary *sm, uint64_t *row,
			 unsigned int entries)
{
	struct plab_hist h = {
		.bucket = row, .entries = entries, .unit_ns = 1000,
		.log2 = WAKELAT_LOG2_SLOTS - 1, .count = sm->count,
		.min_ns = sm->min_ns, .max_ns = sm->max_ns,
	};

	sm->p50_ns = plab_hist_percentile(&h, PLAB_P50);
	sm->p90_ns = plab_hist_percentile(&h, PLAB_P90);
	sm->p99_ns = plab_hist_percentile(&h, PLAB_P99);
	sm->p999_ns = plab_hist_percentile(&h, PLAB_P999);
}

/* Summary of CPU cpu (-1: all) of d, minus base when given. */
void wakelat_summary_get(const struct wakelat_data *d,
			 const struct wakelat_data *base, int cpu,
			 unsigned int entries, struct wakelat_summary *sm,
			 uint64_t *row)
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
