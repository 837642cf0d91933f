// SPDX-License-Identifier: GPL-2.0
/*
 * Writer of small synthetic trace.dat files (see tracedat_gen.h). Little
 * endian, 64-bit longs, 4 KiB pages; each event is a 4-byte ring-buffer
 * header (type_len 4: 16 bytes of data; the time delta) and 16 bytes of
 * data: the common fields and the value.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include "tracedat_gen.h"

#define EV_ID		1000
#define EV_BYTES	20
#define PAGE_HDR	16

static const char header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";

static const char header_event[] =
	"# compressed entry header\n\ttype_len    :    5 bits\n"
	"\ttime_delta  :   27 bits\n\tarray       :   32 bits\n";

static const char format[] =
	"name: plab_test\nID: 1000\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:u64 value;\toffset:8;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"value=%llu\", REC->value\n";

#define COMMON_FIELDS \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"

/*
 * Formats of the events the analyzer hooks, as Linux 6.1 writes them, so
 * that damage to them can be tested (no records of them are written).
 */
static const char fmt_latency[] =
	"name: plab_latency\nID: 1001\nformat:\n" COMMON_FIELDS
	"\tfield:u64 seq;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:u64 start;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:u64 irq_ns;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:u64 thread_ns;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned int cpu;\toffset:40;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned int missed;\toffset:44;\tsize:4;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:48;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned int ctx;\toffset:52;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"cpu=%u seq=%llu start=%llu irq_ns=%llu thread_ns=%llu missed=%u pid=%d ctx=0x%x\", "
	"REC->cpu, REC->seq, REC->start, REC->irq_ns, REC->thread_ns, REC->missed, REC->pid, REC->ctx\n";

static const char fmt_irq_entry[] =
	"name: irq_handler_entry\nID: 1002\nformat:\n" COMMON_FIELDS
	"\tfield:int irq;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:__data_loc char[] name;\toffset:12;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"irq=%d name=%s\", REC->irq, __get_str(name)\n";

static const char fmt_softirq_entry[] =
	"name: softirq_entry\nID: 1003\nformat:\n" COMMON_FIELDS
	"\tfield:unsigned int vec;\toffset:8;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"vec=%u [action=%s]\", REC->vec, __print_symbolic(REC->vec, "
	"{ 0, \"HI\" }, { 1, \"TIMER\" }, { 2, \"NET_TX\" }, { 3, \"NET_RX\" }, "
	"{ 4, \"BLOCK\" }, { 5, \"IRQ_POLL\" }, { 6, \"TASKLET\" }, { 7, \"SCHED\" }, "
	"{ 8, \"HRTIMER\" }, { 9, \"RCU\" })\n";

static const char fmt_sched_switch[] =
	"name: sched_switch\nID: 1004\nformat:\n" COMMON_FIELDS
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:1;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:1;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
	"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d\", "
	"REC->prev_comm, REC->prev_pid, REC->prev_prio, (REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1)) ? "
	"__print_flags(REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1), \"|\", "
	"{ 0x00000001, \"S\" }, { 0x00000002, \"D\" }, { 0x00000004, \"T\" }, { 0x00000008, \"t\" }, { 0x00000010, \"X\" }, "
	"{ 0x00000020, \"Z\" }, { 0x00000040, \"P\" }, { 0x00000080, \"I\" }) : \"R\", "
	"REC->prev_state & (((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) ? \"+\" : \"\", "
	"REC->next_comm, REC->next_pid, REC->next_prio\n";

struct buf {
	uint8_t *p;
	size_t len, cap;
	int bad;
};

static void put(struct buf *b, const void *d, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = (b->len + n) * 2 + 4096;
		uint8_t *p = realloc(b->p, cap);

		if (!p) {
			b->bad = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void put16(struct buf *b, uint16_t v) { put(b, &v, 2); }
static void put32(struct buf *b, uint32_t v) { put(b, &v, 4); }
static void put64(struct buf *b, uint64_t v) { put(b, &v, 8); }
static void putstr(struct buf *b, const char *s) { put(b, s, strlen(s) + 1); }

static void pad_to(struct buf *b, size_t align)
{
	static const uint8_t zero[TD_GEN_PAGE];

	put(b, zero, (align - b->len % align) % align);
}

/* Empty pages (no events) up to len bytes. */
static void zero_to(struct buf *b, size_t len)
{
	static const uint8_t zero[TD_GEN_PAGE];

	while (b->len < len && !b->bad)
		put(b, zero, len - b->len < sizeof(zero) ? len - b->len : sizeof(zero));
}

static void set64(struct buf *b, size_t at, uint64_t v)
{
	if (!b->bad)
		memcpy(b->p + at, &v, 8);
}

/* The pages of one CPU: events packed, a new page when one is full. */
static void cpu_pages(struct buf *b, int cpu, int n)
{
	uint8_t page[TD_GEN_PAGE];
	size_t used = 0;
	uint64_t last = 0;
	int i;

	for (i = 0; i < n; i++) {
		uint64_t ts = TD_GEN_T0 + i * TD_GEN_STEP + cpu;
		uint64_t value = (uint64_t)cpu * 1000000 + i;
		uint16_t type = EV_ID;
		uint32_t hdr;
		int32_t pid = 100 + cpu;

		if (used && used + EV_BYTES > TD_GEN_PAGE - PAGE_HDR) {
			memcpy(page + 8, &(uint64_t){ used }, 8);
			put(b, page, TD_GEN_PAGE);
			used = 0;
		}
		if (!used) {
			memset(page, 0, sizeof(page));
			memcpy(page, &ts, 8);
			last = ts;
		}
		hdr = 4 | (uint32_t)(ts - last) << 5;	/* type_len 4 */
		last = ts;
		memcpy(page + PAGE_HDR + used, &hdr, 4);
		memcpy(page + PAGE_HDR + used + 4, &type, 2);
		memset(page + PAGE_HDR + used + 6, 0, 2);
		memcpy(page + PAGE_HDR + used + 8, &pid, 4);
		memcpy(page + PAGE_HDR + used + 12, &value, 8);
		used += EV_BYTES;
	}
	if (used) {
		memcpy(page + 8, &(uint64_t){ used }, 8);
		put(b, page, TD_GEN_PAGE);
	}
}

/* Compress src into b as "zlen ulen data" with the given method. */
static void put_z(struct buf *b, int zstd, const uint8_t *src, size_t n)
{
	size_t cap = zstd ? ZSTD_compressBound(n) : compressBound(n);
	uint8_t *z = malloc(cap ? cap : 1);
	uLongf zl = cap;
	size_t zn;

	if (!z) {
		b->bad = 1;
		return;
	}
	if (zstd) {
		zn = ZSTD_compress(z, cap, src, n, 1);
		b->bad |= ZSTD_isError(zn);
	} else {
		b->bad |= compress2(z, &zl, src, n, 1) != Z_OK;
		zn = zl;
	}
	put32(b, zn);
	put32(b, n);
	put(b, z, zn);
	free(z);
}

/* A v7 section: header, then the data, compressed when comp. */
static size_t section(struct buf *f, uint16_t id, int comp, int zstd,
		      const struct buf *data)
{
	size_t at = f->len, size_at;

	put16(f, id);
	put16(f, comp ? 1 : 0);
	put32(f, 0);
	size_at = f->len;
	put64(f, 0);
	if (comp)
		put_z(f, zstd, data->p, data->len);
	else
		put(f, data->p, data->len);
	set64(f, size_at, f->len - size_at - 8);
	return at;
}

static void header_info(struct buf *d)
{
	put(d, "header_page", 12);
	put64(d, strlen(header_page));
	put(d, header_page, strlen(header_page));
	put(d, "header_event", 13);
	put64(d, strlen(header_event));
	put(d, header_event, strlen(header_event));
}

static void put_format(struct buf *d, const char *text)
{
	put64(d, strlen(text));
	put(d, text, strlen(text));
}

static void systems(struct buf *d)
{
	put32(d, 3);
	putstr(d, "preemptlab");
	put32(d, 2);
	put_format(d, format);
	put_format(d, fmt_latency);
	putstr(d, "irq");
	put32(d, 2);
	put_format(d, fmt_irq_entry);
	put_format(d, fmt_softirq_entry);
	putstr(d, "sched");
	put32(d, 1);
	put_format(d, fmt_sched_switch);
}

static uint8_t *gen_v6(int nr_cpus, int per_cpu, size_t *len)
{
	struct buf f = { 0 };
	size_t offs;
	int cpu;

	put(&f, "\x17\x08\x44tracing6", 11);
	put(&f, "\0\0\x08", 3);
	put32(&f, TD_GEN_PAGE);
	header_info(&f);
	put32(&f, 0);			/* ftrace formats */
	systems(&f);
	put32(&f, 0);			/* kallsyms */
	put32(&f, 0);			/* printk */
	put64(&f, 0);			/* cmdlines */
	put32(&f, nr_cpus);
	put(&f, "options  ", 10);
	put16(&f, 0);
	put(&f, "flyrecord", 10);
	offs = f.len;
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		put64(&f, 0);
		put64(&f, 0);
	}
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		size_t start;

		pad_to(&f, TD_GEN_PAGE);
		start = f.len;
		cpu_pages(&f, cpu, per_cpu);
		set64(&f, offs + cpu * 16, start);
		set64(&f, offs + cpu * 16 + 8, f.len - start);
	}
	if (f.bad) {
		free(f.p);
		return NULL;
	}
	*len = f.len;
	return f.p;
}

/* Where a v7 file's sections and CPU data are, for its options section. */
struct v7_layout {
	int comp, zstd, huge;
	size_t hdr_at, ftrace_at, fmt_at, fly_at;
	size_t cpu_off[64], cpu_len[64];
};

/*
 * The v7 file header: magic, version, page size and compression; returns
 * where the options section's offset goes, written last.
 */
static size_t v7_file_header(struct buf *f, const struct v7_layout *l)
{
	size_t opt_at;

	put(f, "\x17\x08\x44tracing7", 11);
	put(f, "\0\0\x08", 3);
	put32(f, TD_GEN_PAGE);
	putstr(f, l->comp ? (l->zstd ? "zstd" : "zlib") : "none");
	putstr(f, l->comp ? "1" : "");
	opt_at = f->len;
	put64(f, 0);
	return opt_at;
}

/*
 * The metadata sections: header_page and header_event, ftrace's formats,
 * the event systems. Returns nonzero when their data could not be built.
 */
static int v7_meta(struct buf *f, struct v7_layout *l)
{
	struct buf d = { 0 };
	int bad;

	header_info(&d);
	l->hdr_at = section(f, 16, l->comp, l->zstd, &d);
	d.len = 0;
	put32(&d, 0);			/* ftrace formats: none, as in v6 */
	l->ftrace_at = section(f, 17, l->comp, l->zstd, &d);
	d.len = 0;
	systems(&d);
	l->fmt_at = section(f, 18, l->comp, l->zstd, &d);
	bad = d.bad;
	free(d.p);
	return bad;
}

/*
 * One CPU's compressed data: two chunks, the first page, then the rest
 * (one chunk, padded with empty pages, when huge). Returns its size.
 */
static size_t v7_cpu_chunks(struct buf *f, const struct v7_layout *l, int cpu,
			    int per_cpu)
{
	struct buf pg = { 0 };
	size_t start = f->len, half;

	cpu_pages(&pg, cpu, per_cpu);
	if (l->huge)
		zero_to(&pg, TD_GEN_HUGE_CHUNK);
	half = pg.len > TD_GEN_PAGE && !l->huge ? TD_GEN_PAGE : pg.len;
	put32(f, pg.len > half ? 2 : 1);
	put_z(f, l->zstd, pg.p, half);
	if (pg.len > half)
		put_z(f, l->zstd, pg.p + half, pg.len - half);
	f->bad |= pg.bad;
	free(pg.p);
	/* the size leaves out the chunk count, as trace-cmd's */
	return f->len - start - 4;
}

/* The flyrecord section: its header, then page-aligned CPU data. */
static void v7_flyrecord(struct buf *f, struct v7_layout *l, int nr_cpus,
			 int per_cpu)
{
	int cpu;

	l->fly_at = f->len;
	put16(f, 3);
	put16(f, l->comp ? 1 : 0);
	put32(f, 0);
	put64(f, 0);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		pad_to(f, TD_GEN_PAGE);
		l->cpu_off[cpu] = f->len;
		if (l->comp) {
			l->cpu_len[cpu] = v7_cpu_chunks(f, l, cpu, per_cpu);
		} else {
			cpu_pages(f, cpu, per_cpu);
			l->cpu_len[cpu] = f->len - l->cpu_off[cpu];
		}
	}
	set64(f, l->fly_at + 8, f->len - l->fly_at - 16);
}

/*
 * The options section's data: the metadata sections, OFFSET for
 * TD_GEN_V7_OFFSET, the flyrecord with its CPUs, DONE.
 */
static void v7_options(struct buf *o, const struct v7_layout *l,
		       enum td_gen_kind kind, int nr_cpus)
{
	int cpu;

	put16(o, 16);
	put32(o, 8);
	put64(o, l->hdr_at);
	put16(o, 17);
	put32(o, 8);
	put64(o, l->ftrace_at);
	put16(o, 18);
	put32(o, 8);
	put64(o, l->fmt_at);
	if (kind == TD_GEN_V7_OFFSET) {
		put16(o, 7);
		put32(o, 3);
		put(o, "42", 3);
	}
	put16(o, 3);
	put32(o, 8 + 1 + 6 + 8 + nr_cpus * 20);
	put64(o, l->fly_at);
	putstr(o, "");
	putstr(o, "local");
	put32(o, TD_GEN_PAGE);
	put32(o, nr_cpus);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		put32(o, cpu);
		put64(o, l->cpu_off[cpu]);
		put64(o, l->cpu_len[cpu]);
	}
	put16(o, 0);
	put32(o, 8);
	put64(o, 0);
}

/* A version 7 file: the header, metadata, flyrecord, then the options. */
static uint8_t *gen_v7(enum td_gen_kind kind, int nr_cpus, int per_cpu,
		       size_t *len)
{
	struct v7_layout l = { 0 };
	struct buf f = { 0 }, o = { 0 };
	size_t opt_at;
	int meta_bad;

	if (nr_cpus > 64)
		return NULL;
	l.huge = kind == TD_GEN_V7_HUGE;
	l.comp = kind == TD_GEN_V7_ZSTD || kind == TD_GEN_V7_ZLIB || l.huge;
	l.zstd = kind == TD_GEN_V7_ZSTD || l.huge;
	opt_at = v7_file_header(&f, &l);
	meta_bad = v7_meta(&f, &l);
	v7_flyrecord(&f, &l, nr_cpus, per_cpu);
	/* The options section, last, pointed to from the file header. */
	v7_options(&o, &l, kind, nr_cpus);
	set64(&f, opt_at, section(&f, 0, l.comp, l.zstd, &o));
	free(o.p);
	if (f.bad || meta_bad || o.bad) {
		free(f.p);
		return NULL;
	}
	*len = f.len;
	return f.p;
}

uint8_t *td_gen(enum td_gen_kind kind, int nr_cpus, int per_cpu, size_t *len)
{
	if (kind == TD_GEN_V6)
		return gen_v6(nr_cpus, per_cpu, len);
	return gen_v7(kind, nr_cpus, per_cpu, len);
}
