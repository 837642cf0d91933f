# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-patches' series: the cover letter, the series made of the three
# patches (format-patch, and a quilt series file), and what of a series
# the preemptlab tree determines. Sourced by plab-patches, never run.

cover_letter_text()
{
	local ver=$1 kver=$2

	cat <<EOF
preemptlab: preemption latency measurement modules

This series adds preemptlab to the kernel tree, generated from the
preemptlab project's out-of-tree sources, against linux-source-$ver
(Debian, $kver).

preemptlab makes the latency cost of each preemption model (none,
voluntary, full, PREEMPT_RT) measurable: a probe records scheduling
latency into debugfs histograms and trace events, and injector modules
cause disturbances of known size on purpose (non-preemptible sections,
softirq floods, journaling-style lock-then-I/O work), so every latency
change can be attributed to its cause.

Patch 1 adds the modules under lib/preemptlab/ (CONFIG_PREEMPTLAB and one
tristate per module, modules only) and their trace events.

Patch 2 adds irq:softirq_defer, a tracepoint fired when __do_softirq()
hands the pending softirqs over to ksoftirqd, with the limit that made
it do so (time, restart count or need_resched). It does not depend on
the other patches.

Patch 3 adds the selftests in tools/testing/selftests/preemptlab/.
EOF
}

# make_series VERSION OUT: generate the series for VERSION into OUT.
make_series()
{
	local ver=$1 out=$2 kver p

	base_repo "$ver" || return 1
	kver=$(tree_version "$REPO")
	reset_base && G "$REPO" checkout -q -B plab-series pristine || return 1
	commit_modules || return 1
	commit_softirq_defer || return 1
	commit_selftests || return 1

	G "$REPO" config branch.plab-series.description "$(cover_letter_text "$ver" "$kver")" &&
		rm -rf "$out" && mkdir -p "$out" &&
		G "$REPO" format-patch -q --cover-letter --cover-from-description=subject \
			--zero-commit --no-signature --full-index --base=pristine \
			-o "$out" pristine..plab-series || return 1
	{
		echo "# preemptlab series for linux-source-$ver ($kver), applied in this order"
		echo "# (quilt, -p1); 0000-cover-letter.patch is the cover letter only."
		for p in "$out"/[0-9][0-9][0-9][0-9]-*.patch; do
			case "${p##*/}" in 0000-cover-letter.patch) continue ;; esac
			echo "${p##*/}"
		done
	} > "$out/series"
	reset_base
}

# series_patches DIR: the patches of DIR/series, in order.
series_patches()
{
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1/series"
}

# series_content FILE: what of a generated file this tree determines. The
# base tree decides the rest, and Debian updates it under us (6.12.117 to
# 6.12.118 changed no line of ours): its version in the cover letter, blob
# ids, hunk positions, context and removed lines, diffstat widths, the
# base-commit trailer and the series file's comment. The messages, the
# files touched and every added line are ours; "applies" checks the rest
# against the tree that is there.
series_content()
{
	awk '
	/^diff --git / { body = 1 }
	/^base-commit: / || /^prerequisite-patch-id: / { next }
	FILENAME ~ /(^|\/)series$/ && /^#/ { next }
	!body {
		if ($0 ~ /^ .* \| +[0-9]+( [-+]*)?$/ || $0 ~ /^ [0-9]+ files? changed/)
			next
		gsub(/\(Debian, [^)]*\)/, "(Debian, <version>)")
		print
		next
	}
	/^diff --git / || /^(new|deleted) file mode / || /^rename (from|to) / || /^\+/ { print }
	' "$1"
}
