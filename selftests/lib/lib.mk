# SPDX-License-Identifier: GPL-2.0
#
# Shared rules for preemptlab selftest collections, kselftest-like: a
# collection's Makefile sets TEST_PROGS (and optionally TEST_FILES) and
# includes this file.
#
#   make run_tests                  run this collection with ../run.sh
#   make install INSTALL_PATH=DIR   copy it (and the shared lib) to DIR

COLLECTION := $(notdir $(patsubst %/,%,$(CURDIR)))
INSTALL_PATH ?= $(CURDIR)/../../build/selftests

all:

run_tests:
	@../run.sh -c $(COLLECTION)

install:
	install -d $(INSTALL_PATH)/$(COLLECTION) $(INSTALL_PATH)/lib
	install -m 0755 $(TEST_PROGS) $(INSTALL_PATH)/$(COLLECTION)/
	$(if $(TEST_FILES),install -m 0644 $(TEST_FILES) $(INSTALL_PATH)/$(COLLECTION)/)
	install -m 0644 config settings $(INSTALL_PATH)/$(COLLECTION)/
	install -m 0644 ../lib/*.sh ../lib/lib.mk $(INSTALL_PATH)/lib/
	install -m 0755 ../run.sh $(INSTALL_PATH)/

.PHONY: all run_tests install
