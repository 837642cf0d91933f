// SPDX-License-Identifier: GPL-2.0
/*
 * The trace.dat reader's reads (tdfile.h): every one checked against the
 * file's size, byte order applied, zstd chunks inflated into bounded
 * buffers, and the error text of what was found.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>
#include "tdfile.h"
#include "tdformat.h"
#include "tdnames.h"

enum td_status fail(char *err, size_t errlen, enum td_status st,
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
enum td_status bad(const struct td_file *f, char *err, size_t errlen,
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

void set_error(struct td_file *f, const char *fmt, ...)
{
	va_list ap;

	if (f->error[0])
		return;		/* keep the first */
	va_start(ap, fmt);
	vsnprintf(f->error, sizeof(f->error), fmt, ap);
	va_end(ap);
}

/* Read len bytes at off: 0, or -1 when they are not all in the file. */
int rd(struct td_file *f, uint64_t off, void *buf, size_t len)
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

int rd16(struct td_file *f, uint64_t *off, uint16_t *v)
{
	uint8_t b[2];

	if (rd(f, *off, b, 2))
		return -1;
	*off += 2;
	*v = g16(f, b);
	return 0;
}

int rd32(struct td_file *f, uint64_t *off, uint32_t *v)
{
	uint8_t b[4];

	if (rd(f, *off, b, 4))
		return -1;
	*off += 4;
	*v = g32(f, b);
	return 0;
}

int rd64(struct td_file *f, uint64_t *off, uint64_t *v)
{
	uint8_t b[8];

	if (rd(f, *off, b, 8))
		return -1;
	*off += 8;
	*v = g64(f, b);
	return 0;
}

/* Read a NUL-terminated string of at most len - 1 bytes at *off. */
int rdstr(struct td_file *f, uint64_t *off, char *s, size_t len)
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
int inflate_to(const struct td_file *f, const void *src, size_t slen,
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
uint8_t *rd_blob(struct td_file *f, uint64_t off, uint64_t len,
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
