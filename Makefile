# SPDX-License-Identifier: GPL-2.0
#
# preemptlab top-level Makefile.
#
#   make            build the modules for every cached kernel, and the tools
#   make run        set up (packages, kernels), build, run the scenario
#                   suite on the four models, ending in a report
#   make check      set up, build, run every test; ends "N passed, N failed"
#   make check-lava only make check's LAVA layer (lava-run of the test
#                   definition on a QEMU device; Documentation/lava.rst)
#   make deps       install the Debian packages (root)
#   make kernels    fetch the default kernels and QEMU 10 (bookworm-backports)
#                   into .cache/ (never installed)
#   make checkpatch checkpatch.pl --strict on the kernel sources
#   make clean

CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -Werror
export CFLAGS

# User-space C programs live in scripts/tools/<tool>/, each with its Makefile.
TOOLS := $(patsubst %/Makefile,%,$(wildcard scripts/tools/*/Makefile))

all: modules tools

deps:
	@scripts/harness/plab-deps

kernels:
	@scripts/harness/plab-kernel-fetch stock > /dev/null
	@scripts/harness/plab-kernel-fetch rt > /dev/null
	@scripts/harness/plab-qemu-fetch --retry > /dev/null || \
		echo "  NOTE    QEMU 10 could not be fetched; the VMs use the system QEMU"

modules:
	@scripts/harness/plab-build-modules

tools:
	@set -e; for t in $(TOOLS); do $(MAKE) -C $$t; done

checkpatch:
	@scripts/harness/plab-checkpatch

# The build is part of what run and check report, so a broken module is
# named in their summary rather than stopping them before it.
run: deps kernels
	@scripts/harness/plab-build-modules || true
	@$(MAKE) -s tools
	@scripts/harness/plab-run -o results/run-$$(date +%Y%m%d-%H%M%S)

check: deps kernels
	@scripts/harness/plab-check

check-lava: deps kernels
	@scripts/harness/plab-check --layers lava

clean:
	rm -rf build
	@set -e; for t in $(TOOLS); do $(MAKE) -C $$t clean; done

.PHONY: all deps kernels modules tools checkpatch run check check-lava clean
