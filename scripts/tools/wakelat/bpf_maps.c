// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat's BPF side as user space sees it: open, configure, load and
 * attach the programs of wakelat.bpf.c, then snapshot their maps. The
 * only file besides main's that knows the skeleton.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "wakelat_user.h"
#include "wakelat.skel.h"

static void wakelat_set_progs(struct wakelat_bpf *skel, bool btf)
{
	bpf_program__set_autoload(skel->progs.btf_waking, btf);
	bpf_program__set_autoload(skel->progs.btf_wakeup_new, btf);
	bpf_program__set_autoload(skel->progs.btf_switch, btf);
	bpf_program__set_autoload(skel->progs.raw_waking, !btf);
	bpf_program__set_autoload(skel->progs.raw_wakeup_new, !btf);
	bpf_program__set_autoload(skel->progs.raw_switch, !btf);
}

/* Push params into rodata and size the maps: between open and load. */
static int wakelat_apply_config(struct wakelat_tool *tool)
{
	const struct wakelat_params *p = tool->params;
	struct wakelat_bpf *skel = tool->skel;

	skel->rodata->targ_pid = p->tid;
	skel->rodata->targ_tgid = p->pid;
	skel->rodata->self_tgid = getpid();
	skel->rodata->filter_comm = p->comm[0] != '\0';
	memcpy((char *)skel->rodata->targ_comm, p->comm, WAKELAT_COMM_LEN);
	skel->rodata->filter_cgroup = p->cgroup_path != NULL;
	skel->rodata->targ_cgroup_id = p->cgroup_id;
	skel->rodata->filter_cpu = p->cpu_filter;
	memcpy((void *)skel->rodata->cpu_mask, p->cpu_mask, sizeof(p->cpu_mask));
	skel->rodata->entries = p->entries;
	skel->rodata->threshold_ns = p->threshold_us * 1000;
	/* Generation 0 is what the per-CPU slots hold before any sample. */
	skel->bss->gen = 1;

	if (bpf_map__set_max_entries(skel->maps.hist,
				     tool->nr_cpus * WAKELAT_ROW(p->entries)) ||
	    bpf_map__set_max_entries(skel->maps.tasks, p->max_tasks) ||
	    bpf_map__set_max_entries(skel->maps.start, p->max_tasks * 4))
		return -1;
	return 0;
}

/* Open, configure and load one program set. Returns 0 or -errno. */
static int wakelat_load(struct wakelat_tool *tool, bool btf)
{
	int err;

	tool->skel = wakelat_bpf__open();
	if (!tool->skel)
		return -errno;
	wakelat_set_progs(tool->skel, btf);
	if (wakelat_apply_config(tool)) {
		err = -errno;
		goto destroy;
	}
	err = wakelat_bpf__load(tool->skel);
	if (err)
		goto destroy;
	tool->attach = btf ? "tp_btf" : "raw_tp";
	return 0;
destroy:
	wakelat_bpf__destroy(tool->skel);
	tool->skel = NULL;
	return err;
}

static const char *bpf_reason(int err)
{
	switch (-err) {
	case EPERM:
	case EACCES:
		return "no permission (run as root or with CAP_BPF and CAP_PERFMON)";
	case ENOENT:
	case ESRCH:
		return "no kernel BTF or no such tracepoint (CONFIG_DEBUG_INFO_BTF?)";
	case EINVAL:
		return "the kernel refused the program (verifier or CO-RE relocation)";
	case ENOSYS:
	case EOPNOTSUPP:
		return "the kernel has no BPF support";
	default:
		return strerror(-err);
	}
}

int wakelat_bpf_start(struct wakelat_tool *tool)
{
	struct wakelat_cpu *init;
	__u32 zero = 0;
	int err, i;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, PROG ": BPF unavailable: no /sys/kernel/btf/vmlinux "
			"(kernel without CONFIG_DEBUG_INFO_BTF)\n");
		return EXIT_NO_BPF;
	}
	err = tool->params->force_raw_tp ? -1 : wakelat_load(tool, true);
	if (err) {
		if (tool->params->verbose && !tool->params->force_raw_tp)
			fprintf(stderr, PROG ": tp_btf failed (%s), trying raw_tp\n",
				strerror(-err));
		err = wakelat_load(tool, false);
	}
	if (err) {
		fprintf(stderr, PROG ": BPF unavailable: %s (%s); -v for details\n",
			bpf_reason(err), strerror(-err));
		return EXIT_NO_BPF;
	}

	/* Start every CPU's min at ~0 before anything is attached. */
	init = calloc(tool->nr_cpus, sizeof(*init));
	if (!init)
		return EXIT_RUNTIME;
	for (i = 0; i < tool->nr_cpus; i++)
		init[i].min_ns = ~0ULL;
	err = bpf_map_update_elem(bpf_map__fd(tool->skel->maps.cpu_stats), &zero, init, 0);
	free(init);
	if (err) {
		fprintf(stderr, PROG ": cannot initialise cpu_stats: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}

	tool->hist_len = (size_t)tool->nr_cpus * WAKELAT_ROW(tool->params->entries) *
			 sizeof(__u64);
	tool->hist_map = mmap(NULL, tool->hist_len, PROT_READ, MAP_SHARED,
			      bpf_map__fd(tool->skel->maps.hist), 0);
	if (tool->hist_map == MAP_FAILED) {
		tool->hist_map = NULL;
		fprintf(stderr, PROG ": cannot mmap the histogram: %s\n", strerror(errno));
		return EXIT_NO_BPF;
	}

	err = wakelat_bpf__attach(tool->skel);
	if (err) {
		fprintf(stderr, PROG ": BPF unavailable: cannot attach %s programs: %s\n",
			tool->attach, strerror(-err));
		return EXIT_NO_BPF;
	}
	return EXIT_OK;
}

/* ---- snapshots ---- */

int wakelat_data_alloc(struct wakelat_data *d, int nr_cpus,
		       unsigned int entries, unsigned int max_tasks)
{
	d->nr_cpus = nr_cpus;
	d->row = WAKELAT_ROW(entries);
	d->cpu = calloc(nr_cpus, sizeof(*d->cpu));
	d->hist = calloc((size_t)nr_cpus * d->row, sizeof(*d->hist));
	d->ival_max_ns = calloc(nr_cpus, sizeof(*d->ival_max_ns));
	d->tasks = calloc(max_tasks, sizeof(*d->tasks));
	d->task_pids = calloc(max_tasks, sizeof(*d->task_pids));
	return d->cpu && d->hist && d->ival_max_ns && d->tasks && d->task_pids ? 0 : -1;
}

void wakelat_data_free(struct wakelat_data *d)
{
	free(d->cpu);
	free(d->hist);
	free(d->ival_max_ns);
	free(d->tasks);
	free(d->task_pids);
}

/*
 * Copy the maps into tool->now (tool->prev keeps the last one). The
 * interval maximum: bump the generation, then read the slot of the old one.
 */
int wakelat_data_read(struct wakelat_tool *tool)
{
	struct wakelat_data *d = &tool->now, tmp;
	struct wakelat_bpf *skel = tool->skel;
	__u32 zero = 0, key, next, *kp = NULL;
	__u64 old;
	int i;

	tmp = tool->prev;
	tool->prev = tool->now;
	tool->now = tmp;
	d = &tool->now;

	old = __atomic_fetch_add(&skel->bss->gen, 1, __ATOMIC_SEQ_CST);
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.cpu_stats), &zero, d->cpu))
		return -1;
	for (i = 0; i < d->nr_cpus; i++)
		d->ival_max_ns[i] = d->cpu[i].ival_gen[old & 1] == old ?
				    d->cpu[i].ival_max_ns[old & 1] : 0;
	memcpy(d->hist, tool->hist_map, tool->hist_len);

	d->nr_tasks = 0;
	while (d->nr_tasks < tool->params->max_tasks &&
	       !bpf_map_get_next_key(bpf_map__fd(skel->maps.tasks), kp, &next)) {
		key = next;
		kp = &key;
		if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.tasks), &key,
					&d->tasks[d->nr_tasks]))
			continue;
		d->task_pids[d->nr_tasks++] = key;
	}
	d->event_drops = skel->bss->event_drops;
	d->start_drops = skel->bss->start_drops;
	d->task_drops = skel->bss->task_drops;
	return 0;
}
