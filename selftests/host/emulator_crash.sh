#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: QEMU dying of a signal of its own (an assertion's abort, as
#              QEMU 10's iotlb_to_section did once at boot in a make check)
#              is named as the emulator's, and plab-selftest boots once
#              more for the tests that had not reported: a QEMU that
#              aborts once costs a boot, one that always aborts is a
#              failure after three
#
# A stand-in QEMU answers --version like the system's and then aborts
# (always, or on its first boot only, running the system's QEMU after).

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 4

real=$(command -v qemu-system-x86_64)
# fake_qemu NAME ONCE: a stand-in that aborts on every boot (ONCE=0) or on
# the first one only (ONCE=1).
fake_qemu()
{
	cat > "$tmp/$1" <<FAKE
#!/bin/bash
case "\$*" in *--version*) exec "$real" "\$@" ;; esac
if [ "$2" = 1 ] && [ -e "$tmp/$1.aborted" ]; then
	exec "$real" "\$@"
fi
touch "$tmp/$1.aborted"
echo "qemu-system-x86_64: stand-in: Assertion 'fixture' failed." >&2
kill -ABRT \$\$
FAKE
	chmod +x "$tmp/$1"
}

fake_qemu always 0
fake_qemu once 1

PLAB_VM_QEMU=$tmp/always "$top/scripts/harness/plab-selftest" -m full -t fixtures:pass.sh \
	-o "$tmp/a" > "$tmp/out-a" 2>&1
rc=$?
sed 's/^/# a| /' "$tmp/out-a"
grep -q 'emulator: QEMU died of signal 6' "$tmp/out-a" &&
	[ "$(grep -c 'booting once more' "$tmp/out-a")" = 2 ]
ktap_result $? "an aborting QEMU is named as the emulator's and booted again, three boots in all"
[ $rc -ne 0 ] && tail -n 1 "$tmp/out-a" | grep -Eq ' [1-9][0-9]* failed'
ktap_result $? "a QEMU that always aborts is a failure (exit $rc)"

PLAB_VM_QEMU=$tmp/once "$top/scripts/harness/plab-selftest" -m full -t fixtures:pass.sh \
	-o "$tmp/o" > "$tmp/out-o" 2>&1
rc=$?
sed 's/^/# o| /' "$tmp/out-o"
[ "$(grep -c 'booting once more for the 1 test(s) that did not report' "$tmp/out-o")" = 1 ]
ktap_result $? "a QEMU that aborts once costs one boot more"
[ $rc -eq 0 ] && grep -Eq '^fixtures:pass.sh +PASS' "$tmp/out-o" &&
	tail -n 1 "$tmp/out-o" | grep -Eq '^[1-9][0-9]* passed, 0 failed'
ktap_result $? "and the run counts no failure (exit $rc)"

ktap_finish
