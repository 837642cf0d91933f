/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_TDFILE_H
#define PLAB_ANALYZE_TDFILE_H

/*
 * The trace.dat reader's insides, shared by its files: tracedat.c (the
 * API of tracedat.h, the CPU streams and their pages), tdio.c (bounded
 * reads and errors), tdsections.c (the header sections: formats, systems,
 * streams) and tdopen.c (the version 6 and 7 layouts). Nothing else
 * includes it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <zstd.h>
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


/* Numbers of the file in its byte order: inline, read for every event. */
static inline uint16_t g16(const struct td_file *f, const void *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return f->swap ? __builtin_bswap16(v) : v;
}

static inline uint32_t g32(const struct td_file *f, const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return f->swap ? __builtin_bswap32(v) : v;
}

static inline uint64_t g64(const struct td_file *f, const void *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return f->swap ? __builtin_bswap64(v) : v;
}

/* tdio.c: reads checked against the file, and what went wrong. */
enum td_status bad(const struct td_file *f, char *err, size_t errlen,
		   const char *fmt, ...);
enum td_status fail(char *err, size_t errlen, enum td_status st,
		    const char *fmt, ...);
int inflate_to(const struct td_file *f, const void *src, size_t slen,
	       void *dst, size_t dlen);
int rd(struct td_file *f, uint64_t off, void *buf, size_t len);
int rd16(struct td_file *f, uint64_t *off, uint16_t *v);
int rd32(struct td_file *f, uint64_t *off, uint32_t *v);
int rd64(struct td_file *f, uint64_t *off, uint64_t *v);
uint8_t *rd_blob(struct td_file *f, uint64_t off, uint64_t len,
		 bool compressed, size_t *out_len);
int rdstr(struct td_file *f, uint64_t *off, char *s, size_t len);
void set_error(struct td_file *f, const char *fmt, ...);

/* tdsections.c: the header sections and the CPU streams they name. */
int add_stream(struct td_file *f, uint32_t cpu, uint64_t off,
	       uint64_t size);
const char *foreign_option(uint16_t id);
int impostor(struct td_file *f, const char *sys, const char *text,
	     size_t len, const char *where, char *err, size_t errlen);
int note_file_id(struct td_file *f, uint64_t off, uint64_t sz,
		 long *id);
int parse_format(struct td_file *f, const char *sys, const char *text,
		 size_t len, const char *where, char *err, size_t errlen);
int parse_ftrace(struct td_file *f, const uint8_t *b, size_t n,
		 char *err, size_t errlen);
int parse_header_info(struct td_file *f, const uint8_t *b, size_t n);
int parse_systems(struct td_file *f, const uint8_t *b, size_t n,
		  char *err, size_t errlen);
const char *v6_moved_event(struct td_file *f, const char *sys,
			   uint64_t off, uint64_t sz);
bool wanted(const struct td_file *f, const char *sys);

/* tdopen.c: the layouts of file versions 6 and 7 after the first bytes. */
enum td_status open_v6(struct td_file *f, uint64_t off, char *err,
		       size_t errlen);
enum td_status open_v7(struct td_file *f, uint64_t off, char *err,
		       size_t errlen);

#endif
