#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every invalid parameter and combination is refused at load
#              with a message naming it (hold_across_io with a spinlock
#              saying why), nothing stays loaded and no file is created
# models: full rt   (model-independent: the same kernel binary serves none,
#                    voluntary and full)

. "$(dirname "$0")/journal_lib.sh"

JR_DIR=/tmp/plab_journal_inval.$$
# A name of its own: the guest's /tmp is the host's, seen through an overlay.
DOTDOT=plab_journal_dotdot.$$

# refuse WHAT PARAM...: insmod must fail, name WHAT and leave nothing.
refuse()
{
	local what=$1 ok=1

	shift
	probe_dmesg_mark
	if ! plab_load plab_journal "$@" 2>/dev/null &&
	   ! plab_module_loaded plab_journal &&
	   probe_dmesg_since | grep -q "plab_journal: .*$what"; then
		ok=0
	else
		plab_unload plab_journal
	fi
	ktap_result $ok "refused: $*"
}

cleanup()
{
	jr_cleanup
	rm -rf "$JR_DIR"
}

SPIN_SLEEP=".*sleeping under a spinlock"
CASES=(
	"lock=bogus|lock=bogus"
	"io=disk|io=disk"
	"hold_across_io=1: refused with lock=spin: $SPIN_SLEEP|lock=spin hold_across_io=1"
	"hold_across_io=1: refused with lock=raw_spin: $SPIN_SLEEP|lock=raw_spin hold_across_io=1"
	"writers: invalid|writers=0"
	"record_kb: invalid|record_kb=16385"
	"journal_kb: invalid|journal_kb=65537"
	"journal_kb=64: range record_kb|record_kb=128 journal_kb=64"
	"io_latency_us: invalid|io_latency_us=1000001"
	"commits: invalid|commits=-1"
	"policy=rr|policy=rr"
	"prio=0|policy=fifo"
	"prio=5|prio=5"
	"cpus=|cpus=999"
	"io=file: needs path=|io=file"
	"path=.*absolute|io=file path=relative/file"
	"path=.*components|io=file path=$JR_DIR/../$DOTDOT"
	"path=.*only with io=file|path=$JR_DIR/f"
	"path=.*cannot create|io=file path=$JR_DIR/nodir/f"
	"path=.*it exists|io=file path=$JR_DIR/exists"
)

ktap_header
jr_prepare
trap cleanup EXIT
mkdir -p "$JR_DIR" && : > "$JR_DIR/exists"
ktap_plan $((${#CASES[@]} + 2))

for c in "${CASES[@]}"; do
	# shellcheck disable=SC2086
	refuse "${c%%|*}" ${c#*|}
done

[ "$(ls "$JR_DIR")" = exists ] && [ ! -s "$JR_DIR/exists" ] && [ ! -e "$JR_DIR/../$DOTDOT" ]
ktap_result $? "no file created or written by the refused loads"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
