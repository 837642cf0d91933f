/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UTF-8 for the JSON reader and writer (RFC 3629): the one definition of
 * what a valid sequence is, so that what the writer lets through the
 * reader accepts.
 */
#ifndef PLAB_UTF8_H
#define PLAB_UTF8_H

#include <stddef.h>

/*
 * Length of the valid UTF-8 sequence at s (at most avail bytes), 0 when it
 * is none: no stray continuation byte, overlong form, surrogate or code
 * point above U+10FFFF, each of which a strict reader refuses.
 */
static inline size_t utf8_len(const unsigned char *s, size_t avail)
{
	size_t len = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc2 ? 2 : 0;
	unsigned int cp, i;

	if (!len || *s > 0xf4 || len > avail)
		return 0;
	cp = *s & (0x7f >> (len == 1 ? 0 : len));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* cp (at most U+10FFFF, no surrogate) as UTF-8 in out; its length. */
static inline size_t utf8_encode(unsigned int cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

#endif
