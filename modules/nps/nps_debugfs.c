// SPDX-License-Identifier: GPL-2.0
/*
 * plab_nps: the debugfs files under /sys/kernel/debug/plab_nps/: "stats"
 * (one line per CPU), "reset" and "enabled" (see <plab/debugfs.h>). The
 * format of "stats" is documented in Documentation/nps.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/math64.h>
#include <plab/debugfs.h>
#include "nps.h"

static u64 nps_avg(u64 sum, u64 n)
{
	return n ? div64_u64(sum, n) : 0;
}

static int nps_stats_show(struct seq_file *m, void *v)
{
	struct nps_timing t;
	struct nps_stats s;
	unsigned int cpu;

	nps_timing_get(&t);
	seq_puts(m, "# plab_nps statistics, times in ns; min/avg/max are 0 while sections=0\n");
	seq_printf(m, "# mode=%s duration_us=%u period_us=%u burst=%u jitter_us=%u resched_every_us=%u enabled=%d\n",
		   nps_mode_name(nps_cfg.mode), t.duration_us, t.period_us,
		   t.burst, t.jitter_us, t.resched_every_us,
		   READ_ONCE(nps_cfg.enabled));
	for_each_cpu(cpu, nps_cfg.cpus) {
		struct nps_cpu *nc = per_cpu_ptr(&nps_cpu, cpu);

		spin_lock(&nc->stats_lock);
		s = nc->stats;
		spin_unlock(&nc->stats_lock);
		if (!s.sections) {
			s.req_min = 0;
			s.act_min = 0;
		}
		seq_printf(m, "cpu=%u mode=%s sections=%llu cut=%llu req_min=%llu req_avg=%llu req_max=%llu act_min=%llu act_avg=%llu act_max=%llu over_avg=%llu over_max=%llu under=%llu preempted=%llu away_avg=%llu away_max=%llu waits=%llu wait_max=%llu\n",
			   cpu, nps_mode_name(nps_cfg.mode), s.sections, s.cut,
			   s.req_min, nps_avg(s.req_sum, s.sections), s.req_max,
			   s.act_min, nps_avg(s.act_sum, s.sections), s.act_max,
			   nps_avg(s.over_sum, s.sections), s.over_max,
			   s.under, s.preempted,
			   nps_avg(s.away_sum, s.sections), s.away_max,
			   s.waits, s.wait_max);
	}
	return 0;
}

static void nps_reset(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, nps_cfg.cpus)
		nps_stats_reset(per_cpu_ptr(&nps_cpu, cpu));
}

/* 1 starts a new run (count and the jitter sequence restart), 0 stops. */
static void nps_enabled_set(bool on)
{
	if (on)
		nps_control_start();
	else
		nps_control_stop();
}

PLAB_DEFINE_DEBUGFS(nps, &nps_cfg.enabled, &nps_cfg.dir)
