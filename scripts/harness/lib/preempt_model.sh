# SPDX-License-Identifier: GPL-2.0
#
# The running kernel's PREEMPT_DYNAMIC mode, for the guest's side of the
# harness: selftests/run_plan.sh (one boot for the stock models' tests)
# and plab-scenario-exec -M (one boot for their scenarios).

PLAB_DYN=/sys/kernel/debug/sched/preempt

# plab_switch_model MODEL: make MODEL (none, voluntary, full) the active
# PREEMPT_DYNAMIC mode and check that it reads back so; any other model,
# or a kernel without dynamic modes (RT, a kernel built for one model),
# is left as booted. Writing the mode already active is skipped: every
# write re-patches the kernel's static calls, and live text patching is
# what the emulator hangs in most (see Documentation/harness.rst). On
# failure prints why and returns 1.
plab_switch_model()
{
	local modes

	case "$1" in
	none|voluntary|full) ;;
	*) return 0 ;;
	esac
	[ -e "$PLAB_DYN" ] || return 0
	modes=$(cat "$PLAB_DYN") || { echo "cannot read $PLAB_DYN"; return 1; }
	case " $modes " in *"($1)"*) return 0 ;; esac
	echo "$1" > "$PLAB_DYN" 2>/dev/null || { echo "writing '$1' to $PLAB_DYN failed"; return 1; }
	modes=$(cat "$PLAB_DYN")
	case " $modes " in
	*"($1)"*) return 0 ;;
	*) echo "$PLAB_DYN reads '$modes' after writing '$1'"; return 1 ;;
	esac
}
