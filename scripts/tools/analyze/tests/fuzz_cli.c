// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the option parser, argv split from the input at NUL bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

#define FUZZ_MAX_ARGS 40

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[FUZZ_MAX_ARGS + 2];
	struct plab_params p;
	char err[256];
	size_t i, start = 0;
	int argc = 1;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "plab-analyze";
	for (i = 0; i <= size && argc < FUZZ_MAX_ARGS; i++) {
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	cli_parse(argc, argv, &p, err, sizeof(err));
	free(buf);
	return 0;
}
