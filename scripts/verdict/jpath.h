/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paths into a JSON document (libplab's json.h), for plab-json: dot-separated
 * member names and array indexes ("runs.0.stats.2.thread.p99"), selectors
 * that pick the first object of an array with a member of a given value
 * ("runs.0.stats[cpu=all].thread.p99") and "#", the length of an array or
 * object, as the last step ("runs.#").
 */
#ifndef PLAB_VERDICT_JPATH_H
#define PLAB_VERDICT_JPATH_H

#include "json.h"
#include "util.h"

enum { JPATH_OK, JPATH_MISSING, JPATH_SYNTAX };

/*
 * The value at path as plab-json prints it, appended to out: numbers as
 * written, strings without quotes, true, false, null, arrays and objects
 * as compact JSON. JPATH_MISSING when the path does not resolve,
 * JPATH_SYNTAX when it is malformed, with the reason in err.
 */
int jpath_eval(const struct json_node *root, const char *path, struct sbuf *out,
	       char *err, size_t errlen);

#endif
