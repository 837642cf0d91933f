// SPDX-License-Identifier: GPL-2.0
/*
 * plab_nps: the debugfs files under /sys/kernel/debug/preemptlab/nps/:
 * "control" (write start, stop or reset) and "stats" (one line per CPU).
 * The format of "stats" is documented in Documentation/nps.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
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
DEFINE_SHOW_ATTRIBUTE(nps_stats);

static ssize_t nps_control_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char buf[16];
	unsigned int cpu;

	if (count >= sizeof(buf))
		goto out_invalid;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	if (sysfs_streq(buf, "start")) {
		nps_control_start();
	} else if (sysfs_streq(buf, "stop")) {
		nps_control_stop();
	} else if (sysfs_streq(buf, "reset")) {
		for_each_cpu(cpu, nps_cfg.cpus)
			nps_stats_reset(per_cpu_ptr(&nps_cpu, cpu));
	} else {
		goto out_invalid;
	}
	return count;

out_invalid:
	pr_err("control: expected start, stop or reset\n");
	return -EINVAL;
}

static const struct file_operations nps_control_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = nps_control_write,
	.llseek = noop_llseek,
};

int nps_debugfs_init(void)
{
	struct dentry *top;

	/* "preemptlab" may be shared with other modules of the suite. */
	top = debugfs_lookup("preemptlab", NULL);
	if (top) {
		dput(top);
	} else {
		top = debugfs_create_dir("preemptlab", NULL);
		if (IS_ERR(top))
			return PTR_ERR(top);
		nps_cfg.top = top;
	}
	nps_cfg.dir = debugfs_create_dir("nps", top);
	if (IS_ERR(nps_cfg.dir)) {
		debugfs_remove(nps_cfg.top);
		return PTR_ERR(nps_cfg.dir);
	}
	debugfs_create_file("control", 0200, nps_cfg.dir, NULL,
			    &nps_control_fops);
	debugfs_create_file("stats", 0400, nps_cfg.dir, NULL, &nps_stats_fops);
	return 0;
}

void nps_debugfs_exit(void)
{
	debugfs_remove(nps_cfg.dir);
	/* Only when we made it; another module's files may live there. */
	debugfs_remove(nps_cfg.top);
}
