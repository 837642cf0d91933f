/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU list parameters for the preemptlab modules: parse the kernel's list
 * syntax ("0,2-3") and refuse CPUs that do not exist or are offline, naming
 * the parameter. An empty string selects every online CPU.
 */
#ifndef _PLAB_CPULIST_H
#define _PLAB_CPULIST_H

#include <linux/cpumask.h>
#include <linux/printk.h>

/*
 * plab_cpulist_parse - fill @mask from the parameter @name whose value is @str.
 *
 * Returns 0 or -EINVAL (after a pr_err naming @name). Call before any side
 * effect; a CPU going offline afterwards is the caller's hotplug business.
 */
static inline int plab_cpulist_parse(const char *name, const char *str,
				     struct cpumask *mask)
{
	int ret;

	if (!str || !*str || (str[0] == '\n' && !str[1])) {
		cpumask_copy(mask, cpu_online_mask);
		return 0;
	}

	ret = cpulist_parse(str, mask);
	if (ret) {
		pr_err("%s=%s: not a CPU list of CPUs 0-%u (e.g. 0,2-3)\n",
		       name, str, nr_cpu_ids - 1);
		return -EINVAL;
	}
	if (cpumask_empty(mask)) {
		pr_err("%s=%s: empty CPU list\n", name, str);
		return -EINVAL;
	}
	if (!cpumask_subset(mask, cpu_online_mask)) {
		pr_err("%s=%s: CPUs must be online (online: %*pbl)\n",
		       name, str, cpumask_pr_args(cpu_online_mask));
		return -EINVAL;
	}
	return 0;
}

#endif /* _PLAB_CPULIST_H */
