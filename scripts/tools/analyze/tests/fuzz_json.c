// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the baseline reader (JSON parser plus schema walk).
 */
#include <stddef.h>
#include <stdint.h>
#include "baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct baseline b;
	char err[256];

	if (!baseline_parse((const char *)data, size, &b, err, sizeof(err)))
		baseline_free(&b);
	return 0;
}
