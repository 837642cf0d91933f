// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the direct trace.dat reader, on the input as a whole file,
 * every record of every stream read.
 */
#include <stdint.h>
#include "tracedat.h"

#define FUZZ_MAX_RECORDS 1000000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const systems[] = { "preemptlab", "irq", "sched",
					       NULL };
	struct td_file *f;
	char err[256];
	long n = 0;
	int i;

	if (td_open_mem(data, size, systems, &f, err, sizeof(err)) != TD_OK)
		return 0;
	for (i = 0; i < td_nr_cpus(f); i++) {
		struct tep_record *rec;

		while (n < FUZZ_MAX_RECORDS && (rec = td_next(f, i))) {
			volatile uint8_t sink = ((const uint8_t *)rec->data)[rec->size - 1];

			(void)sink;
			n++;
		}
	}
	td_close(f);
	return 0;
}
