#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: a module that does not build, or oopses on load, fails the
#              build or the load test with a message that names it

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 4

# A module source with a compile error, added to a copy of modules/.
cp -a "$top/modules" "$tmp/src"
printf '// SPDX-License-Identifier: GPL-2.0\n#include <linux/module.h>\nint plab_broken(void) { return undeclared_thing; }\nMODULE_LICENSE("GPL");\n' \
	> "$tmp/src/plab_broken.c"
echo 'obj-m += plab_broken.o' >> "$tmp/src/Kbuild"
"$top/scripts/harness/plab-build-modules" -k stock --src "$tmp/src" -o "$tmp/build" > "$tmp/build.out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/build.out"
[ $rc -ne 0 ] && grep -q 'plab_broken.c' "$tmp/build.out"
ktap_result $? "a module that does not compile fails the build, naming plab_broken.c"

# The same with a warning only: warnings fail the build too.
sed -i 's/return undeclared_thing;/int unused; return 0;/' "$tmp/src/plab_broken.c"
sed -i 's/-Werror//' "$tmp/src/Kbuild"
"$top/scripts/harness/plab-build-modules" -k stock --src "$tmp/src" -o "$tmp/build" > "$tmp/build.out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'plab_broken.c.*warning' "$tmp/build.out"
ktap_result $? "a compiler warning fails the build, naming the file"

# A module that oopses on load, through the harness's load test.
mkdir -p "$tmp/oops"
cp "$top/selftests/fixtures/plab_fixture_oops.c" "$top/selftests/fixtures/Kbuild" "$tmp/oops/"
"$top/scripts/harness/plab-build-modules" -k stock --src "$tmp/oops" -o "$tmp/obuild" > "$tmp/obuild.out" 2>&1 ||
	sed 's/^/# | /' "$tmp/obuild.out"
kver=$(ls "$tmp/obuild" | grep -v '\.log$' | head -n 1)
"$top/scripts/harness/plab-vm" -q -k full -o "$tmp/vm" -- env PLAB_KO_DIR="$tmp/obuild/$kver" \
	"$top/selftests/run.sh" -t harness:modules_load.sh > "$tmp/vm.out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/vm/output.log" | grep -E 'ok|splat|plab_fixture'
ktap_diag "plab-vm: exit $rc: $(cat "$tmp/vm/result")"
[ $rc -ne 0 ] && grep -q 'not ok .*plab_fixture_oops' "$tmp/vm/output.log"
ktap_result $? "the load test fails and names plab_fixture_oops"
[ $rc -eq 123 ] && grep -q 'kernel problem' "$tmp/vm/result"
ktap_result $? "the VM run is a kernel problem (123), not a pass"

ktap_finish
