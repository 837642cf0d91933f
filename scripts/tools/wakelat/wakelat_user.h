/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wakelat's user-space half: the types its files pass each other and the
 * functions they call across. What the BPF program shares is in wakelat.h.
 *
 * params (args.c: parsing only, never touches the system) -> bpf_maps.c
 * pushes them into the skeleton's rodata -> the kernel fills the maps ->
 * wakelat_data_read() snapshots them -> stats.c sums and ranks the
 * snapshot -> report_text.c and report_json.c print it.
 */
#ifndef WAKELAT_USER_H
#define WAKELAT_USER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <linux/types.h>
#include "wakelat.h"

#define PROG "wakelat"
#define MAX_CPUS 1024		/* WAKELAT_MAX_CPUS of the BPF side */

/* Exit statuses (documented in Documentation/wakelat.rst). */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* an output could not be written, ... */
	EXIT_USAGE = 2,
	EXIT_NO_BPF = 4,	/* BPF unavailable: no BTF, no permission, refused */
};

struct wakelat_params {
	__u32 pid;			/* thread group; 0: any */
	__u32 tid;			/* 0: any */
	char comm[WAKELAT_COMM_LEN];	/* "": any */
	const char *cgroup_path;
	__u64 cgroup_id;
	bool cpu_filter;
	__u64 cpu_mask[MAX_CPUS / 64];
	unsigned int duration_s;	/* 0: until SIGINT/SIGTERM */
	unsigned int interval_s;	/* 0: no interval lines */
	unsigned int entries;		/* linear 1 us buckets */
	__u64 threshold_us;		/* 0: no per-event output */
	const char *json;		/* NULL: none; "-": stdout */
	unsigned int max_tasks;
	unsigned int top;
	bool no_hist;
	bool no_marker;
	bool force_raw_tp;
	bool quiet;
	bool verbose;
};

/* One snapshot of the maps. */
struct wakelat_data {
	int nr_cpus;
	unsigned int row;		/* counters per CPU row */
	struct wakelat_cpu *cpu;	/* [nr_cpus] */
	__u64 *hist;			/* [nr_cpus * row] */
	__u64 *ival_max_ns;		/* [nr_cpus], last interval */
	struct wakelat_task *tasks;
	__u32 *task_pids;
	unsigned int nr_tasks;
	__u64 event_drops, start_drops, task_drops;
};

struct wakelat_bpf;
struct ring_buffer;

struct wakelat_tool {
	struct wakelat_params *params;
	struct wakelat_bpf *skel;
	struct ring_buffer *rb;
	__u64 *hist_map;		/* mmap of the hist array */
	size_t hist_len;
	int nr_cpus;
	int marker_fd;
	const char *attach;		/* "tp_btf" or "raw_tp" */
	__u64 events;			/* events received */
	__u64 marker_errors;
	struct wakelat_data now, prev;
	struct timespec t_start;
};

/* Statistics over one histogram row (or a sum of rows). */
struct wakelat_summary {
	__u64 count, sum_ns, min_ns, max_ns;
	__u64 p50_ns, p90_ns, p99_ns, p999_ns;
};

/* args.c */
void usage(FILE *f);
int wakelat_parse_args(int argc, char **argv, struct wakelat_params *p,
		       char *err, size_t errlen);

/* bpf_maps.c */
int wakelat_bpf_start(struct wakelat_tool *tool);
int wakelat_data_alloc(struct wakelat_data *d, int nr_cpus,
		       unsigned int entries, unsigned int max_tasks);
void wakelat_data_free(struct wakelat_data *d);
int wakelat_data_read(struct wakelat_tool *tool);

/* stats.c */
__u64 slot_lo_us(unsigned int entries, unsigned int s);
int cpu_has_samples(const struct wakelat_data *d, int c);
void wakelat_summary_get(const struct wakelat_data *d,
			 const struct wakelat_data *base, int cpu,
			 unsigned int entries, struct wakelat_summary *sm,
			 uint64_t *row);
unsigned int *tasks_sorted(const struct wakelat_data *d);

/* report_text.c */
void print_report(FILE *f, struct wakelat_tool *tool, double secs);
void print_interval(struct wakelat_tool *tool);

/* report_json.c */
int write_json(struct wakelat_tool *tool, double secs);

/* events.c */
int handle_event(void *ctx, void *data, size_t len);
int marker_open(void);

#endif /* WAKELAT_USER_H */
