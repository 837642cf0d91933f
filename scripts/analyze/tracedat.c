// SPDX-License-Identifier: GPL-2.0
/*
 * A direct reader of trace.dat, after trace-cmd.dat.v6(5) and
 * trace-cmd.dat.v7(5). Why not libtracecmd: opening a file with it
 * parses every event format and the whole kallsyms (0.1 s for a guest
 * trace), and it allocates a record per event; the analyzer needs three
 * systems' formats and one record per CPU at a time. What trace-cmd
 * record never writes for the suite is not read but named (TD_FOREIGN):
 * latency-format files, timestamp offsets or conversions, zlib.
 *
 * Every length and offset read from the file is checked against the file
 * and against caps before use: a damaged file gives TD_BAD or a stream
 * that ends early with td_error() set, never a read out of bounds.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include "tdformat.h"
#include "tdnames.h"
#include "tracedat.h"

#define TD_MAX_STREAMS		1024
#define TD_MAX_CPU_ID		65536
#define TD_MAX_META		(64u << 20)	/* one header section */
#define TD_MAX_CHUNK		(64u << 20)	/* one compressed chunk */
#define TD_RAW_BLOCK		(256u << 10)	/* uncompressed read unit */
#define TD_MAX_OPTIONS_SECTIONS	64
#define TD_MAX_EVENT_ID		65535		/* common_type: unsigned short */
#define TD_FORMAT_HEAD		256		/* read for a format's name and ID */
#define TD_MAX_IMPOSTOR_CHECK	(64u << 10)	/* a v6 format read for its fields */

/* Option ids (trace-cmd.dat.v7(5); the same numbers in v6). */
enum {
	OPT_DONE = 0,
	OPT_BUFFER = 3,
	OPT_OFFSET = 7,
	OPT_CPUCOUNT = 8,
	OPT_TIME_SHIFT = 12,
	OPT_TSC2NSEC = 14,
	OPT_HEADER_INFO = 16,
	OPT_FTRACE_EVENTS = 17,
	OPT_EVENT_FORMATS = 18,
	OPT_BUFFER_TEXT = 22,
};

enum td_comp { COMP_NONE, COMP_ZSTD };

struct td_stream {
	int cpu;
	uint64_t off, end;	/* its data in the file */
	uint64_t pos;		/* next file offset to read */
	uint32_t chunks_left;	/* compressed: chunks not yet read */
	uint8_t *buf;		/* pages read, buf_len bytes */
	size_t buf_len, buf_cap, page;	/* page: offset of the current page */
	bool loaded, done;
	long long missed;	/* of the loaded page, for its first record */
	const uint8_t *pd;	/* the loaded page's data, psize bytes */
	size_t psize, ev;	/* ev: offset of the next event header */
	uint64_t ts;		/* time of the last event read */
	struct tep_record rec;
};

struct td_file {
	int fd;
	const uint8_t *mem;	/* td_open_mem() */
	uint64_t size;
	bool swap;
	int version, long_size;
	int klong;		/* the kernel's long: of the page header */
	bool big;		/* big-endian file: event header bits differ */
	uint32_t page_size;
	enum td_comp comp;
	struct tep_handle *tep;
	const char *const *systems;
	struct td_stream *s;
	int nr;
	uint8_t *zbuf;		/* compressed bytes of one chunk */
	size_t zcap;
	ZSTD_DCtx *zctx;	/* one context for every chunk */
	char error[256];
	const char *foreign;	/* what it uses that is not read, or NULL */
	uint64_t data_end;	/* end of the CPU data before, when data_seen */
	bool data_seen;
	uint64_t last_off;	/* of the last read: where damage was found */
	/*
	 * The IDs of every event format in the file (ftrace's, every
	 * system's): a record whose common_type is none of them is damage.
	 * ids_known once all of them were read (a v7 file without its
	 * ftrace formats option is not checked so).
	 */
	uint8_t ids[(TD_MAX_EVENT_ID + 1) / 8];
	bool ids_known;
};

static enum td_status fail(char *err, size_t errlen, enum td_status st,
			   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return st;
}

/*
 * A damaged file: the reason, which names the section, and the offset of
 * the last read, where the first inconsistency showed (a message that
 * names an offset itself is left as it is).
 */
static enum td_status bad(const struct td_file *f, char *err, size_t errlen,
			  const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	n = strlen(err);
	if (!strstr(err, "offset") && n < errlen)
		snprintf(err + n, errlen - n, " (file offset %llu)",
			 (unsigned long long)f->last_off);
	return TD_BAD;
}

static void set_error(struct td_file *f, const char *fmt, ...)
{
	va_list ap;

	if (f->error[0])
		return;		/* keep the first */
	va_start(ap, fmt);
	vsnprintf(f->error, sizeof(f->error), fmt, ap);
	va_end(ap);
}

/* Read len bytes at off: 0, or -1 when they are not all in the file. */
static int rd(struct td_file *f, uint64_t off, void *buf, size_t len)
{
	ssize_t n;
	size_t got = 0;

	f->last_off = off;
	if (off > f->size || len > f->size - off)
		return -1;
	if (!len)
		return 0;
	if (f->mem) {
		memcpy(buf, f->mem + off, len);
		return 0;
	}
	while (got < len) {
		n = pread(f->fd, (char *)buf + got, len - got, off + got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

static uint16_t g16(const struct td_file *f, const void *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return f->swap ? __builtin_bswap16(v) : v;
}

static uint32_t g32(const struct td_file *f, const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return f->swap ? __builtin_bswap32(v) : v;
}

static uint64_t g64(const struct td_file *f, const void *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return f->swap ? __builtin_bswap64(v) : v;
}

static int rd16(struct td_file *f, uint64_t *off, uint16_t *v)
{
	uint8_t b[2];

	if (rd(f, *off, b, 2))
		return -1;
	*off += 2;
	*v = g16(f, b);
	return 0;
}

static int rd32(struct td_file *f, uint64_t *off, uint32_t *v)
{
	uint8_t b[4];

	if (rd(f, *off, b, 4))
		return -1;
	*off += 4;
	*v = g32(f, b);
	return 0;
}

static int rd64(struct td_file *f, uint64_t *off, uint64_t *v)
{
	uint8_t b[8];

	if (rd(f, *off, b, 8))
		return -1;
	*off += 8;
	*v = g64(f, b);
	return 0;
}

/* Read a NUL-terminated string of at most len - 1 bytes at *off. */
static int rdstr(struct td_file *f, uint64_t *off, char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (rd(f, *off + i, &s[i], 1))
			return -1;
		if (!s[i]) {
			*off += i + 1;
			return 0;
		}
	}
	return -1;
}

/* Decompress src into dst of exactly dlen bytes with the file's method. */
static int inflate_to(const struct td_file *f, const void *src, size_t slen,
		      void *dst, size_t dlen)
{
	if (f->comp == COMP_ZSTD) {
		size_t n = f->zctx ? ZSTD_decompressDCtx(f->zctx, dst, dlen, src, slen) :
				     ZSTD_decompress(dst, dlen, src, slen);

		return !ZSTD_isError(n) && n == dlen ? 0 : -1;
	}
	return -1;
}

/*
 * A metadata blob: at off, len bytes; or, for a compressed v7 section,
 * its compressed and uncompressed sizes then the data. Returns a malloc'd
 * copy (NUL-terminated past len) and its length.
 */
static uint8_t *rd_blob(struct td_file *f, uint64_t off, uint64_t len,
			bool compressed, size_t *out_len)
{
	uint8_t *b, *z;
	uint32_t zlen, ulen;

	if (compressed) {
		if (rd32(f, &off, &zlen) || rd32(f, &off, &ulen) ||
		    zlen > TD_MAX_META || ulen > TD_MAX_META)
			return NULL;
		z = malloc(zlen ? zlen : 1);
		b = malloc((size_t)ulen + 1);
		if (!z || !b || rd(f, off, z, zlen) ||
		    inflate_to(f, z, zlen, b, ulen)) {
			free(z);
			free(b);
			return NULL;
		}
		free(z);
		len = ulen;
	} else {
		if (len > TD_MAX_META)
			return NULL;
		b = malloc(len + 1);
		if (!b || rd(f, off, b, len)) {
			free(b);
			return NULL;
		}
	}
	b[len] = 0;
	*out_len = len;
	return b;
}

static bool wanted(const struct td_file *f, const char *sys)
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
static int note_file_id(struct td_file *f, uint64_t off, uint64_t sz,
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
static int parse_header_info(struct td_file *f, const uint8_t *b, size_t n)
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
static int parse_format(struct td_file *f, const char *sys, const char *text,
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
static int impostor(struct td_file *f, const char *sys, const char *text,
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

/* Systems: count, then name, event count, (size, format)... in a blob. */
static int parse_systems(struct td_file *f, const uint8_t *b, size_t n,
			 char *err, size_t errlen)
{
	char where[64];

	size_t p = 4, len;
	uint32_t nsys, nev, i, j;
	uint64_t sz;
	const char *sys;

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
			if (n - p < 8)
				goto truncated;
			sz = g64(f, b + p);
			p += 8;
			if (sz > n - p)
				goto truncated;
			snprintf(where, sizeof(where), "offset %zu of the formats section", p);
			if (!wanted(f, sys) && tdn_moved_event(sys, (const char *)b + p, sz)) {
				bad(f, err, errlen, "damaged event formats: a %s event under system '%s' (%s)",
				    tdn_moved_event(sys, (const char *)b + p, sz), sys, where);
				return -1;
			}
			if (!wanted(f, sys) &&
			    note_id(f, format_id((const char *)b + p, sz))) {
				bad(f, err, errlen, "damaged event formats: a format of system '%s' (%s) has ID %ld, another format's (allowed: an ID no other format of the file has)",
				    sys, where, format_id((const char *)b + p, sz));
				return -1;
			}
			if (wanted(f, sys) &&
			    parse_format(f, sys, (const char *)b + p, sz, where, err, errlen))
				return -1;
			if (impostor(f, sys, (const char *)b + p, sz, where, err, errlen))
				return -1;
			p += sz;
		}
	}
	/* A system or event count too low leaves formats unread. */
	if (p != n) {
		bad(f, err, errlen, "event formats section: %zu bytes past its last system's formats (offset %zu)",
		    n - p, p);
		return -1;
	}
	return 0;
truncated:
	bad(f, err, errlen, "truncated event formats section (offset %zu)", p);
	return -1;
}

/* ftrace's own formats: count, then (size, format)... in a blob. */
static int parse_ftrace(struct td_file *f, const uint8_t *b, size_t n,
			char *err, size_t errlen)
{
	size_t p = 4;
	uint32_t nev, j;
	uint64_t sz;

	if (n < 4)
		goto truncated;
	nev = g32(f, b);
	for (j = 0; j < nev; j++) {
		if (n - p < 8)
			goto truncated;
		sz = g64(f, b + p);
		p += 8;
		if (sz > n - p)
			goto truncated;
		if (note_id(f, format_id((const char *)b + p, sz))) {
			bad(f, err, errlen, "ftrace formats section: the format at its offset %zu has ID %ld, another format's (allowed: an ID no other format of the file has)",
			    p, format_id((const char *)b + p, sz));
			return -1;
		}
		p += sz;
	}
	if (p != n) {
		bad(f, err, errlen, "ftrace formats section: %zu bytes past its last format (offset %zu)",
		    n - p, p);
		return -1;
	}
	return 0;
truncated:
	bad(f, err, errlen, "truncated ftrace formats section (offset %zu)", p);
	return -1;
}

static int add_stream(struct td_file *f, uint32_t cpu, uint64_t off,
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
static const char *foreign_option(uint16_t id)
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
static const char *v6_moved_event(struct td_file *f, const char *sys,
				  uint64_t off, uint64_t sz)
{
	char head[48];
	size_t n = sz < sizeof(head) ? sz : sizeof(head);

	if (rd(f, off, head, n))
		return NULL;
	return tdn_moved_event(sys, head, n);
}

/* header_page and header_event of a v6 file at *off: name, 8-byte size, data each. */
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

static enum td_status open_v6(struct td_file *f, uint64_t off, char *err,
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

static enum td_status open_v7(struct td_file *f, uint64_t off, char *err,
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

static enum td_status td_open_common(struct td_file *f,
				     const char *const *systems,
				     struct td_file **out, char *err,
				     size_t errlen)
{
	uint8_t h[18];
	enum td_status st;
	uint64_t off;
	int i;

	*out = NULL;
	f->systems = systems;
	if (rd(f, 0, h, sizeof(h)) || memcmp(h, "\x17\x08\x44tracing", 10) ||
	    (h[10] != '6' && h[10] != '7') || h[11] || h[12] > 1 ||
	    (h[13] != 4 && h[13] != 8)) {
		st = bad(f, err, errlen, "not a trace-cmd trace.dat");
		goto out;
	}
	f->version = h[10] - '0';
	f->swap = h[12] != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	f->long_size = h[13];
	f->page_size = g32(f, h + 14);
	if (f->page_size < 64 || f->page_size > (1u << 20)) {
		st = bad(f, err, errlen, "page size %u", f->page_size);
		goto out;
	}
	f->tep = tep_alloc();
	if (!f->tep) {
		st = bad(f, err, errlen, "out of memory");
		goto out;
	}
	tep_set_file_bigendian(f->tep, h[12] ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(f->tep, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?
				TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(f->tep, f->long_size);
	tep_set_page_size(f->tep, f->page_size);
	off = sizeof(h);
	st = f->version == 6 ? open_v6(f, off, err, errlen) :
			       open_v7(f, off, err, errlen);
	if (st != TD_OK)
		goto out;
	tep_set_page_size(f->tep, f->page_size);
	f->klong = tep_get_header_page_size(f->tep) == 4 ? 4 : 8;
	f->big = h[12];
	if (f->comp == COMP_ZSTD) {
		f->zctx = ZSTD_createDCtx();
		if (!f->zctx) {
			st = bad(f, err, errlen, "out of memory");
			goto out;
		}
	}
	for (i = 0; i < f->nr; i++) {
		if (f->comp != COMP_NONE) {
			uint64_t p = f->s[i].pos;

			if (rd32(f, &p, &f->s[i].chunks_left)) {
				st = bad(f, err, errlen, "truncated data of CPU %d",
					  f->s[i].cpu);
				goto out;
			}
			f->s[i].pos = p;
			/* the size of the chunks leaves out their count */
			f->s[i].end = f->s[i].end + 4 > f->size ? f->size :
				      f->s[i].end + 4;
		}
	}
	*out = f;
	return TD_OK;
out:
	td_close(f);
	return st;
}

enum td_status td_open(const char *path, const char *const *systems,
		       struct td_file **out, char *err, size_t errlen)
{
	struct td_file *f = calloc(1, sizeof(*f));
	struct stat st;

	*out = NULL;
	if (!f)
		return bad(f, err, errlen, "out of memory");
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0 || fstat(f->fd, &st)) {
		enum td_status ret = bad(f, err, errlen, "%s", strerror(errno));

		td_close(f);
		return ret;
	}
	f->size = st.st_size;
	posix_fadvise(f->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return td_open_common(f, systems, out, err, errlen);
}

enum td_status td_open_mem(const void *buf, size_t len,
			   const char *const *systems, struct td_file **out,
			   char *err, size_t errlen)
{
	struct td_file *f = calloc(1, sizeof(*f));

	*out = NULL;
	if (!f)
		return bad(f, err, errlen, "out of memory");
	f->fd = -1;
	f->mem = buf;
	f->size = len;
	return td_open_common(f, systems, out, err, errlen);
}

struct tep_handle *td_tep(struct td_file *f)
{
	return f->tep;
}

int td_nr_cpus(struct td_file *f)
{
	return f->nr;
}

const char *td_error(struct td_file *f)
{
	return f->error[0] ? f->error : NULL;
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	uint8_t *b;

	if (need <= *cap)
		return 0;
	b = realloc(*buf, need);
	if (!b)
		return -1;
	*buf = b;
	*cap = need;
	return 0;
}

/* Refill s->buf with the next block of pages: 1, 0 at the end, -1 bad. */
static int refill(struct td_file *f, struct td_stream *s)
{
	size_t len;

	s->page = 0;
	s->buf_len = 0;
	if (f->comp == COMP_NONE) {
		if (s->pos >= s->end)
			return 0;
		len = s->end - s->pos < TD_RAW_BLOCK ? s->end - s->pos : TD_RAW_BLOCK;
		if (grow(&s->buf, &s->buf_cap, len) || rd(f, s->pos, s->buf, len))
			return -1;
		s->pos += len;
	} else {
		uint32_t zlen, ulen;
		uint64_t p = s->pos;

		if (!s->chunks_left)
			return 0;
		if (rd32(f, &p, &zlen) || rd32(f, &p, &ulen) ||
		    zlen > TD_MAX_CHUNK || ulen > TD_MAX_CHUNK ||
		    zlen > s->end - p)
			return -1;
		/* Sizes the file asks for; past the process limit: said so. */
		if (grow(&f->zbuf, &f->zcap, zlen) ||
		    grow(&s->buf, &s->buf_cap, ulen)) {
			set_error(f, "out of memory for a chunk of %u bytes of CPU %d at file offset %llu (past the memory limit for this file's size)",
				  ulen, s->cpu, (unsigned long long)s->pos);
			return -1;
		}
		if (rd(f, p, f->zbuf, zlen) ||
		    inflate_to(f, f->zbuf, zlen, s->buf, ulen))
			return -1;
		s->pos = p + zlen;
		s->chunks_left--;
		len = ulen;
	}
	s->buf_len = len;
	return 1;
}

/*
 * The ring-buffer page format (the kernel's ring_buffer.c, as libtraceevent's
 * kbuffer reads it, without its per-event indirections): a header of the
 * page's time and its commit (the kernel's long: size in the low 27 bits,
 * "events were lost" in bit 31, "their count is stored after the data" in
 * bit 30), then events, each a 32-bit header of a 5-bit type_len and a
 * 27-bit time delta (the other way round in a big-endian file).
 */
#define RB_COMMIT_MASK		((1u << 27) - 1)
#define RB_MISSED_EVENTS	(1u << 31)
#define RB_MISSED_STORED	(1u << 30)
#define RB_TYPE_PADDING		29
#define RB_TYPE_TIME_EXTEND	30
#define RB_TYPE_TIME_STAMP	31
#define RB_TS_SHIFT		27
#define RB_TS_MSB		(0xf8ULL << 56)

/* Load the page at s->buf + s->page: -1 when its header is damaged. */
static int load_page(struct td_file *f, struct td_stream *s)
{
	const uint8_t *pg = s->buf + s->page;
	size_t hdr = 8 + f->klong;
	uint64_t commit;

	commit = f->klong == 8 ? g64(f, pg + 8) : g32(f, pg + 8);
	s->psize = commit & RB_COMMIT_MASK;
	if (s->psize > f->page_size - hdr)
		return -1;
	s->pd = pg + hdr;
	s->ev = 0;
	s->ts = g64(f, pg);
	s->missed = 0;
	if (commit & RB_MISSED_EVENTS) {
		s->missed = -1;
		if ((commit & RB_MISSED_STORED) &&
		    s->psize + f->klong <= f->page_size - hdr)
			s->missed = f->klong == 8 ? (long long)g64(f, s->pd + s->psize) :
						    g32(f, s->pd + s->psize);
	}
	return 0;
}

/* The next data event of the loaded page: 1, 0 at its end, -1 damaged. */
static int page_event(struct td_file *f, struct td_stream *s,
		      const uint8_t **data, uint32_t *len)
{
	for (;;) {
		size_t p = s->ev, n = s->psize;
		uint32_t hdr, type, delta, arr;

		if (p >= n)
			return 0;
		if (n - p < 4)
			return -1;
		hdr = g32(f, s->pd + p);
		p += 4;
		if (f->big) {
			type = hdr >> 27;
			delta = hdr & RB_COMMIT_MASK;
		} else {
			type = hdr & 31;
			delta = hdr >> 5;
		}
		if (type >= RB_TYPE_PADDING || type == 0) {
			if (type == RB_TYPE_PADDING && !delta)
				return 0;	/* the rest of the page is empty */
			if (n - p < 4)
				return -1;
			arr = g32(f, s->pd + p);
		}
		switch (type) {
		case RB_TYPE_PADDING:		/* a discarded event */
			if (arr > n - p)
				return -1;
			s->ts += delta;
			s->ev = p + arr;
			continue;
		case RB_TYPE_TIME_EXTEND:
			s->ts += ((uint64_t)arr << RB_TS_SHIFT) + delta;
			s->ev = p + 4;
			continue;
		case RB_TYPE_TIME_STAMP: {	/* absolute, the top bits kept */
			uint64_t abs = ((uint64_t)arr << RB_TS_SHIFT) + delta;

			if (s->ts & RB_TS_MSB) {
				abs |= s->ts & RB_TS_MSB;
				if (abs < s->ts)
					abs += 1ULL << 59;
			}
			s->ts = abs;
			s->ev = p + 4;
			continue;
		}
		case 0:				/* the length in a word of its own */
			if (arr < 4)
				return -1;
			p += 4;
			*len = ((arr - 4) + 3) & ~3u;
			break;
		default:
			*len = type * 4;
			break;
		}
		if (*len > n - p)
			return -1;
		s->ts += delta;
		*data = s->pd + p;
		s->ev = p + *len;
		return 1;
	}
}

/* Load the next page that has an event: 1, 0 at the end, -1 damaged. */
static int next_page(struct td_file *f, struct td_stream *s,
		     const uint8_t **data, uint32_t *len)
{
	for (;;) {
		int ret;

		if (s->loaded)
			s->page += f->page_size;
		s->loaded = false;
		if (s->page + f->page_size > s->buf_len) {
			/* a short last page is a truncated file */
			if (s->page < s->buf_len)
				return -1;
			ret = refill(f, s);
			if (ret <= 0)
				return ret;
			if (s->buf_len < f->page_size)
				return -1;
		}
		if (load_page(f, s))
			return -1;
		s->loaded = true;
		ret = page_event(f, s, data, len);
		if (ret)
			return ret;
	}
}

struct tep_record *td_next(struct td_file *f, int i)
{
	struct td_stream *s;
	const uint8_t *data;
	uint32_t len;
	int ret;

	if (i < 0 || i >= f->nr)
		return NULL;
	s = &f->s[i];
	if (s->done)
		return NULL;
	ret = s->loaded ? page_event(f, s, &data, &len) : 0;
	if (ret > 0) {
		s->rec.missed_events = 0;
	} else if (ret == 0) {
		ret = next_page(f, s, &data, &len);
		s->rec.missed_events = s->missed;
	}
	if (ret <= 0) {
		if (ret < 0)
			set_error(f, "damaged data of CPU %d at file offset %llu",
				  s->cpu, (unsigned long long)s->pos);
		s->done = true;
		return NULL;
	}
	/* An event ID no format has: a damaged ID in a format or a record. */
	if (f->ids_known && len >= 2) {
		uint16_t id = g16(f, data);

		if (!(f->ids[id >> 3] & (1u << (id & 7)))) {
			set_error(f, "a record of CPU %d (data before file offset %llu) has event ID %u, which no event format of the file declares (allowed: the IDs of its formats)",
				  s->cpu, (unsigned long long)s->pos, id);
			s->done = true;
			return NULL;
		}
	}
	s->rec.ts = s->ts;
	s->rec.data = (void *)data;
	s->rec.size = len;
	s->rec.cpu = s->cpu;
	return &s->rec;
}

void td_close(struct td_file *f)
{
	int i;

	if (!f)
		return;
	for (i = 0; i < f->nr; i++)
		free(f->s[i].buf);
	if (f->zctx)
		ZSTD_freeDCtx(f->zctx);
	free(f->s);
	free(f->zbuf);
	if (f->tep)
		tep_free(f->tep);
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}
