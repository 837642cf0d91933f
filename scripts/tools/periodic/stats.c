// SPDX-License-Identifier: GPL-2.0
/*
 * Summaries of what the threads measured: text, key=value and JSON (libplab's
 * writer), all from one per-task summary so the three never disagree.
 */
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "json.h"
#include "periodic.h"

const char *const periodic_policy_name[PERIODIC_NR_POLICIES] = {
	"other", "fifo", "deadline"
};
const char *const periodic_work_name[PERIODIC_NR_WORKS] = {
	"periodic", "matmul", "noise"
};

struct pct { double p50, p99, max; };

struct summary {
	struct pct wakeup, lateness, response;	/* us */
	double slack_min_us;
	double rate;				/* work units per s */
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * p50, p99 and max of n values (copied, then sorted), in us: exact values,
 * by the tools' one percentile (libplab's hist.h).
 */
static struct pct pct_of(const int64_t *v, uint64_t n)
{
	struct pct r = { 0, 0, 0 };
	int64_t *s;

	if (!n)
		return r;
	s = malloc(n * sizeof(*s));
	if (!s)
		return r;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_i64);
	r.p50 = plab_sorted_percentile(s, n, PLAB_P50) / 1e3;
	r.p99 = plab_sorted_percentile(s, n, PLAB_P99) / 1e3;
	r.max = s[n - 1] / 1e3;
	free(s);
	return r;
}

static struct summary summary_get(const struct periodic_task *t)
{
	const struct periodic_task_data *d = &t->d;
	uint64_t n = d->jobs < d->cap ? d->jobs : d->cap;
	struct summary s;

	memset(&s, 0, sizeof(s));
	if (t->p->work == WORK_PERIODIC) {
		/* The u64 arrays hold values < 2^63: same bits as i64. */
		s.wakeup = pct_of((const int64_t *)d->wakeup_ns, n);
		s.lateness = pct_of(d->lateness_ns, n);
		s.response = pct_of((const int64_t *)d->response_ns, n);
		s.slack_min_us = -s.lateness.max;
	}
	if (d->elapsed_s > 0)
		s.rate = d->work_units / d->elapsed_s;
	return s;
}

void periodic_print_text(FILE *f, struct periodic_task *t, int n)
{
	fprintf(f, "# plab-periodic: times in us, clock CLOCK_MONOTONIC\n");
	fprintf(f, "# %-12s %-8s %4s %6s %6s %6s %9s %9s %9s %9s %9s %6s %6s\n",
		"task", "policy", "cpu", "jobs", "misses", "skip", "wake_p50",
		"wake_p99", "wake_max", "late_p99", "late_max", "nvcsw", "nivcsw");
	for (int i = 0; i < n; i++) {
		struct summary s = summary_get(&t[i]);
		const struct periodic_task_data *d = &t[i].d;

		if (d->error) {
			fprintf(f, "  %-12s error: %s\n", t[i].p->name,
				d->errmsg[0] ? d->errmsg : strerror(d->error));
			continue;
		}
		if (t[i].p->work != WORK_PERIODIC) {
			fprintf(f, "  %-12s %-8s %4d %s rate=%.4g/s noise_total_us=%.1f noise_max_us=%.1f gaps=%llu nvcsw=%ld nivcsw=%ld\n",
				t[i].p->name, periodic_policy_name[t[i].p->policy], t[i].p->cpu,
				periodic_work_name[t[i].p->work], s.rate,
				d->noise_total_ns / 1e3, d->noise_max_ns / 1e3,
				(unsigned long long)d->noise_count, d->nvcsw, d->nivcsw);
			continue;
		}
		fprintf(f, "  %-12s %-8s %4d %6llu %6llu %6llu %9.1f %9.1f %9.1f %9.1f %9.1f %6ld %6ld\n",
			t[i].p->name, periodic_policy_name[t[i].p->policy], t[i].p->cpu,
			(unsigned long long)d->jobs, (unsigned long long)d->misses,
			(unsigned long long)d->skipped, s.wakeup.p50, s.wakeup.p99,
			s.wakeup.max, s.lateness.p99, s.lateness.max, d->nvcsw,
			d->nivcsw);
	}
}

/* NAME.METRIC=VALUE lines: what the scenario runner reads. */
void periodic_print_kv(FILE *f, struct periodic_task *t, int n)
{
	for (int i = 0; i < n; i++) {
		struct summary s = summary_get(&t[i]);
		const struct periodic_task_data *d = &t[i].d;
		const char *nm = t[i].p->name;

		fprintf(f, "%s.error=%d\n", nm, d->error);
		if (d->error)
			continue;
		fprintf(f, "%s.jobs=%llu\n%s.misses=%llu\n%s.skipped=%llu\n",
			nm, (unsigned long long)d->jobs, nm,
			(unsigned long long)d->misses, nm,
			(unsigned long long)d->skipped);
		fprintf(f, "%s.miss_pct=%.3f\n", nm,
			d->jobs ? 100.0 * d->misses / (d->jobs + d->skipped) : 0.0);
		fprintf(f, "%s.wakeup_p50_us=%.1f\n%s.wakeup_p99_us=%.1f\n%s.wakeup_max_us=%.1f\n",
			nm, s.wakeup.p50, nm, s.wakeup.p99, nm, s.wakeup.max);
		fprintf(f, "%s.lateness_p50_us=%.1f\n%s.lateness_p99_us=%.1f\n%s.lateness_max_us=%.1f\n",
			nm, s.lateness.p50, nm, s.lateness.p99, nm, s.lateness.max);
		fprintf(f, "%s.response_max_us=%.1f\n%s.slack_min_us=%.1f\n",
			nm, s.response.max, nm, s.slack_min_us);
		fprintf(f, "%s.rate=%.6g\n%s.nvcsw=%ld\n%s.nivcsw=%ld\n",
			nm, s.rate, nm, d->nvcsw, nm, d->nivcsw);
		fprintf(f, "%s.noise_total_us=%.1f\n%s.noise_max_us=%.1f\n%s.noise_gaps=%llu\n",
			nm, d->noise_total_ns / 1e3, nm, d->noise_max_ns / 1e3,
			nm, (unsigned long long)d->noise_count);
	}
}

static void json_pct(struct json_writer *w, const char *key, struct pct p)
{
	jw_obj_begin(w, key);
	jw_num(w, "p50", p.p50, 1);
	jw_num(w, "p99", p.p99, 1);
	jw_num(w, "max", p.max, 1);
	jw_obj_end(w);
}

/* The parameters written after the task's name, policy and work. */
static const struct jw_field json_task_params[] = {
	JWF_INT(struct periodic_task_params, cpu),
	JWF_INT(struct periodic_task_params, prio),
	JWF_INT(struct periodic_task_params, nice),
	JWF_U64(struct periodic_task_params, period_us),
	JWF_U64(struct periodic_task_params, cost_us),
	JWF_U64(struct periodic_task_params, deadline_us),
	JWF_U64(struct periodic_task_params, runtime_us),
};

static const struct jw_field json_task_counts[] = {
	JWF_U64(struct periodic_task_data, jobs),
	JWF_U64(struct periodic_task_data, misses),
	JWF_U64(struct periodic_task_data, skipped),
};

/* One task: its parameters, what went wrong, and what it measured. */
static void json_task(struct json_writer *w, struct periodic_task *t)
{
	const struct periodic_task_params *p = t->p;
	const struct periodic_task_data *d = &t->d;
	struct summary s = summary_get(t);

	jw_obj_begin(w, NULL);
	jw_str(w, "name", p->name);
	jw_str(w, "policy", periodic_policy_name[p->policy]);
	jw_str(w, "work", periodic_work_name[p->work]);
	JW_FIELDS(w, p, json_task_params);
	jw_str(w, "error", d->error ? (d->errmsg[0] ? d->errmsg : strerror(d->error)) : "");
	JW_FIELDS(w, d, json_task_counts);
	json_pct(w, "wakeup", s.wakeup);
	json_pct(w, "lateness", s.lateness);
	json_pct(w, "response", s.response);
	jw_num(w, "slack_min", s.slack_min_us, 1);
	jw_double(w, "rate_per_s", s.rate);
	jw_i64(w, "nvcsw", d->nvcsw);
	jw_i64(w, "nivcsw", d->nivcsw);
	jw_obj_begin(w, "noise");
	jw_num(w, "total", d->noise_total_ns / 1e3, 1);
	jw_num(w, "max", d->noise_max_ns / 1e3, 1);
	jw_u64(w, "gaps", d->noise_count);
	jw_obj_end(w);
	jw_obj_end(w);
}

/*
 * Schema preemptlab-periodic v1, through libplab's writer. On one line:
 * the selftests (selftests/scenarios/periodic_cli.sh) read its first line.
 */
int periodic_write_json(const char *path, struct periodic_task *t, int n,
			double duration_s)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	struct json_writer w;
	int i, err;

	if (!f)
		return -1;
	jw_init(&w, f, 0, 0);
	jw_obj_begin_inline(&w, NULL);
	jw_str(&w, "schema", "preemptlab-periodic");
	jw_i64(&w, "version", 1);
	jw_str(&w, "unit", "us");
	jw_str(&w, "clock", "CLOCK_MONOTONIC");
	jw_num(&w, "duration_s", duration_s, 3);
	jw_arr_begin(&w, "tasks");
	for (i = 0; i < n; i++)
		json_task(&w, &t[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_finish(&w);
	err = ferror(f);
	return (f == stdout ? fflush(f) : fclose(f)) || err ? -1 : 0;
}
