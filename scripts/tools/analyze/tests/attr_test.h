/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the attribution tests (test_attrib, test_defer) share: their time
 * units and the look-up of a cause's statistics by its label, which the
 * engine itself never needs (it works on interned ids).
 */
#ifndef PLAB_ANALYZE_ATTR_TEST_H
#define PLAB_ANALYZE_ATTR_TEST_H

#include <string.h>
#include "attrib.h"

#define MS 1000000ULL
#define US 1000ULL

/* cpu's statistics of the cause named label (cpu < 0: all), or NULL. */
static inline const struct attr_cause_stat *
attr_test_stat(const struct attr *a, int cpu, const char *label)
{
	const struct attr_cause_stat *s = attr_stats(a, cpu);
	uint32_t i;

	for (i = 0; s && i < a->nr_causes; i++)
		if (!strcmp(a->labels[i], label))
			return &s[i];
	return NULL;
}

#endif
