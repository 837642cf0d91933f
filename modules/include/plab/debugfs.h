/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debugfs directory of a preemptlab module: one per module, named after
 * it (/sys/kernel/debug/<module>/, no parent shared with another module, so
 * that any two modules load and unload together in any order), with the
 * same three files in every module:
 *
 *   stats    (0400) the module's statistics, one text format per module
 *   reset    (0200) writing anything clears the statistics
 *   enabled  (0600) 1 while the module runs its disturbance (the probe: takes
 *            samples); writing 0 pauses it (threads and timers stay, stats
 *            are kept), writing 1 starts it again
 *
 *   PLAB_DEFINE_DEBUGFS(nps, &nps_cfg.enabled, &nps_cfg.dir)
 *                                         in nps_debugfs.c, after
 *                                         nps_stats_show, nps_reset and
 *                                         nps_enabled_set
 *   ret = nps_debugfs_init();             module init
 *   nps_debugfs_exit();                   module exit, any error path
 *
 * One copy per module: each module includes this from a single .c file.
 */
#ifndef _PLAB_DEBUGFS_H
#define _PLAB_DEBUGFS_H

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

struct plab_debugfs_ops {
	int (*stats_show)(struct seq_file *m, void *v);
	void (*reset)(void);
	const bool *enabled;		/* read with READ_ONCE() */
	void (*enabled_set)(bool on);
	struct dentry **dir;		/* set by plab_debugfs_create() */
};

static int plab_debugfs_stats_open(struct inode *inode, struct file *file)
{
	const struct plab_debugfs_ops *ops = inode->i_private;

	return single_open(file, ops->stats_show, NULL);
}

static const struct file_operations plab_debugfs_stats_fops = {
	.owner = THIS_MODULE,
	.open = plab_debugfs_stats_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t plab_debugfs_reset_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	const struct plab_debugfs_ops *ops = file->private_data;

	ops->reset();
	return count;
}

static const struct file_operations plab_debugfs_reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = plab_debugfs_reset_write,
	.llseek = noop_llseek,
};

static ssize_t plab_debugfs_enabled_read(struct file *file, char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	const struct plab_debugfs_ops *ops = file->private_data;
	char buf[2] = { READ_ONCE(*ops->enabled) ? '1' : '0', '\n' };

	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

static ssize_t plab_debugfs_enabled_write(struct file *file,
					  const char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	const struct plab_debugfs_ops *ops = file->private_data;
	bool on;

	if (kstrtobool_from_user(ubuf, count, &on)) {
		pr_err("enabled: expected 0 or 1\n");
		return -EINVAL;
	}
	ops->enabled_set(on);
	return count;
}

static const struct file_operations plab_debugfs_enabled_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = plab_debugfs_enabled_read,
	.write = plab_debugfs_enabled_write,
	.llseek = default_llseek,
};

/*
 * plab_debugfs_create - make /sys/kernel/debug/KBUILD_MODNAME/ and its
 * files, and store the directory in *ops->dir for plab_debugfs_remove().
 * Returns 0 or a negative errno. The directory is ours alone: if it exists
 * already, another copy of the module is loaded, and we refuse.
 */
static int plab_debugfs_create(const struct plab_debugfs_ops *ops)
{
	struct dentry *dir;

	dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(dir)) {
		pr_err("cannot create debugfs directory %s (%ld)\n",
		       KBUILD_MODNAME, PTR_ERR(dir));
		return PTR_ERR(dir);
	}
	debugfs_create_file("stats", 0400, dir, (void *)ops,
			    &plab_debugfs_stats_fops);
	debugfs_create_file("reset", 0200, dir, (void *)ops,
			    &plab_debugfs_reset_fops);
	debugfs_create_file("enabled", 0600, dir, (void *)ops,
			    &plab_debugfs_enabled_fops);
	*ops->dir = dir;
	return 0;
}

/*
 * plab_debugfs_remove - remove the directory plab_debugfs_create() made;
 * debugfs_remove() waits for the files' open users. Safe on NULL.
 */
static void plab_debugfs_remove(const struct plab_debugfs_ops *ops)
{
	debugfs_remove(*ops->dir);
	*ops->dir = NULL;
}

/*
 * PLAB_DEFINE_DEBUGFS - the ops of a module whose functions are named
 * after PREFIX (PREFIX_stats_show, PREFIX_reset, PREFIX_enabled_set), with
 * its enabled flag at ENABLEDP and its directory kept at DIRP, and the two
 * functions its init and exit call: PREFIX_debugfs_init() and
 * PREFIX_debugfs_exit().
 */
#define PLAB_DEFINE_DEBUGFS(prefix, enabledp, dirp)			\
static const struct plab_debugfs_ops prefix##_debugfs_ops = {		\
	.stats_show = prefix##_stats_show,				\
	.reset = prefix##_reset,					\
	.enabled = (enabledp),						\
	.enabled_set = prefix##_enabled_set,				\
	.dir = (dirp),							\
};									\
									\
int prefix##_debugfs_init(void)						\
{									\
	return plab_debugfs_create(&prefix##_debugfs_ops);		\
}									\
									\
void prefix##_debugfs_exit(void)					\
{									\
	plab_debugfs_remove(&prefix##_debugfs_ops);			\
}

#endif /* _PLAB_DEBUGFS_H */
