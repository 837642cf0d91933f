# SPDX-License-Identifier: GPL-2.0
#
# Shared shell helpers for the preemptlab scripts. Sourced, never run.
#
# Every script that sources this sets PROG before calling die()/warn().

PLAB_TOP=${PLAB_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
PLAB_CACHE=${PLAB_CACHE:-$PLAB_TOP/.cache}

# The four default preemption models and how each is realised.
PLAB_MODELS="none voluntary full rt"

die()
{
	echo "${PROG:-preemptlab}: error: $*" >&2
	exit 2
}

warn()
{
	echo "${PROG:-preemptlab}: $*" >&2
}

# plab_model_flavour MODEL: print the kernel flavour that runs MODEL.
plab_model_flavour()
{
	case "$1" in
	none|voluntary|full) echo stock ;;
	rt) echo rt ;;
	*) return 1 ;;
	esac
}

# plab_vm_retry DIR: the plab-vm run in DIR ended in a way that is the
# emulator's luck, not the tests' (no user space, the live-patching hang,
# QEMU dying of its own signal, a wedged guest): worth one more boot.
plab_vm_retry()
{
	[ -f "$1/boot-hang" ] || [ -f "$1/emulator-hang" ] ||
		[ -f "$1/emulator-crash" ] || [ -f "$1/wedged" ]
}

# plab_model_cmdline MODEL: print the boot options that select MODEL.
plab_model_cmdline()
{
	case "$1" in
	none|voluntary|full) echo "preempt=$1" ;;
	rt) echo "" ;;
	*) return 1 ;;
	esac
}

# plab_is_uint VALUE: true when VALUE is a non-negative decimal integer.
plab_is_uint()
{
	case "$1" in
	''|*[!0-9]*) return 1 ;;
	*) return 0 ;;
	esac
}

# plab_kernel_env FLAVOUR: load KVER, VMLINUZ, MODROOT and KDIR of a cached
# kernel into the caller's environment, fetching it when not cached yet.
plab_kernel_env()
{
	local out

	out=$("$PLAB_TOP/scripts/harness/plab-kernel-fetch" "$1") || return 1
	eval "$out"
}
