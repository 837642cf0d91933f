#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: good design (lock released before the I/O): the probe on
#              the writer's CPU waits at most about one checksum section
#              with raw_spin (and spin on non-RT), whatever the I/O time;
#              on rt the spin section is preemptible, so the probe stays
#              far below it, unlike raw_spin

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/journal_lib.sh"

IO_SHORT_US=20000
IO_LONG_US=80000

# noise_margin: what the probe's max may exceed a section by: TCG noise
# (JR_NOISE_NS), a fifth of the section when longer (a long
# non-preemptible section under TCG delays the timer interrupt too), or
# the noise floor measured just before, when the host is loaded.
noise_margin()
{
	local margin=$((JR_CSUM_MAX / 5))

	[ "$margin" -ge "$JR_NOISE_NS" ] || margin=$JR_NOISE_NS
	[ "$margin" -ge "${JR_NOISE_MAX:-0}" ] || margin=$JR_NOISE_MAX
	echo "$margin"
}

# bounded: the last probe max is within the longest checksum section plus
# the noise margin.
bounded()
{
	[ "$JR_PROBE_MAX" -le $((JR_CSUM_MAX + $(noise_margin))) ]
}

ktap_header
jr_prepare
trap jr_cleanup EXIT
ktap_plan 4

ok=1
jr_probe_run raw_spin $IO_SHORT_US && bounded && ok=0
short_max=$JR_PROBE_MAX
short_spikes=${JR_SPIKES:-0}
short_margin=$(noise_margin)
ktap_result $ok \
	"lock=raw_spin io_latency_us=$IO_SHORT_US: probe max within the checksum section + noise"

ok=1
jr_probe_run raw_spin $IO_LONG_US && bounded && ok=0
ktap_result $ok \
	"lock=raw_spin io_latency_us=$IO_LONG_US: probe max within the checksum section + noise"

# Four times the I/O must not add half the I/O difference to the probe's
# max, beyond what the noise of either run allows.
ok=1
if [ -n "$short_max" ] && [ -n "$JR_PROBE_MAX" ]; then
	margin=$(noise_margin)
	[ "$margin" -ge "$short_margin" ] || margin=$short_margin
	[ "$JR_PROBE_MAX" -lt $((short_max + (IO_LONG_US - IO_SHORT_US) * 1000 / 2 + margin)) ] &&
		ok=0
fi
growth="$(( ${short_max:-0} / 1000)) us at $((IO_SHORT_US / 1000)) ms"
growth+=", $(( ${JR_PROBE_MAX:-0} / 1000)) us at $((IO_LONG_US / 1000)) ms"
growth+=", noise margin $(( ${margin:-0} / 1000)) us"
ktap_result $ok "probe max does not grow with the I/O time ($growth)"

ok=1
if jr_model_rt; then
	# raw_spin delayed the probe by half a section or more for at least
	# half of the commits; spin must not (counting samples, not the max,
	# keeps the verdict when the host deschedules the VM once).
	jr_probe_run spin $IO_SHORT_US &&
		[ $((JR_SPIKES * 2)) -lt "$JR_COMMITS" ] &&
		[ $((short_spikes * 2)) -ge "$JR_COMMITS" ] && ok=0
	what="lock=spin on rt: probe far below the checksum section, unlike raw_spin"
	ktap_result $ok "$what ($short_spikes late samples, spin: $JR_SPIKES)"
else
	jr_probe_run spin $IO_SHORT_US && bounded && ok=0
	ktap_result $ok "lock=spin on $PLAB_MODEL: probe max within the checksum section + noise"
fi

ktap_finish
