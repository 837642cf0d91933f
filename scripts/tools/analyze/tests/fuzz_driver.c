// SPDX-License-Identifier: GPL-2.0
/*
 * Stand-in for libFuzzer when clang's -fsanitize=fuzzer is missing: a
 * bounded random-mutation loop over the seed corpus, built with ASan and
 * UBSan. Usage: fuzz_X -max_total_time=N [CORPUS_DIR]
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SEEDS 64
#define MAX_LEN 65536

static uint8_t *seed[MAX_SEEDS];
static size_t seed_len[MAX_SEEDS];
static int nr_seeds;

static void load_seeds(const char *dir)
{
	struct dirent *e;
	char path[4096];
	DIR *d = opendir(dir);
	FILE *f;

	while (d && (e = readdir(d)) && nr_seeds < MAX_SEEDS) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		seed[nr_seeds] = malloc(MAX_LEN);
		seed_len[nr_seeds] = fread(seed[nr_seeds], 1, MAX_LEN, f);
		fclose(f);
		nr_seeds++;
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	static uint8_t buf[MAX_LEN];
	long secs = 10, runs = 0;
	time_t end;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "-max_total_time=", 16))
			secs = atol(argv[i] + 16);
		else if (argv[i][0] != '-')
			load_seeds(argv[i]);
	}
	srand(1);
	end = time(NULL) + secs;
	while (time(NULL) < end) {
		size_t len = 0, n;
		int k, muts;

		if (nr_seeds && rand() % 8) {
			k = rand() % nr_seeds;
			len = seed_len[k];
			memcpy(buf, seed[k], len);
		}
		muts = 1 + rand() % 8;
		for (k = 0; k < muts; k++) {
			switch (rand() % 4) {
			case 0:	/* flip a byte */
				if (len)
					buf[rand() % len] = rand();
				break;
			case 1:	/* truncate */
				if (len)
					len = rand() % len;
				break;
			case 2:	/* insert random bytes */
				n = rand() % 16;
				if (len + n < MAX_LEN) {
					size_t at = len ? rand() % len : 0, j;

					memmove(buf + at + n, buf + at, len - at);
					for (j = 0; j < n; j++)
						buf[at + j] = "{}[],:\"0-e.\\ntfu\0"[rand() % 17];
					len += n;
				}
				break;
			default: /* duplicate a chunk */
				if (len && len * 2 < MAX_LEN) {
					n = rand() % len;
					memcpy(buf + len, buf, n);
					len += n;
				}
			}
		}
		LLVMFuzzerTestOneInput(buf, len);
		runs++;
	}
	printf("Done %ld runs in %ld second(s)\n", runs, secs);
	return 0;
}
