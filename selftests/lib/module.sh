# SPDX-License-Identifier: GPL-2.0
#
# Module helpers for preemptlab's selftests (in the spirit of kselftest's
# module.sh). Source after ktap.sh. The harness sets:
#
#   PLAB_TOP     the tree (shared read-only into the VM at the same path)
#   PLAB_KO_DIR  where the .ko files for the running kernel are
#   PLAB_MODEL   none|voluntary|full|rt, or "host" on a test box
#
# On a test box, PLAB_KO_DIR defaults to the tree's build folder for the
# running kernel.

PLAB_TOP=${PLAB_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PLAB_KO_DIR=${PLAB_KO_DIR:-$PLAB_TOP/build/$(uname -r)}
PLAB_MODEL=${PLAB_MODEL:-host}

. "$(dirname "${BASH_SOURCE[0]}")/kernel_log.sh"

# plab_begin PLAN PREPARE CLEANUP: a test's start: its KTAP header, its
# collection's checks (PREPARE skips the test when something it needs is
# missing), CLEANUP on every exit, and a plan of PLAN cases.
plab_begin()
{
	ktap_header
	"$2"
	# shellcheck disable=SC2064 # the cleanup's name, now
	trap "$3" EXIT
	ktap_plan "$1"
}

# plab_is_number VALUE: a non-negative decimal integer ("-" is how the
# modules' debugfs files show an empty minimum or maximum).
plab_is_number()
{
	case "$1" in
	''|*[!0-9]*) return 1 ;;
	esac
}

# plab_read_whole VAR FILE: FILE's whole text into VAR, read to its end
# with no seek. A debugfs stats file is a seq_file that is generated anew
# on every seek: bash's "while read ... < FILE" reads a chunk, seeks back
# to the line's end and so takes each line from another snapshot, at an
# offset computed in the last one; when a number changed length between
# the two, a line is read from its middle. Fails when FILE is unreadable.
plab_read_whole()
{
	local -n _plab_text=$1

	_plab_text=
	[ -r "$2" ] || return 1
	IFS= read -r -d '' _plab_text < "$2"
	[ -n "$_plab_text" ]
}

plab_require_root()
{
	[ "$(id -u)" -eq 0 ] || ktap_skip_all "must be run as root"
}

# plab_require_module NAME: skip the whole test when NAME.ko is not built.
plab_require_module()
{
	[ -f "$PLAB_KO_DIR/$1.ko" ] || ktap_skip_all "$1.ko not found in $PLAB_KO_DIR"
}

# plab_require_fs: debugfs (the modules' files) and tracefs (their events)
# mounted, mounting them when they are not; skips the test without debugfs.
plab_require_fs()
{
	mountpoint -q /sys/kernel/debug ||
		mount -t debugfs nodev /sys/kernel/debug 2>/dev/null ||
		ktap_skip_all "debugfs not available"
	[ -f /sys/kernel/tracing/trace ] ||
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
}

plab_taint()
{
	cat /proc/sys/kernel/tainted
}

# plab_taint_bad: print the taint bits outside the allowed set (0 if none).
plab_taint_bad()
{
	echo $(($(plab_taint) & ~PLAB_TAINT_ALLOWED))
}

plab_module_loaded()
{
	[ -d "/sys/module/$1" ]
}

# plab_load NAME [PARAM=VALUE...]: insmod from PLAB_KO_DIR.
plab_load()
{
	local name=$1

	shift
	insmod "$PLAB_KO_DIR/$name.ko" "$@"
}

# plab_unload NAME: rmmod if loaded; true when it is gone afterwards.
plab_unload()
{
	plab_module_loaded "$1" || return 0
	rmmod "$1" && ! plab_module_loaded "$1"
}

# plab_unload_busy NAME: plab_unload, retried for up to two seconds. A
# reader holding one of the module's debugfs files open holds a module
# reference, and rmmod is refused (cleanly, EBUSY) until it lets go.
plab_unload_busy()
{
	local i

	for ((i = 0; i < 40; i++)); do
		plab_unload "$1" 2> /dev/null && return 0
		sleep 0.05
	done
	plab_unload "$1"
}

# plab_cleanup_modules: unload every preemptlab module (trap handler).
plab_cleanup_modules()
{
	local m

	for m in /sys/module/plab_*; do
		[ -d "$m" ] && rmmod "${m##*/}" 2>/dev/null
	done
	return 0
}
