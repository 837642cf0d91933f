// SPDX-License-Identifier: GPL-2.0
/*
 * The trace.dat reader's header sections (tdfile.h): header info, the
 * ftrace and event formats of the systems asked for (checked by
 * tdformat.c before libtraceevent parses them), and the CPU streams.
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

bool wanted(const struct td_file *f, const char *sys)
{
	const char *const *s;

	for (s = f->systems; *s; s++)
		if (!strcmp(*s, sys))
			return true;
	return false;
}

/*
 * The ID a format's head declares ("name: NAME\nID: N\n"), -1 when the
 * head is not that. trace.c reads the formats of the wanted systems; of
 * the others only their IDs matter.
 */
static long format_id(const char *text, size_t len)
{
	const char *end = text + len, *p;
	long id = 0;
	int digits = 0;

	if (len < 6 || memcmp(text, "name: ", 6))
		return -1;
	p = memchr(text, '\n', len);
	if (!p || end - p < 5 || memcmp(p + 1, "ID: ", 4))
		return -1;
	for (p += 5; p < end && isdigit((unsigned char)*p) && digits < 6; p++, digits++)
		id = id * 10 + (*p - '0');
	if (!digits || p == end || *p != '\n' || id > TD_MAX_EVENT_ID)
		return -1;
	return id;
}

/* Note a format's ID: -1 when another format of the file has it too. */
static int note_id(struct td_file *f, long id)
{
	if (id < 0 || id > TD_MAX_EVENT_ID)
		return 0;
	if (f->ids[id >> 3] & (1u << (id & 7)))
		return -1;
	f->ids[id >> 3] |= 1u << (id & 7);
	return 0;
}

/* note_id() of the format of sz bytes at off, read from the file. */
int note_file_id(struct td_file *f, uint64_t off, uint64_t sz,
		 long *id)
{
	char head[TD_FORMAT_HEAD];
	size_t n = sz < sizeof(head) ? sz : sizeof(head);

	*id = -1;
	if (rd(f, off, head, n))
		return 0;
	*id = format_id(head, n);
	return note_id(f, *id);
}

/* "header_page\0" size data "header_event\0" size data, in a blob. */
int parse_header_info(struct td_file *f, const uint8_t *b, size_t n)
{
	uint64_t sz;

	if (n < 20 || memcmp(b, "header_page", 12))
		return -1;
	sz = g64(f, b + 12);
	if (sz > n - 20)
		return -1;
	return tep_parse_header_page(f->tep, (char *)b + 20, sz,
				     f->long_size) ? -1 : 0;
}

/*
 * One event format of a wanted system, at where: checked and rewritten
 * (tdformat.c) before libtraceevent parses it, which crashes on some
 * damaged ones. A damaged format makes the file TD_BAD and is named: read
 * as absent it would turn into silently missing samples or causes.
 */
int parse_format(struct td_file *f, const char *sys, const char *text,
		 size_t len, const char *where, char *err, size_t errlen)
{
	char name[TDF_NAME_LEN], why[200];
	unsigned int id;
	char *clean = tdf_clean(text, len, f->long_size, name, &id, why,
				sizeof(why));
	int ret = -1;

	if (!clean)
		bad(f, err, errlen, "damaged event format %s:%s (%s): %s",
		     sys, name[0] ? name : "?", where, why);
	else if (tdn_bad_event_name(sys, name))
		bad(f, err, errlen, "damaged event format %s:%s (%s): the name is %s",
		    sys, name, where, tdn_bad_event_name(sys, name));
	else if (tdn_near_event(sys, name))
		bad(f, err, errlen, "damaged event format %s:%s (%s): the name is one or two bytes off %s (allowed: a name at least 3 bytes off the hooked events')",
		     sys, name, where, tdn_near_event(sys, name));
	else if (tep_find_event(f->tep, id) || note_id(f, id))
		bad(f, err, errlen, "damaged event format %s:%s (%s): ID %u used twice (allowed: an ID no other format of the file has)",
		     sys, name, where, id);
	else if (tep_parse_event(f->tep, clean, strlen(clean), sys))
		bad(f, err, errlen, "damaged event format %s:%s (%s): libtraceevent refuses it",
		     sys, name, where);
	else
		ret = 0;
	free(clean);
	return ret;
}

/*
 * A format with a hooked event's fields under another name or system
 * (tdn_impostor()): a renamed event, which would read as absent.
 */
int impostor(struct td_file *f, const char *sys, const char *text,
	     size_t len, const char *where, char *err, size_t errlen)
{
	char name[64], shown[96];
	const char *of_sys, *of = tdn_impostor(sys, text, len, name, sizeof(name), &of_sys);

	if (!of)
		return 0;
	tdn_printable(name, shown, sizeof(shown));
	bad(f, err, errlen, "damaged event formats: %s:%s (%s) has the fields of %s:%s (allowed: those fields under that system and name only)",
	    sys, shown, where, of_sys, of);
	return -1;
}

/*
 * next_format: the (u64 size, format text) at *p of a blob of n bytes:
 * *text, *sz and *p past the size; -1 when the blob ends inside it.
 */
static int next_format(struct td_file *f, const uint8_t *b, size_t n,
		       size_t *p, const char **text, uint64_t *sz)
{
	if (n - *p < 8)
		return -1;
	*sz = g64(f, b + *p);
	*p += 8;
	if (*sz > n - *p)
		return -1;
	*text = (const char *)b + *p;
	return 0;
}

/* A formats section ends at its last format: bytes after it are damage. */
static int formats_end(struct td_file *f, const char *what, size_t n, size_t p,
		       char *err, size_t errlen)
{
	if (p == n)
		return 0;
	bad(f, err, errlen, "%s: %zu bytes past its last format (offset %zu)",
	    what, n - p, p);
	return -1;
}

/* Systems: count, then name, event count, (size, format)... in a blob. */
int parse_systems(struct td_file *f, const uint8_t *b, size_t n,
		  char *err, size_t errlen)
{
	char where[64];

	size_t p = 4, len;
	uint32_t nsys, nev, i, j;
	uint64_t sz;
	const char *sys, *text;

	if (n < 4)
		goto truncated;
	nsys = g32(f, b);
	for (i = 0; i < nsys; i++) {
		sys = (const char *)b + p;
		len = strnlen(sys, n - p);
		if (len == n - p)
			goto truncated;
		if (tdn_bad_system_name(sys)) {
			char shown[96];

			tdn_printable(sys, shown, sizeof(shown));
			bad(f, err, errlen, "damaged event formats: system name '%s' (offset %zu of the formats section) %s (allowed: ASCII letters, digits and '_')",
			    shown, p, tdn_bad_system_name(sys));
			return -1;
		}
		if (tdn_near_system(sys, f->systems)) {
			bad(f, err, errlen, "damaged event formats: system name '%s' (offset %zu of the formats section) is one byte off '%s'",
			    sys, p, tdn_near_system(sys, f->systems));
			return -1;
		}
		p += len + 1;
		if (n - p < 4)
			goto truncated;
		nev = g32(f, b + p);
		p += 4;
		for (j = 0; j < nev; j++) {
			if (next_format(f, b, n, &p, &text, &sz))
				goto truncated;
			snprintf(where, sizeof(where), "offset %zu of the formats section", p);
			if (!wanted(f, sys) && tdn_moved_event(sys, text, sz)) {
				bad(f, err, errlen, "damaged event formats: a %s event under system '%s' (%s)",
				    tdn_moved_event(sys, text, sz), sys, where);
				return -1;
			}
			if (!wanted(f, sys) && note_id(f, format_id(text, sz))) {
				bad(f, err, errlen, "damaged event formats: a format of system '%s' (%s) has ID %ld, another format's (allowed: an ID no other format of the file has)",
				    sys, where, format_id(text, sz));
				return -1;
			}
			if (wanted(f, sys) &&
			    parse_format(f, sys, text, sz, where, err, errlen))
				return -1;
			if (impostor(f, sys, text, sz, where, err, errlen))
				return -1;
			p += sz;
		}
	}
	/* A system or event count too low leaves formats unread. */
	return formats_end(f, "event formats section", n, p, err, errlen);
truncated:
	bad(f, err, errlen, "truncated event formats section (offset %zu)", p);
	return -1;
}

/* ftrace's own formats: count, then (size, format)... in a blob. */
int parse_ftrace(struct td_file *f, const uint8_t *b, size_t n,
		 char *err, size_t errlen)
{
	size_t p = 4;
	uint32_t nev, j;
	uint64_t sz;
	const char *text;

	if (n < 4)
		goto truncated;
	nev = g32(f, b);
	for (j = 0; j < nev; j++) {
		if (next_format(f, b, n, &p, &text, &sz))
			goto truncated;
		if (note_id(f, format_id(text, sz))) {
			bad(f, err, errlen, "ftrace formats section: the format at its offset %zu has ID %ld, another format's (allowed: an ID no other format of the file has)",
			    p, format_id(text, sz));
			return -1;
		}
		p += sz;
	}
	return formats_end(f, "ftrace formats section", n, p, err, errlen);
truncated:
	bad(f, err, errlen, "truncated ftrace formats section (offset %zu)", p);
	return -1;
}

int add_stream(struct td_file *f, uint32_t cpu, uint64_t off,
	       uint64_t size)
{
	struct td_stream *s;

	if (f->nr >= TD_MAX_STREAMS || cpu >= TD_MAX_CPU_ID || off > f->size ||
	    size > f->size - off)
		return -1;
	/*
	 * trace-cmd writes the CPUs' data in order, each at the next page
	 * boundary after the one before (trace-output.c): an offset or size
	 * off that layout would read another CPU's pages or leave some out.
	 * (The slack covers v7's 4-byte chunk count.)
	 */
	if (off % f->page_size ||
	    (f->data_seen && (off < f->data_end ||
			      off - f->data_end >= f->page_size + 4)))
		return -1;
	/*
	 * Uncompressed, the data is whole pages back to back: a size one
	 * page short still passed the check above and dropped that page.
	 */
	if (f->comp == COMP_NONE &&
	    (size % f->page_size || (f->nr && off != f->data_end)))
		return -1;
	f->data_seen = true;
	if (size)
		f->data_end = off + size;
	if (!size)
		return 0;
	s = realloc(f->s, (f->nr + 1) * sizeof(*s));
	if (!s)
		return -1;
	f->s = s;
	s = &f->s[f->nr++];
	memset(s, 0, sizeof(*s));
	s->cpu = cpu;
	s->off = s->pos = off;
	s->end = off + size;
	return 0;
}

/*
 * Options that change timestamps or the data layout, which this reader
 * does not apply: their description, NULL for the others. The rest of
 * the file is still read and checked, so that damage is named as damage.
 */
const char *foreign_option(uint16_t id)
{
	switch (id) {
	case OPT_OFFSET:
		return "option OFFSET (guest timestamps)";
	case OPT_TIME_SHIFT:
		return "option TIME_SHIFT (guest timestamps)";
	case OPT_TSC2NSEC:
		return "option TSC2NSEC (TSC timestamps)";
	case OPT_BUFFER_TEXT:
		return "option BUFFER_TEXT (a latency-format instance)";
	}
	return NULL;
}

/* tdn_moved_event() of the format of sz bytes at off, read from the file. */
const char *v6_moved_event(struct td_file *f, const char *sys,
			   uint64_t off, uint64_t sz)
{
	char head[48];
	size_t n = sz < sizeof(head) ? sz : sizeof(head);

	if (rd(f, off, head, n))
		return NULL;
	return tdn_moved_event(sys, head, n);
}

/* header_page and header_event of a v6 file at *off: name, 8-byte size, data each. */
