// SPDX-License-Identifier: GPL-2.0
/*
 * The process memory limit, sized by the inputs. The reader's own memory
 * does not grow with the trace, so what a file may legitimately cost is
 * a constant plus its metadata; a damaged size field (a zstd chunk of
 * 64 MiB in a 13 KiB file) then fails its allocation, which the reader
 * reports, instead of taking the machine's memory.
 *
 * RLIMIT_AS rather than a budget counted in our own allocations:
 * libtraceevent (every event format) and libzstd (its contexts) allocate
 * with malloc() where no counter of ours sees it, and neither takes an
 * allocator except zstd. The kernel's limit covers every mapping of the
 * process, shared libraries included, which MEMLIMIT_BASE pays for.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include "memlimit.h"

static uint64_t file_size(const char *path)
{
	struct stat st;

	return path && !stat(path, &st) && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

uint64_t memlimit_bytes(const struct plab_params *p)
{
	uint64_t hist = (p->hist_max_us + 1) * sizeof(uint64_t);
	uint64_t total = MEMLIMIT_BASE + MEMLIMIT_PER_BYTE * file_size(p->baseline_path);
	int i;

	for (i = 0; i < p->nr_files; i++)
		total += MEMLIMIT_PER_BYTE * file_size(p->files[i]) +
			 MEMLIMIT_HISTS * hist;
	return total;
}

int memlimit_apply(uint64_t bytes)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_AS, &rl))
		return -1;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= bytes)
		return 0;	/* already tighter: keep the caller's */
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < bytes)
		bytes = rl.rlim_max;
	rl.rlim_cur = bytes;
	return setrlimit(RLIMIT_AS, &rl);
}
