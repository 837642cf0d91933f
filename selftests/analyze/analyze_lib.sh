# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the analyzer selftests. Source after ktap.sh and
# module.sh.

ANALYZE=${PLAB_ANALYZE:-$PLAB_TOP/scripts/analyze/plab-analyze}
PLAB_JSON=${PLAB_JSON:-$PLAB_TOP/scripts/verdict/plab-json}
TRACEFS=/sys/kernel/tracing

# analyze_prepare: prerequisites of every analyzer test; skips when unmet.
analyze_prepare()
{
	[ -x "$ANALYZE" ] ||
		ktap_skip_all "$ANALYZE not built (make -C scripts/analyze on the host)"
	command -v trace-cmd > /dev/null || ktap_skip_all "trace-cmd not installed"
	ANALYZE_DIR=$(mktemp -d "${PLAB_OUT:-/tmp}/analyze.XXXXXX") ||
		ktap_skip_all "cannot create a scratch folder"
}

# analyze_require_json: skips unless plab-json is built.
analyze_require_json()
{
	[ -x "$PLAB_JSON" ] || ktap_skip_all "scripts/verdict/plab-json not built (make tools)"
}

# analyze_json_get FILE PATH...: the values at the paths of the JSON report,
# one per line (plab-json: "runs.0.stats[cpu=1].thread.max"); nothing
# when one does not resolve. Returns plab-json's status (1: no such value).
analyze_json_get()
{
	"$PLAB_JSON" "$@" 2>/dev/null
}

# analyze_trace_reset: tracing back on, preemptlab events off.
analyze_trace_reset()
{
	[ -f "$TRACEFS/events/preemptlab/enable" ] &&
		echo 0 > "$TRACEFS/events/preemptlab/enable"
	[ -f "$TRACEFS/tracing_on" ] && echo 1 > "$TRACEFS/tracing_on"
	return 0
}
