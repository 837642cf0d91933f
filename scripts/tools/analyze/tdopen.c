// SPDX-License-Identifier: GPL-2.0
/*
 * The trace.dat reader's two layouts (tdfile.h): version 6, sections in
 * a fixed order, and version 7, sections and options anywhere, the CPU
 * data possibly in zstd chunks.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include "tdfile.h"
#include "tdformat.h"
#include "tdnames.h"

static enum td_status v6_headers(struct td_file *f, uint64_t *off, char *err,
				 size_t errlen)
{
	char name[16];
	uint64_t sz;
	uint8_t *b;
	size_t n;
	int ret;

	if (rd(f, *off, name, 12) || memcmp(name, "header_page", 12) ||
	    rd64(f, &(uint64_t){ *off + 12 }, &sz) || sz > TD_MAX_META)
		return bad(f, err, errlen, "no header_page");
	n = 20 + sz;
	b = malloc(n + 13 + 8);
	if (!b || rd(f, *off, b, n)) {
		free(b);
		return bad(f, err, errlen, "truncated header_page");
	}
	ret = parse_header_info(f, b, n);
	free(b);
	if (ret)
		return bad(f, err, errlen, "unreadable header_page");
	*off += n;
	if (rd(f, *off, name, 13) || memcmp(name, "header_event", 13))
		return bad(f, err, errlen, "no header_event");
	*off += 13;
	if (rd64(f, off, &sz) || (*off += sz) > f->size)
		return bad(f, err, errlen, "truncated header_event");
	return TD_OK;
}

/* ftrace's own event formats at *off: only their IDs are needed. */
static enum td_status v6_ftrace_formats(struct td_file *f, uint64_t *off,
					char *err, size_t errlen)
{
	uint32_t nev, j;
	uint64_t sz;

	if (rd32(f, off, &nev))
		return bad(f, err, errlen, "truncated ftrace formats");
	for (j = 0; j < nev; j++) {
		long fid;

		if (rd64(f, off, &sz) || sz > f->size - *off)
			return bad(f, err, errlen, "truncated ftrace formats");
		if (note_file_id(f, *off, sz, &fid))
			return bad(f, err, errlen, "damaged ftrace formats: the format at file offset %llu has ID %ld, another format's (allowed: an ID no other format of the file has)",
				   (unsigned long long)*off, fid);
		*off += sz;
	}
	return TD_OK;
}

/*
 * The event format of system sys, sz bytes at off: parsed when the
 * system is wanted, its ID noted when not, and checked for a hooked
 * event's fields under another name.
 */
static enum td_status v6_format(struct td_file *f, const char *sys,
				uint64_t off, uint64_t sz, char *err,
				size_t errlen)
{
	char where[48], *t;
	int r;

	if (!wanted(f, sys) && v6_moved_event(f, sys, off, sz))
		return bad(f, err, errlen, "damaged event formats: a %s event under system '%s' (file offset %llu)",
			   v6_moved_event(f, sys, off, sz), sys, (unsigned long long)off);
	if (!wanted(f, sys)) {
		long fid;

		if (note_file_id(f, off, sz, &fid))
			return bad(f, err, errlen, "damaged event formats: the format of system '%s' at file offset %llu has ID %ld, another format's (allowed: an ID no other format of the file has)",
				   sys, (unsigned long long)off, fid);
	}
	if (wanted(f, sys) && sz > TD_MAX_META)
		return bad(f, err, errlen, "event format of %s at file offset %llu: %llu bytes",
			    sys, (unsigned long long)off, (unsigned long long)sz);
	snprintf(where, sizeof(where), "file offset %llu", (unsigned long long)off);
	if (wanted(f, sys)) {
		uint8_t *b = malloc(sz + 1);

		if (!b || rd(f, off, b, sz)) {
			free(b);
			return bad(f, err, errlen, "out of memory");
		}
		r = parse_format(f, sys, (char *)b, sz, where, err, errlen);
		free(b);
		if (r)
			return TD_BAD;
	}
	if (sz > TD_MAX_IMPOSTOR_CHECK)
		return TD_OK;
	t = malloc(sz + 1);
	if (!t)
		return bad(f, err, errlen, "out of memory");
	if (rd(f, off, t, sz)) {
		free(t);
		return bad(f, err, errlen, "truncated event formats");
	}
	r = impostor(f, sys, t, sz, where, err, errlen);
	free(t);
	return r ? TD_BAD : TD_OK;
}

/* The event systems at *off, parsed in place, one format at a time. */
static enum td_status v6_event_formats(struct td_file *f, uint64_t *off,
				       char *err, size_t errlen)
{
	uint32_t nsys, nev, i, j;
	enum td_status st;
	char sys[256];
	uint64_t sz;

	if (rd32(f, off, &nsys))
		return bad(f, err, errlen, "truncated event formats");
	for (i = 0; i < nsys; i++) {
		if (rdstr(f, off, sys, sizeof(sys)) || rd32(f, off, &nev))
			return bad(f, err, errlen, "truncated event formats");
		if (tdn_bad_system_name(sys)) {
			char shown[96];

			tdn_printable(sys, shown, sizeof(shown));
			return bad(f, err, errlen, "damaged event formats: system name '%s' (file offset %llu) %s (allowed: ASCII letters, digits and '_')",
				   shown, (unsigned long long)*off - strlen(sys) - 5,
				   tdn_bad_system_name(sys));
		}
		if (tdn_near_system(sys, f->systems))
			return bad(f, err, errlen, "damaged event formats: system name '%s' (file offset %llu) is one byte off '%s'",
				   sys, (unsigned long long)*off - strlen(sys) - 5,
				   tdn_near_system(sys, f->systems));
		for (j = 0; j < nev; j++) {
			if (rd64(f, off, &sz) || sz > f->size - *off)
				return bad(f, err, errlen, "truncated event formats");
			st = v6_format(f, sys, *off, sz, err, errlen);
			if (st != TD_OK)
				return st;
			*off += sz;
		}
	}
	return TD_OK;
}

/*
 * From the kallsyms size at off to the CPU table: the sizes skipped, the
 * options (those this reader does not apply noted), the CPUs' data.
 */
static enum td_status v6_cpu_table(struct td_file *f, uint64_t off, char *err,
				   size_t errlen)
{
	uint64_t sz, cpu_off, cpu_size;
	uint32_t s32, nr_cpus, i;
	bool instances = false;
	char name[16];
	uint16_t id;

	if (rd32(f, &off, &s32) || (off += s32) > f->size ||	/* kallsyms */
	    rd32(f, &off, &s32) || (off += s32) > f->size ||	/* printk */
	    rd64(f, &off, &sz) || (off += sz) > f->size ||	/* cmdlines */
	    rd32(f, &off, &nr_cpus) || rd(f, off, name, 10))
		return bad(f, err, errlen, "truncated header");
	off += 10;
	if (!memcmp(name, "options  ", 10)) {
		for (;;) {
			if (rd16(f, &off, &id))
				return bad(f, err, errlen, "truncated options");
			if (id == OPT_DONE)
				break;
			if (rd32(f, &off, &s32) || (off += s32) > f->size)
				return bad(f, err, errlen, "truncated options");
			if (!f->foreign)
				f->foreign = foreign_option(id);
			instances |= id == OPT_BUFFER;
		}
		if (rd(f, off, name, 10))
			return bad(f, err, errlen, "truncated header");
		off += 10;
	}
	if (!memcmp(name, "latency  ", 10))
		return fail(err, errlen, TD_FOREIGN, "a latency trace");
	if (memcmp(name, "flyrecord", 10))
		return bad(f, err, errlen, "no flyrecord data");
	if (nr_cpus > TD_MAX_STREAMS)
		return bad(f, err, errlen, "%u CPUs", nr_cpus);
	for (i = 0; i < nr_cpus; i++) {
		if (rd64(f, &off, &cpu_off) || rd64(f, &off, &cpu_size) ||
		    add_stream(f, i, cpu_off, cpu_size))
			return bad(f, err, errlen, "bad data offset or size of CPU %u", i);
	}
	/*
	 * Without instances (BUFFER options) nothing follows the CPUs' data:
	 * a file longer than it by a page lost a CPU from the count or size
	 * (v6 has no chunk count: no slack past a page). Without any CPU
	 * data, nothing follows the CPU table: a CPU count of 0 made of 2
	 * read as a trace without events, exit 0.
	 */
	if (!instances && f->nr &&
	    (f->data_end > f->size || f->size - f->data_end >= f->page_size))
		return bad(f, err, errlen, "the CPUs' data ends at %llu, the file at %llu (damaged CPU count or size)",
			    (unsigned long long)f->data_end, (unsigned long long)f->size);
	if (!instances && !f->nr && f->size - off >= f->page_size)
		return bad(f, err, errlen, "no CPU data (CPU count %u), but the file goes on for %llu bytes past the CPU table at %llu (damaged CPU count or size)",
			    nr_cpus, (unsigned long long)(f->size - off),
			    (unsigned long long)off);
	if (f->foreign)
		return fail(err, errlen, TD_FOREIGN, "%s", f->foreign);
	return TD_OK;
}

enum td_status open_v6(struct td_file *f, uint64_t off, char *err,
		       size_t errlen)
{
	enum td_status st;

	st = v6_headers(f, &off, err, errlen);
	if (st == TD_OK)
		st = v6_ftrace_formats(f, &off, err, errlen);
	if (st == TD_OK)
		st = v6_event_formats(f, &off, err, errlen);
	if (st != TD_OK)
		return st;
	f->ids_known = true;
	return v6_cpu_table(f, off, err, errlen);
}

/* A v7 section header at off: its id, flags and data offset and size. */
static int rd_section(struct td_file *f, uint64_t off, uint16_t *id,
		      uint16_t *flags, uint64_t *data, uint64_t *size)
{
	uint32_t str;

	if (rd16(f, &off, id) || rd16(f, &off, flags) ||
	    rd32(f, &off, &str) || rd64(f, &off, size) ||
	    *size > f->size - off)
		return -1;
	*data = off;
	return 0;
}

/* The blob of the v7 section at off, which must have the given id. */
static uint8_t *rd_section_blob(struct td_file *f, uint64_t off,
				uint16_t want, size_t *len)
{
	uint16_t id, flags;
	uint64_t data, size;

	if (rd_section(f, off, &id, &flags, &data, &size) || id != want)
		return NULL;
	return rd_blob(f, data, size, flags & 1, len);
}

/*
 * BUFFER option: the top instance's streams (others are ignored). On
 * damage, -1 and why (what is wrong and what is allowed) when known;
 * *max_cpu is the largest CPU id it lists, -1 for none (checked against
 * the CPUCOUNT option once all options are read).
 */
static int parse_buffer_option(struct td_file *f, const uint8_t *b, size_t n,
			       bool *compressed, bool *top, int64_t *max_cpu,
			       char *why, size_t whylen)
{
	size_t p = 8, len;
	uint64_t sec, data, size;
	uint32_t pgsz, nr, i, cpu;
	uint16_t id, flags;

	if (n < 8)
		return -1;
	sec = g64(f, b);
	len = strnlen((const char *)b + p, n - p);
	if (len == n - p)
		return -1;
	if (len)
		return 0;			/* an instance, not the top buffer */
	p += len + 1;
	len = strnlen((const char *)b + p, n - p);	/* the clock */
	if (len == n - p)
		return -1;
	p += len + 1;
	if (n - p < 8)
		return -1;
	pgsz = g32(f, b + p);
	nr = g32(f, b + p + 4);
	p += 8;
	if (pgsz < 64 || pgsz > (1u << 20) || nr > TD_MAX_STREAMS ||
	    (n - p) / 20 < nr)
		return -1;
	/* trace-cmd lists the CPUs with data, by increasing id. */
	if (n - p != (size_t)nr * 20)
		return -1;
	f->page_size = pgsz;
	if (rd_section(f, sec, &id, &flags, &data, &size) || id != OPT_BUFFER)
		return -1;
	*compressed = flags & 1;
	f->data_end = data;		/* the first CPU follows the header */
	f->data_seen = true;
	*max_cpu = -1;
	for (i = 0; i < nr; i++, p += 20) {
		cpu = g32(f, b + p);
		if (i && cpu <= g32(f, b + p - 20)) {
			snprintf(why, whylen, "CPU id %u of entry %u after id %u (allowed: each CPU once, by increasing id)",
				 cpu, i + 1, g32(f, b + p - 20));
			return -1;
		}
		if (cpu >= TD_MAX_CPU_ID) {
			snprintf(why, whylen, "CPU id %u of entry %u (allowed: below %u)",
				 cpu, i + 1, TD_MAX_CPU_ID);
			return -1;
		}
		if (add_stream(f, cpu, g64(f, b + p + 4), g64(f, b + p + 12)))
			return -1;
		*max_cpu = cpu;
	}
	/* The section ends with the last CPU's data: none left out. */
	if (data + size < f->data_end || data + size - f->data_end >= f->page_size + 4)
		return -1;
	*top = true;
	return 0;
}

/* What a v7 file's options said, across its options sections. */
struct v7_opts {
	bool have_header, have_buffer, compressed, have_formats, have_ftrace;
	/* the CPUCOUNT option's value and where, the top BUFFER's largest id */
	uint32_t cpus;
	int64_t max_cpu;
	uint64_t cpus_at, buffer_at;
	bool have_cpus;
};

/* An option that names a section: header info, ftrace's or the events' formats. */
static enum td_status v7_section_option(struct td_file *f, struct v7_opts *o,
					uint16_t id, const uint8_t *b,
					char *err, size_t errlen)
{
	enum td_status st = TD_OK;
	uint8_t *e;
	size_t n;

	e = rd_section_blob(f, g64(f, b), id, &n);
	if (id == OPT_HEADER_INFO) {
		if (!e || parse_header_info(f, e, n))
			st = bad(f, err, errlen, "unreadable header info");
		o->have_header = st == TD_OK;
	} else if (id == OPT_FTRACE_EVENTS) {
		if (!e)
			st = bad(f, err, errlen, "unreadable ftrace formats section");
		else if (parse_ftrace(f, e, n, err, errlen))
			st = TD_BAD;
		o->have_ftrace = st == TD_OK;
	} else {
		if (!e)
			st = bad(f, err, errlen, "unreadable event formats section");
		else if (parse_systems(f, e, n, err, errlen))
			st = TD_BAD;
		o->have_formats = st == TD_OK;
	}
	free(e);
	return st;
}

/* A CPUCOUNT or BUFFER option of sz bytes at b, at file offset at. */
static enum td_status v7_cpu_option(struct td_file *f, struct v7_opts *o,
				    uint16_t id, const uint8_t *b, uint32_t sz,
				    uint64_t at, char *err, size_t errlen)
{
	enum td_status st = TD_OK;
	bool top = false;
	char why[160] = "";

	if (id == OPT_CPUCOUNT) {
		/* trace-cmd writes it once per options section */
		if (sz != 4)
			st = bad(f, err, errlen, "bad CPUCOUNT option at file offset %llu: %u bytes (allowed: 4)",
				 (unsigned long long)at, sz);
		else if (o->have_cpus && g32(f, b) != o->cpus)
			st = bad(f, err, errlen, "bad CPUCOUNT option at file offset %llu: %u CPUs, the one at file offset %llu said %u (allowed: the same count)",
				 (unsigned long long)at, g32(f, b),
				 (unsigned long long)o->cpus_at, o->cpus);
		o->cpus = g32(f, b);
		o->cpus_at = at;
		o->have_cpus = true;
		return st;
	}
	/* have_buffer: the top instance's, the one read */
	if (parse_buffer_option(f, b, sz, &o->compressed, &top, &o->max_cpu,
				why, sizeof(why)))
		st = why[0] ?
		     bad(f, err, errlen, "bad buffer option at file offset %llu: %s",
			 (unsigned long long)at, why) :
		     bad(f, err, errlen, "bad buffer option (CPU count, ids, data offsets or sizes)");
	if (top) {
		o->have_buffer = true;
		o->buffer_at = at;
	}
	return st;
}

/*
 * The options section at opt_off: each option read; *next is the next
 * options section's offset, 0 for none.
 */
static enum td_status v7_options(struct td_file *f, struct v7_opts *o,
				 uint64_t opt_off, uint64_t *next, char *err,
				 size_t errlen)
{
	enum td_status st = TD_OK;
	uint64_t sdata, ssize;
	uint16_t sid, sflags, id;
	uint8_t *b, *blob;
	size_t n, p = 0;
	uint32_t sz;

	*next = 0;
	blob = rd_section_blob(f, opt_off, 0, &n);
	if (!blob)
		return bad(f, err, errlen, "unreadable options section");
	/* where an option is in the file: compressed, its section */
	if (rd_section(f, opt_off, &sid, &sflags, &sdata, &ssize))
		sflags = 1;
	while (st == TD_OK && n - p >= 6) {
		id = g16(f, blob + p);
		sz = g32(f, blob + p + 2);
		p += 6;
		if (sz > n - p)
			break;
		b = blob + p;
		p += sz;
		if (foreign_option(id)) {
			if (!f->foreign)
				f->foreign = foreign_option(id);
		} else if (id == OPT_DONE) {
			if (sz == 8)
				*next = g64(f, b);
			break;
		} else if ((id == OPT_HEADER_INFO || id == OPT_FTRACE_EVENTS ||
			    id == OPT_EVENT_FORMATS) && sz == 8) {
			st = v7_section_option(f, o, id, b, err, errlen);
		} else if (id == OPT_CPUCOUNT || id == OPT_BUFFER) {
			st = v7_cpu_option(f, o, id, b, sz,
					   sflags & 1 ? opt_off : sdata + (b - blob),
					   err, errlen);
		}
	}
	free(blob);
	return st;
}

enum td_status open_v7(struct td_file *f, uint64_t off, char *err,
		       size_t errlen)
{
	struct v7_opts o = { .max_cpu = -1 };
	char comp[64], ver[64];
	enum td_status st;
	uint64_t opt_off;
	int sections = 0;

	if (rdstr(f, &off, comp, sizeof(comp)) ||
	    rdstr(f, &off, ver, sizeof(ver)) || rd64(f, &off, &opt_off))
		return bad(f, err, errlen, "truncated header");
	/*
	 * zstd is what Debian's trace-cmd writes (and its only method);
	 * zlib, trace-cmd's other one, is not read. Any other name is a
	 * damaged one.
	 */
	if (!strcmp(comp, "zstd"))
		f->comp = COMP_ZSTD;
	else if (!strcmp(comp, "zlib"))
		return fail(err, errlen, TD_FOREIGN, "compression zlib");
	else if (strcmp(comp, "none"))
		return bad(f, err, errlen, "unknown compression '%.20s'", comp);
	while (opt_off) {
		if (++sections > TD_MAX_OPTIONS_SECTIONS)
			return bad(f, err, errlen, "options sections loop");
		st = v7_options(f, &o, opt_off, &opt_off, err, errlen);
		if (st != TD_OK)
			return st;
	}
	if (!o.have_header)
		return bad(f, err, errlen, "no header info");
	if (!o.have_buffer)
		return bad(f, err, errlen, "no flyrecord data");
	/*
	 * A CPU id past the file's CPU count is a damaged one: read, that
	 * CPU's samples came out as "recorded on another CPU" (exit 0). A
	 * v7 file without CPUCOUNT (trace-cmd always writes it) is not
	 * checked so.
	 */
	if (o.have_cpus && o.max_cpu >= (int64_t)o.cpus)
		return bad(f, err, errlen, "bad buffer option at file offset %llu: CPU id %lld, but the CPUCOUNT option (file offset %llu) says %u CPUs (allowed: ids below %u, each once, by increasing id)",
			   (unsigned long long)o.buffer_at, (long long)o.max_cpu,
			   (unsigned long long)o.cpus_at, o.cpus, o.cpus);
	/* Without them every event would be unknown: no samples, no word. */
	if (!o.have_formats)
		return bad(f, err, errlen, "no event formats option");
	f->ids_known = o.have_ftrace;
	if (!o.compressed)
		f->comp = COMP_NONE;
	if (f->foreign)
		return fail(err, errlen, TD_FOREIGN, "%s", f->foreign);
	return TD_OK;
}
