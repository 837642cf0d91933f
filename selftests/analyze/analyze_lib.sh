# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the analyzer selftests; this sources ktap.sh and
# module.sh. Reports are read with jq (../lib/json.sh).

ANALYZE=${PLAB_ANALYZE:-$PLAB_TOP/scripts/tools/analyze/plab-analyze}
TRACEFS=/sys/kernel/tracing

. "$(dirname "${BASH_SOURCE[0]}")/../lib/ktap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/module.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/json.sh"
. "$PLAB_TOP/scripts/harness/lib/tracefs.sh"

# analyze_prepare: prerequisites of every analyzer test; skips when unmet.
analyze_prepare()
{
	[ -x "$ANALYZE" ] ||
		ktap_skip_all "$ANALYZE not built (make -C scripts/tools/analyze on the host)"
	command -v trace-cmd > /dev/null || ktap_skip_all "trace-cmd not installed"
	ANALYZE_DIR=$(mktemp -d "${PLAB_OUT:-/tmp}/analyze.XXXXXX") ||
		ktap_skip_all "cannot create a scratch folder"
	# trace-cmd record -b leaves the buffers at its size: put back what
	# was there (a later test that reads the whole buffer reads 3 times
	# more lines after a -b 4096).
	ANALYZE_BUF_KB=$(plab_trace_buf_kb "$TRACEFS")
}

# analyze_trace_reset: tracing back on, preemptlab events off, the buffers
# back to their size before the test.
analyze_trace_reset()
{
	[ -f "$TRACEFS/events/preemptlab/enable" ] &&
		echo 0 > "$TRACEFS/events/preemptlab/enable"
	[ -f "$TRACEFS/tracing_on" ] && echo 1 > "$TRACEFS/tracing_on"
	[ -n "${ANALYZE_BUF_KB:-}" ] && echo "$ANALYZE_BUF_KB" > "$TRACEFS/buffer_size_kb"
	return 0
}
