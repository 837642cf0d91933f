// SPDX-License-Identifier: GPL-2.0
/*
 * Names one or two bytes off those the analyzer reads, and system names
 * that cannot be one (see tdnames.h).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tdnames.h"

/* The events trace.c's reader_setup() and interval_sources[] hook. */
static const char *const hooked[][2] = {
	{ "preemptlab", "plab_latency" },
	{ "preemptlab", "plab_latency_cause" },
	{ "preemptlab", "plab_nps_section" },
	{ "preemptlab", "plab_softirq_batch" },
	{ "irq", "irq_handler_entry" },
	{ "irq", "irq_handler_exit" },
	{ "irq", "softirq_entry" },
	{ "irq", "softirq_exit" },
	{ "irq", "softirq_defer" },
	{ "sched", "sched_switch" },
};

/* Same length and 1 to max bytes different. */
static bool bytes_off(const char *a, const char *b, size_t max)
{
	size_t i, n = strlen(a), diff = 0;

	if (n != strlen(b))
		return false;
	for (i = 0; i < n; i++)
		diff += a[i] != b[i];
	return diff >= 1 && diff <= max;
}

static bool one_off(const char *a, const char *b)
{
	return bytes_off(a, b, 1);
}

const char *tdn_near_system(const char *sys, const char *const *systems)
{
	for (; *systems; systems++)
		if (one_off(sys, *systems))
			return *systems;
	return NULL;
}

const char *tdn_near_event(const char *sys, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(hooked) / sizeof(hooked[0]); i++)
		if (!strcmp(hooked[i][0], sys) && bytes_off(name, hooked[i][1], 2))
			return hooked[i][1];
	return NULL;
}

const char *tdn_moved_event(const char *sys, const char *text, size_t len)
{
	size_t i, n;

	if (len < 6 || memcmp(text, "name: ", 6))
		return NULL;
	text += 6;
	len -= 6;
	for (i = 0; i < sizeof(hooked) / sizeof(hooked[0]); i++) {
		n = strlen(hooked[i][1]);
		if (len > n && !memcmp(text, hooked[i][1], n) && text[n] == '\n' &&
		    strcmp(sys, hooked[i][0]))
			return hooked[i][0];
	}
	return NULL;
}

const char *tdn_bad_event_name(const char *sys, const char *name)
{
	const char *c;

	for (c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return "not a C identifier";
	if (!*name || isdigit((unsigned char)*name))
		return "not a C identifier";
	if (!strcmp(sys, "preemptlab") && strncmp(name, "plab_", 5))
		return "not plab_*, as every preemptlab event is";
	return NULL;
}

const char *tdn_bad_system_name(const char *sys)
{
	const char *c;

	if (!*sys)
		return "is empty";
	for (c = sys; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return "has other bytes";
	return NULL;
}

void tdn_printable(const char *in, char *out, size_t len)
{
	size_t n = 0;

	for (; *in && n + 5 < len; in++) {
		unsigned char c = *in;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[n++] = c;
		else
			n += snprintf(out + n, len - n, "\\x%02x", c);
	}
	if (len)
		out[n < len ? n : len - 1] = 0;
}

/*
 * Hooked events by their fields (all but the common_ ones, in order, as
 * Linux 6.1 and modules/ write them). "any": the fields are the event's
 * only, in every system; else only in its own system, where names lists
 * the events that have those fields.
 */
static const struct {
	const char *sys, *names, *fields;
	bool any;
} fingerprints[] = {
	{ "sched", "sched_switch",
	  "prev_comm,prev_pid,prev_prio,prev_state,next_comm,next_pid,next_prio", true },
	{ "preemptlab", "plab_latency",
	  "seq,start,irq_ns,thread_ns,cpu,missed,pid,ctx", true },
	{ "preemptlab", "plab_latency_cause",
	  "seq,irq_ns,thread_ns,comm,cpu,pid,preempt,softirq,hardirq,irqs_off,user", true },
	{ "preemptlab", "plab_nps_section",
	  "id,start,requested_ns,actual_ns,away_ns,mode,cpu,preempted,cut", true },
	/* modules/include/trace/events/preemptlab_softirq.h */
	{ "preemptlab", "plab_softirq_batch",
	  "seq,start,duration,cpu,run_cpu,source,ctx,done,budget,queued", true },
	{ "irq", "irq_handler_entry", "irq,name", false },
	{ "irq", "irq_handler_exit", "irq,ret", false },
	{ "irq", "softirq_entry|softirq_exit|softirq_raise", "vec", false },
	/*
	 * patches/6.1/0002 (and 6.12): no event of those kernels has these
	 * fields, so in any system they are a renamed softirq_defer.
	 */
	{ "irq", "softirq_defer", "elapsed_ns,pending,reason,restarts", true },
};

/* name is one of the '|'-separated names. */
static bool among(const char *name, const char *names)
{
	size_t n = strlen(name);

	for (;;) {
		if (!strncmp(names, name, n) && (names[n] == '|' || !names[n]))
			return true;
		names = strchr(names, '|');
		if (!names++)
			return false;
	}
}

/*
 * The format's field names but the common ones, comma-separated, into
 * out; false when they do not fit.
 */
static bool field_names(const char *text, size_t len, char *out, size_t outlen)
{
	const char *end = text + len, *l, *semi, *e, *b;
	size_t n = 0;

	out[0] = 0;
	for (l = text; l < end; l = e + 1) {
		e = memchr(l, '\n', end - l);
		if (!e)
			e = end;
		b = memmem(l, e - l, "field:", 6);
		if (!b || !(semi = memchr(b, ';', e - b)))
			continue;
		while (semi > b && semi[-1] == ']')	/* an array: NAME[N] */
			while (semi > b && *--semi != '[')
				;
		for (b = semi; b > l && (isalnum((unsigned char)b[-1]) || b[-1] == '_'); b--)
			;
		if (semi - b >= 7 && !strncmp(b, "common_", 7))
			continue;
		if (n + (semi - b) + 2 > outlen)
			return false;
		if (n)
			out[n++] = ',';
		memcpy(out + n, b, semi - b);
		n += semi - b;
		out[n] = 0;
	}
	return true;
}

const char *tdn_impostor(const char *sys, const char *text, size_t len,
			 char *name, size_t namelen, const char **of_sys)
{
	char fields[512];
	const char *e;
	size_t i, n;

	if (len < 6 || memcmp(text, "name: ", 6) || !namelen)
		return NULL;
	e = memchr(text + 6, '\n', len - 6);
	n = e ? (size_t)(e - text - 6) : 0;
	if (!n || n >= namelen)
		return NULL;
	memcpy(name, text + 6, n);
	name[n] = 0;
	if (!field_names(text, len, fields, sizeof(fields)))
		return NULL;
	for (i = 0; i < sizeof(fingerprints) / sizeof(fingerprints[0]); i++) {
		if (strcmp(fields, fingerprints[i].fields))
			continue;
		if (!fingerprints[i].any && strcmp(sys, fingerprints[i].sys))
			continue;
		if (!strcmp(sys, fingerprints[i].sys) && among(name, fingerprints[i].names))
			continue;
		*of_sys = fingerprints[i].sys;
		return fingerprints[i].names;
	}
	return NULL;
}
