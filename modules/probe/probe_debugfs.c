// SPDX-License-Identifier: GPL-2.0
/*
 * plab_probe: the debugfs files, /sys/kernel/debug/plab_probe/{stats,reset,
 * enabled} (see <plab/debugfs.h>). "stats" is the latency histogram; its
 * text format is documented in Documentation/probe.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <plab/debugfs.h>
#include "probe.h"

static bool probe_hist_row_empty(unsigned int i)
{
	unsigned int cpu;

	for_each_cpu(cpu, probe_cfg.cpus) {
		struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);

		if (pc->irq_hist.bucket[i] || pc->thread_hist.bucket[i])
			return false;
	}
	return true;
}

static void probe_hist_show_row(struct seq_file *m, const char *name,
				unsigned int i)
{
	unsigned int cpu;

	seq_puts(m, name);
	for_each_cpu(cpu, probe_cfg.cpus) {
		struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);

		seq_printf(m, "\t%llu\t%llu", pc->irq_hist.bucket[i],
			   pc->thread_hist.bucket[i]);
	}
	seq_putc(m, '\n');
}

/* Summary row: @get returns one value per histogram, or -1 for "-". */
static void probe_hist_show_stat(struct seq_file *m, const char *name,
				 s64 (*get)(const struct probe_cpu *pc,
					    const struct plab_hist *h))
{
	unsigned int cpu;

	seq_puts(m, name);
	for_each_cpu(cpu, probe_cfg.cpus) {
		struct probe_cpu *pc = per_cpu_ptr(&probe_cpu, cpu);
		s64 irq = get(pc, &pc->irq_hist);
		s64 thr = get(pc, &pc->thread_hist);

		if (irq < 0)
			seq_puts(m, "\t-\t-");
		else
			seq_printf(m, "\t%lld\t%lld", irq, thr);
	}
	seq_putc(m, '\n');
}

static s64 probe_stat_count(const struct probe_cpu *pc, const struct plab_hist *h)
{
	return h->count;
}

static s64 probe_stat_min(const struct probe_cpu *pc, const struct plab_hist *h)
{
	return h->count ? h->min : -1;
}

static s64 probe_stat_max(const struct probe_cpu *pc, const struct plab_hist *h)
{
	return h->count ? h->max : -1;
}

static s64 probe_stat_sum(const struct probe_cpu *pc, const struct plab_hist *h)
{
	return h->sum;
}

static s64 probe_stat_missed(const struct probe_cpu *pc, const struct plab_hist *h)
{
	return pc->missed;
}

static s64 probe_stat_hits(const struct probe_cpu *pc, const struct plab_hist *h)
{
	return pc->hits;
}

static int probe_stats_show(struct seq_file *m, void *v)
{
	unsigned int nr = plab_param_uint_get(&probe_cfg.hist_max_us);
	unsigned int cpu, i;
	u64 bogus = 0;
	char idx[16];

	seq_puts(m, "# plab_probe latency histogram\n");
	seq_puts(m, "# Time unit is microseconds (us); row i counts samples with i <= latency < i + 1\n");
	seq_printf(m, "# period_us=%u hist_max_us=%u threshold_us=%u; rows with only zeros are omitted\n",
		   plab_param_uint_get(&probe_cfg.period_us), nr,
		   plab_param_uint_get(&probe_cfg.threshold_us));
	seq_puts(m, "# Index");
	for_each_cpu(cpu, probe_cfg.cpus) {
		bogus += per_cpu_ptr(&probe_cpu, cpu)->bogus;
		seq_printf(m, "\tIRQ-%03u\tThr-%03u", cpu, cpu);
	}
	seq_putc(m, '\n');

	for (i = 0; i < nr; i++) {
		if (probe_hist_row_empty(i))
			continue;
		snprintf(idx, sizeof(idx), "%u", i);
		probe_hist_show_row(m, idx, i);
	}
	probe_hist_show_row(m, "over:", nr);
	probe_hist_show_stat(m, "count:", probe_stat_count);
	probe_hist_show_stat(m, "min_ns:", probe_stat_min);
	probe_hist_show_stat(m, "max_ns:", probe_stat_max);
	probe_hist_show_stat(m, "sum_ns:", probe_stat_sum);
	probe_hist_show_stat(m, "missed:", probe_stat_missed);
	probe_hist_show_stat(m, "over_threshold:", probe_stat_hits);
	if (bogus)
		seq_printf(m, "# plab_probe is tainted: %llu negative latencies clamped to 0\n",
			   bogus);
	return 0;
}

static void probe_reset(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, probe_cfg.cpus)
		probe_cpu_reset(per_cpu_ptr(&probe_cpu, cpu));
}

static void probe_enabled_set(bool on)
{
	WRITE_ONCE(probe_cfg.enabled, on);
	/* Threads waiting for enabled=1 re-check their condition. */
	wake_up_all(&probe_cfg.wq);
}

PLAB_DEFINE_DEBUGFS(probe, &probe_cfg.enabled, &probe_cfg.dir)
