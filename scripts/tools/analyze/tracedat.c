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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include "tdfile.h"
#include "tdformat.h"

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
