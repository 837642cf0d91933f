// SPDX-License-Identifier: GPL-2.0
/*
 * Softirq deferrals to ksoftirqd: counts and causes (see defer.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "defer.h"
#include "run.h"

static const char *const defer_vec_names[DEFER_NR_VEC] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET",
	"SCHED", "HRTIMER", "RCU",
};

static const char *const defer_reason_names[DEFER_NR_REASONS] = {
	"time_limit", "restart_limit", "need_resched", "other",
};

const char *defer_vec_name(int vec)
{
	return vec >= 0 && vec < DEFER_NR_VEC ? defer_vec_names[vec] : NULL;
}

enum defer_reason defer_reason_of(uint32_t reason)
{
	return reason < DEFER_OTHER ? (enum defer_reason)reason : DEFER_OTHER;
}

const char *defer_reason_name(enum defer_reason reason)
{
	return reason < DEFER_NR_REASONS ? defer_reason_names[reason] : "other";
}

void defer_label(char *buf, size_t len, uint32_t reason, uint32_t pending)
{
	uint32_t unknown = pending & ~((1u << DEFER_NR_VEC) - 1);
	const char *sep = ", ";
	size_t n;
	int vec;

	if (reason < DEFER_OTHER)
		n = snprintf(buf, len, "softirq deferred to ksoftirqd (%s",
			     defer_reason_names[reason]);
	else
		n = snprintf(buf, len, "softirq deferred to ksoftirqd (reason %u",
			     reason);
	for (vec = 0; vec < DEFER_NR_VEC && n < len; vec++) {
		if (!(pending & (1u << vec)))
			continue;
		n += snprintf(buf + n, len - n, "%s%s", sep, defer_vec_names[vec]);
		sep = "|";
	}
	if (unknown && n < len)
		n += snprintf(buf + n, len - n, "%s0x%x", sep, unknown);
	if (n < len)
		snprintf(buf + n, len - n, ")");
}

static struct defer_stats *defer_stats_get(struct run *r, int cpu)
{
	if (cpu < 0 || cpu >= RUN_MAX_CPUS)
		return NULL;
	if (!r->defer[cpu])
		r->defer[cpu] = calloc(1, sizeof(*r->defer[cpu]));
	return r->defer[cpu];
}

static void defer_count(struct defer_stats *s, const struct defer_event *ev)
{
	uint32_t unknown = ev->pending & ~((1u << DEFER_NR_VEC) - 1);
	int vec;

	s->count++;
	s->reason[defer_reason_of(ev->reason)]++;
	for (vec = 0; vec < DEFER_NR_VEC; vec++)
		s->pending[vec] += !!(ev->pending & (1u << vec));
	s->pending[DEFER_NR_VEC] += !!unknown;
	if (ev->restarts > s->max_restarts)
		s->max_restarts = ev->restarts;
	if (ev->elapsed_ns > s->max_elapsed_ns)
		s->max_elapsed_ns = ev->elapsed_ns;
}

int defer_add(struct run *r, struct defer_cpu *d, int cpu, uint64_t ts,
	      const struct defer_event *ev, bool in_ksoftirqd)
{
	struct defer_stats *s = defer_stats_get(r, cpu);
	uint64_t key = (uint64_t)ev->reason << 32 | ev->pending;
	char label[ATTR_LABEL_LEN];

	if (!s)
		return -1;
	defer_count(s, ev);
	defer_count(&r->defer_all, ev);
	if (!d->last_known || d->last_key != key) {
		defer_label(label, sizeof(label), ev->reason, ev->pending);
		d->last_cause = attr_cause_id(&r->attr, label);
		d->last_key = key;
		d->last_known = true;
	}
	attr_add_instant(&r->attr, cpu, ts, ts, d->last_cause);
	/* The running ksoftirqd goes on with the work: no later run to mark. */
	if (!in_ksoftirqd)
		d->waiting = d->last_cause + 1;
	return 0;
}
