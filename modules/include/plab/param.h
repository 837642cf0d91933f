/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Range-checked unsigned int module parameters for the preemptlab modules.
 *
 *   static struct plab_param_uint period_us = PLAB_PARAM_UINT(1000, 100, 1000000);
 *   module_param_cb(period_us, &plab_param_uint_ops, &period_us, 0600);
 *
 * A value outside [min, max] is refused with -EINVAL and a pr_err that names
 * the parameter and its range, both at insmod time (so the module does not
 * load) and on a live write through sysfs. Readers use plab_param_uint_get().
 */
#ifndef _PLAB_PARAM_H
#define _PLAB_PARAM_H

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/sysfs.h>

struct plab_param_uint {
	unsigned int val;
	unsigned int min;
	unsigned int max;
};

#define PLAB_PARAM_UINT(def, lo, hi) { .val = (def), .min = (lo), .max = (hi) }

static inline unsigned int plab_param_uint_get(const struct plab_param_uint *p)
{
	return READ_ONCE(p->val);
}

static inline int plab_param_uint_set(const char *buf,
				      const struct kernel_param *kp)
{
	struct plab_param_uint *p = kp->arg;
	unsigned int v;

	/* Base 10: "010" is ten, not eight, and "08" is not refused. */
	if (kstrtouint(buf, 10, &v) || v < p->min || v > p->max) {
		pr_err("%s: invalid value '%.*s', range %u..%u\n",
		       kp->name, (int)strcspn(buf, "\n"), buf, p->min, p->max);
		return -EINVAL;
	}
	WRITE_ONCE(p->val, v);
	return 0;
}

static inline int plab_param_uint_show(char *buf,
				       const struct kernel_param *kp)
{
	const struct plab_param_uint *p = kp->arg;

	return sysfs_emit(buf, "%u\n", READ_ONCE(p->val));
}

/* One copy per module: each module includes this from a single .c file. */
static const struct kernel_param_ops plab_param_uint_ops __maybe_unused = {
	.set = plab_param_uint_set,
	.get = plab_param_uint_show,
};

#endif /* _PLAB_PARAM_H */
