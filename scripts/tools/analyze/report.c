// SPDX-License-Identifier: GPL-2.0
/*
 * The text report: one block per run, times in microseconds.
 */
#include "report.h"

static void report_row(FILE *f, const char *kind, const char *cpu,
		       const struct plab_hist *h)
{
	struct plab_hist_summary s;

	plab_hist_summary(h, &s);
	fprintf(f, "%-6s %4s %9llu %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f\n",
		kind, cpu, (unsigned long long)s.count, s.min_ns / 1e3,
		s.mean_ns / 1e3, s.p50_ns / 1e3, s.p90_ns / 1e3,
		s.p99_ns / 1e3, s.p999_ns / 1e3, s.max_ns / 1e3);
}

static void report_stats(FILE *f, const struct run *r)
{
	char cpu[16];
	int i;

	fprintf(f, "%-6s %4s %9s %10s %10s %10s %10s %10s %10s %10s\n",
		"# lat", "cpu", "count", "min", "mean", "p50", "p90", "p99",
		"p99.9", "max");
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i] || !r->cpu[i]->thread.count)
			continue;
		snprintf(cpu, sizeof(cpu), "%d", i);
		report_row(f, "irq", cpu, &r->cpu[i]->irq);
		report_row(f, "thread", cpu, &r->cpu[i]->thread);
	}
	report_row(f, "irq", "all", &r->all_irq);
	report_row(f, "thread", "all", &r->all_thread);
}

static void report_missed(FILE *f, const struct run *r)
{
	uint64_t rb = 0, rbu = 0, gaps = 0, lost = 0, resets = 0, skipped = 0;
	uint64_t mismatch = 0;
	int i;

	for (i = 0; i < RUN_MAX_CPUS; i++) {
		const struct run_cpu *c = r->cpu[i];

		if (!c)
			continue;
		rb += c->rb_missed;
		rbu += c->rb_missed_unknown;
		gaps += c->seq_gaps;
		lost += c->seq_lost;
		resets += c->seq_resets;
		skipped += c->probe_missed;
		mismatch += c->cpu_mismatch;
	}
	fprintf(f, "# Missed: ring buffer %llu events lost (+%llu drops of unknown size), probe sequence %llu gaps (%llu samples lost), %llu resets, probe skipped %llu periods\n",
		(unsigned long long)rb, (unsigned long long)rbu,
		(unsigned long long)gaps, (unsigned long long)lost,
		(unsigned long long)resets, (unsigned long long)skipped);
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		const struct run_cpu *c = r->cpu[i];

		if (!c || !(c->rb_missed || c->rb_missed_unknown || c->seq_gaps ||
			    c->probe_missed))
			continue;
		fprintf(f, "#   CPU %d: ring buffer %llu (+%llu unknown), seq gaps %llu (%llu lost), skipped periods %llu\n",
			i, (unsigned long long)c->rb_missed,
			(unsigned long long)c->rb_missed_unknown,
			(unsigned long long)c->seq_gaps,
			(unsigned long long)c->seq_lost,
			(unsigned long long)c->probe_missed);
	}
	if (r->malformed || mismatch || r->attr.dropped_intervals ||
	    r->attr.early_samples || r->attr.overlap_capped || r->read_error)
		fprintf(f, "# Tainted: %s%llu malformed events, %llu samples recorded on another CPU, %llu intervals dropped, %llu samples attributed early, %llu with too many overlaps\n",
			r->read_error ? "read error (truncated?), " : "",
			(unsigned long long)r->malformed,
			(unsigned long long)mismatch,
			(unsigned long long)r->attr.dropped_intervals,
			(unsigned long long)r->attr.early_samples,
			(unsigned long long)r->attr.overlap_capped);
}

static void report_causes(FILE *f, const struct run *r, int cpu,
			  unsigned int top)
{
	static struct attr_ranking rk;
	const struct attr *a = &r->attr;
	uint64_t lat;
	char where[16];
	int i;

	attr_ranking(a, cpu, &rk);
	lat = rk.latency_ns;
	if (cpu < 0)
		snprintf(where, sizeof(where), "all CPUs");
	else
		snprintf(where, sizeof(where), "CPU %d", cpu);
	fprintf(f, "# Causes, %s: %llu samples over %.0f us, %.3f us of latency\n",
		where, (unsigned long long)rk.samples, a->threshold_ns / 1e3,
		lat / 1e3);
	if (!rk.cs || !rk.nr)
		return;
	fprintf(f, "%4s %6s %8s %8s %12s %12s  %s\n", "rank", "share",
		"samples", "top", "total", "max", "cause");
	for (i = 0; i < rk.nr && (unsigned int)i < top; i++) {
		const struct attr_cause_stat *s = &rk.cs[rk.ids[i]];

		fprintf(f, "%4d %5.1f%% %8llu %8llu %12.3f %12.3f  %s\n", i + 1,
			lat ? 100.0 * s->total_ns / lat : 0.0,
			(unsigned long long)s->samples,
			(unsigned long long)s->top, s->total_ns / 1e3,
			s->max_ns / 1e3, attr_cause_label(a, rk.ids[i]));
	}
	if ((unsigned int)rk.nr > top)
		fprintf(f, "     (%d more)\n", rk.nr - (int)top);
}

static void report_defer_cpu(FILE *f, const struct defer_stats *s, int cpu)
{
	const char *sep = "";
	int i;

	if (cpu < 0)
		fprintf(f, "# Softirq deferrals to ksoftirqd, all CPUs: %llu",
			(unsigned long long)s->count);
	else
		fprintf(f, "# Softirq deferrals to ksoftirqd, CPU %d: %llu", cpu,
			(unsigned long long)s->count);
	fprintf(f, ", max %llu restarts, max %.3f us of handling\n",
		(unsigned long long)s->max_restarts, s->max_elapsed_ns / 1e3);
	fprintf(f, "#   reasons: time_limit %llu, restart_limit %llu, need_resched %llu",
		(unsigned long long)s->reason[DEFER_TIME_LIMIT],
		(unsigned long long)s->reason[DEFER_RESTART_LIMIT],
		(unsigned long long)s->reason[DEFER_NEED_RESCHED]);
	if (s->reason[DEFER_OTHER])
		fprintf(f, ", other %llu",
			(unsigned long long)s->reason[DEFER_OTHER]);
	fprintf(f, "\n#   pending:");
	for (i = 0; i <= DEFER_NR_VEC; i++) {
		if (!s->pending[i])
			continue;
		fprintf(f, "%s %s %llu", sep,
			i < DEFER_NR_VEC ? defer_vec_name(i) : "other",
			(unsigned long long)s->pending[i]);
		sep = ",";
	}
	fprintf(f, "%s\n", *sep ? "" : " none");
}

/* Only a line when the trace does not hold irq:softirq_defer. */
static void report_defer(FILE *f, const struct run *r)
{
	int i, nr = 0;

	if (!r->have_defer) {
		fprintf(f, "# irq:softirq_defer not in this trace\n");
		return;
	}
	if (!r->defer_all.count) {
		fprintf(f, "# Softirq deferrals to ksoftirqd (irq:softirq_defer): none\n");
		return;
	}
	for (i = 0; i < RUN_MAX_CPUS; i++)
		nr += r->defer[i] && r->defer[i]->count;
	if (nr > 1)
		report_defer_cpu(f, &r->defer_all, -1);
	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->defer[i] && r->defer[i]->count)
			report_defer_cpu(f, r->defer[i], i);
}

static void report_hist(FILE *f, const struct run *r)
{
	uint64_t b, max = 0;
	int i;

	fprintf(f, "# Histogram: time unit is microseconds (us), 1 us buckets, \"over:\" counts samples >= %llu us\n",
		(unsigned long long)r->hist_entries);
	fprintf(f, "# Index");
	for (i = 0; i < RUN_MAX_CPUS; i++) {
		if (!r->cpu[i] || !r->cpu[i]->thread.count)
			continue;
		fprintf(f, "   IRQ-%03d   Thr-%03d", i, i);
		if (r->cpu[i]->irq.max_ns > max)
			max = r->cpu[i]->irq.max_ns;
		if (r->cpu[i]->thread.max_ns > max)
			max = r->cpu[i]->thread.max_ns;
	}
	fputc('\n', f);
	for (b = 0; b < r->hist_entries && b <= max / 1000; b++) {
		bool any = false;

		for (i = 0; i < RUN_MAX_CPUS && !any; i++)
			any = r->cpu[i] && (r->cpu[i]->irq.bucket[b] ||
					    r->cpu[i]->thread.bucket[b]);
		if (!any)
			continue;
		fprintf(f, "%7llu", (unsigned long long)b);
		for (i = 0; i < RUN_MAX_CPUS; i++)
			if (r->cpu[i] && r->cpu[i]->thread.count)
				fprintf(f, " %9llu %9llu",
					(unsigned long long)r->cpu[i]->irq.bucket[b],
					(unsigned long long)r->cpu[i]->thread.bucket[b]);
		fputc('\n', f);
	}
	fprintf(f, "%7s", "over:");
	for (i = 0; i < RUN_MAX_CPUS; i++)
		if (r->cpu[i] && r->cpu[i]->thread.count)
			fprintf(f, " %9llu %9llu",
				(unsigned long long)r->cpu[i]->irq.bucket[r->hist_entries],
				(unsigned long long)r->cpu[i]->thread.bucket[r->hist_entries]);
	fputc('\n', f);
}

void report_text(FILE *f, const struct run *r, const struct plab_params *p)
{
	int i;

	fprintf(f, "# plab-analyze: %s\n", r->file);
	if (r->error[0])
		fprintf(f, "# PARTIAL RESULTS, the file was not read to its end: %s\n",
			r->error);
	fprintf(f, "# model %s, kernel %s, %llu events over %.3f s, %llu probe samples\n",
		r->model, r->kernel, (unsigned long long)r->events,
		r->events > 1 ? (r->last_ts - r->first_ts) / 1e9 : 0.0,
		(unsigned long long)r->samples);
	fprintf(f, "# sources: probe %s, intervals %s, irq %s, softirq %s, sched %s\n",
		r->have_probe ? "yes" : "no", r->have_intervals ? "yes" : "no",
		r->have_irq ? "yes" : "no", r->have_softirq ? "yes" : "no",
		r->have_sched ? "yes" : "no");
	if (r->clock_offset_known)
		fprintf(f, "# record clock - local_clock(): %lld ns (from the probe events)\n",
			(long long)r->clock_offset_ns);
	if (!r->samples) {
		fprintf(f, "# no preemptlab:plab_latency samples in this trace%s\n",
			r->have_probe ? "" : " (the event is not in its formats: was -e preemptlab recorded?)");
	} else {
		fprintf(f, "# Time unit is microseconds (us)\n");
		report_stats(f, r);
	}
	report_missed(f, r);
	if (r->samples) {
		report_causes(f, r, -1, p->top);
		for (i = 0; i < ATTR_MAX_CPUS; i++)
			if (r->attr.cpu[i] && r->attr.cpu[i]->nr_over)
				report_causes(f, r, i, p->top);
	}
	report_defer(f, r);
	if (p->print_hist && r->samples)
		report_hist(f, r);
}
