# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-patches' patch 1: the modules under lib/preemptlab/, with their
# Kconfig, Makefile and MAINTAINERS wiring. Sourced by plab-patches, never
# run.

# Kconfig entries: symbol suffix, prompt, extra dependencies, help text.
# Every module of modules/Kbuild needs one (checked).
kconfig_entry()
{
	case "$1" in
	PROBE) cat <<'EOF'
config PREEMPTLAB_PROBE
	tristate "Scheduling latency probe (plab_probe)"
	depends on m
	help
	  A per-CPU hard-interrupt hrtimer on absolute periods wakes a
	  SCHED_FIFO kthread on each selected CPU. The timer interrupt
	  latency and the thread's wakeup latency of every sample go to
	  per-CPU histograms in debugfs and to the preemptlab:plab_latency
	  trace event. It works without the timerlat tracer.

	  Sampling starts when the module is loaded.
EOF
		;;
	PROBE_SELFTEST) cat <<'EOF'
config PREEMPTLAB_PROBE_SELFTEST
	tristate "Test-only busy section for the probe selftests"
	depends on m
	help
	  A test module for tools/testing/selftests/preemptlab: it spins in
	  one preempt_disable() section of a given length (at most 200 ms)
	  on a given CPU when loaded, and again on every write to its
	  trigger parameter, so the probe's measurement can be checked
	  against a disturbance of known size.

	  Say N unless you run the preemptlab selftests.
EOF
		;;
	NPS) cat <<'EOF'
config PREEMPTLAB_NPS
	tristate "Non-preemptible section injector (plab_nps)"
	depends on m
	help
	  Runs sections of a chosen length, period, burst and jitter on the
	  selected CPUs, each protected by one mechanism: preempt_disable,
	  interrupts off, bottom halves off, a raw or sleeping spinlock, a
	  rwlock, a mutex, RCU, migrate_disable, or nothing. Optional waiter
	  threads contend for the lock. Each section is recorded as the
	  preemptlab:plab_nps_section trace event.

	  Sections start when the module is loaded and delay other tasks on
	  purpose: load it on a test machine only.
EOF
		;;
	SOFTIRQ) cat <<'EOF'
config PREEMPTLAB_SOFTIRQ
	tristate "Softirq flood (plab_softirq)"
	depends on m
	depends on NET
	help
	  Floods the selected CPUs with softirq work from NAPI on a dummy
	  net device (never registered), tasklets, timer_list timers or
	  soft hrtimers, at a chosen rate and cost per batch, and records
	  where each batch ran (inline on the raising CPU or in ksoftirqd)
	  as the preemptlab:plab_softirq_batch trace event.

	  The flood starts when the module is loaded and delays other tasks
	  on purpose: load it on a test machine only.
EOF
		;;
	JOURNAL) cat <<'EOF'
config PREEMPTLAB_JOURNAL
	tristate "Journaling-style workload (plab_journal)"
	depends on m
	select CRC32
	help
	  Writer threads commit records to an in-memory journal the way a
	  journaling filesystem does: a crc32c over each record while
	  holding a lock (raw spinlock, spinlock or mutex), then an I/O
	  wait (a sleep, or a write and fsync to a file). Each commit is
	  recorded as the preemptlab:plab_journal_commit trace event.

	  The writers start when the module is loaded: load it on a test
	  machine only.
EOF
		;;
	*) return 1 ;;
	esac
}

write_kconfig()
{
	local syms=$1 s

	cat <<'EOF'
# SPDX-License-Identifier: GPL-2.0
#
# preemptlab: modules that disturb the kernel on purpose and measure the
# scheduling latency that results. They are test tools, available as
# modules only: each one starts working when it is loaded.

menuconfig PREEMPTLAB
	bool "preemptlab: preemption latency measurement modules"
	depends on DEBUG_FS && TRACING && MODULES
	help
	  preemptlab makes the latency cost of a preemption model (none,
	  voluntary, full, PREEMPT_RT) measurable. A probe samples the
	  scheduling latency of every CPU into debugfs histograms and the
	  preemptlab:* trace events, and injector modules cause known
	  disturbances: non-preemptible sections, softirq floods and
	  journaling-style lock-then-I/O work.

	  The selftests are in tools/testing/selftests/preemptlab. Say N
	  unless you measure scheduling latency on a test machine.

if PREEMPTLAB
EOF
	for s in $syms; do
		echo
		kconfig_entry "$s" || return 1
	done
	printf '\nendif # PREEMPTLAB\n'
}

# write_makefile KBUILD: lib/preemptlab/Makefile from modules/Kbuild (its
# module lists and comments; obj-m becomes obj-$(CONFIG_PREEMPTLAB_...)).
write_makefile()
{
	cat <<'EOF'
# SPDX-License-Identifier: GPL-2.0
#
# The preemptlab modules (see Kconfig). Each module's sources live in
# their own folder; the shared helpers are in plab/, the trace events in
# include/trace/events/preemptlab_*.h.
EOF
	awk '
	/^ccflags-y/ { body = 1; getline; if ($0 != "") print; next }
	!body { next }
	/^obj-m[ \t]*\+=/ {
		m = $3; sub(/\.o$/, "", m)
		s = toupper(m); sub(/^PLAB_/, "PREEMPTLAB_", s)
		print "obj-$(CONFIG_" s ") += " m ".o"
		next
	}
	{ print }' "$1"
}

# kbuild_symbols KBUILD: the Kconfig suffixes (PROBE ...) of its modules.
kbuild_symbols()
{
	awk '/^obj-m[ \t]*\+=/ { m = $3; sub(/\.o$/, "", m); sub(/^plab_/, "", m)
		print toupper(m) }' "$1"
}

MAINTAINERS_TITLE="PREEMPTLAB PREEMPTION LATENCY MEASUREMENT MODULES"

# shellcheck disable=SC2154 # ver: the version being made (make_series)
add_maintainers_entry()
{
	local entry

	entry=$(printf '%s\nM:\t%s <%s>\nS:\tMaintained\nF:\tinclude/trace/events/preemptlab_*.h\nF:\tlib/preemptlab/\n' \
		"$MAINTAINERS_TITLE" "$AUTHOR" "$EMAIL")
	# Before the first section whose title sorts after ours.
	ENTRY="$entry" TITLE="$MAINTAINERS_TITLE" perl -0777 -i -pe '
		BEGIN { $done = 0 }
		my @l = split /^/m;
		my ($out, $list) = ("", 0);
		for my $i (0 .. $#l) {
			$list = 1 if $l[$i] =~ /^Maintainers List/;
			if (!$done && $list && $i > 0 && $l[$i - 1] eq "\n" &&
			    $i < $#l && $l[$i + 1] =~ /^[A-Z]:\t/ &&
			    $l[$i] =~ /^[A-Z0-9]/ && ($l[$i] cmp "$ENV{TITLE}\n") > 0 &&
			    $l[$i] gt "P") {
				$out .= "$ENV{ENTRY}\n\n";
				$done = 1;
			}
			$out .= $l[$i];
		}
		$_ = $out;
		END { $? = $done ? 0 : 3 }
	' "$REPO/MAINTAINERS" || { warn "$ver: cannot add the MAINTAINERS entry"; return 1; }
}

# shellcheck disable=SC2154 # ver: the version being made (make_series)
commit_modules()
{
	local f rel dst=$REPO/lib/preemptlab syms s

	mkdir -p "$dst/plab" "$REPO/include/trace/events" || return 1
	for f in $(source_files modules); do
		rel=${f#modules/}
		case "$rel" in
		Kbuild|Makefile) ;;
		include/trace/events/*.h) install -m 0644 "$PLAB_TOP/$f" "$REPO/include/trace/events/" ;;
		include/plab/*.h) install -m 0644 "$PLAB_TOP/$f" "$dst/plab/" ;;
		*/*.[ch])
			mkdir -p "$dst/${rel%/*}" &&
				install -m 0644 "$PLAB_TOP/$f" "$dst/$rel" ;;
		*.[ch]) warn "$ver: $f: not in a module folder"; return 1 ;;
		*) ;;
		esac || return 1
	done

	# In-tree include paths: the trace headers are found through
	# <trace/events/...> (define_trace.h's default path), the helpers
	# relative to the sources.
	find "$dst" -name '*.[ch]' ! -path "$dst/plab/*" -exec sed -i \
		-e 's|^#include <plab/\([a-z_]*\.h\)>|#include "../plab/\1"|' \
		-e 's|^#include <\(preemptlab_[a-z_]*\.h\)>|#include <trace/events/\1>|' {} + &&
		sed -i -e 's|^#include <plab/\([a-z_]*\.h\)>|#include "\1"|' "$dst"/plab/*.h &&
		sed -i -e '/^#undef TRACE_INCLUDE_PATH$/d' -e '/^#define TRACE_INCLUDE_PATH \.$/d' \
			"$REPO"/include/trace/events/preemptlab_*.h || return 1
	# The target's kernel API: since 6.10 __assign_str() takes the field
	# alone (its source is the one named in __string()). In-tree there is
	# one kernel, so the out-of-tree compat macro is resolved away.
	local one=0
	[ "$ver" = 6.1 ] || one=1
	perl -0pi -e 's{/\*\n \* Since 6\.10 __assign_str\(\).*?#endif\n#endif\n\n}{}s;
		s{PLAB_ASSIGN_STR\((\w+), (\w+)\)}{'"$one"' ? "__assign_str($1)" : "__assign_str($1, $2)"}ge' \
		"$REPO"/include/trace/events/preemptlab_*.h || return 1
	# (Comments may name the helpers as <plab/...>; includes may not.)
	if grep -rn -e '^#include <plab/' -e '#include <preemptlab_' -e 'TRACE_INCLUDE_PATH' \
			"$dst" "$REPO"/include/trace/events/preemptlab_*.h >&2; then
		warn "$ver: include paths left to rewrite (above)"
		return 1
	fi

	syms=$(kbuild_symbols "$PLAB_TOP/modules/Kbuild")
	for s in $syms; do
		kconfig_entry "$s" > /dev/null ||
			{ warn "modules/Kbuild: module plab_${s,,} has no Kconfig entry in ${BASH_SOURCE[0]}"; return 1; }
	done
	write_kconfig "$syms" > "$dst/Kconfig" &&
		write_makefile "$PLAB_TOP/modules/Kbuild" > "$dst/Makefile" || return 1

	perl_edit "$REPO/lib/Kconfig.debug" "source lib/preemptlab/Kconfig" \
		'$n += s/^(menuconfig RUNTIME_TESTING_MENU\n)/source "lib\/preemptlab\/Kconfig"\n\n$1/m' &&
		perl_edit "$REPO/lib/Makefile" "add lib/preemptlab/ to lib/Makefile" \
			'$n += s/^(obj-\$\(CONFIG_TEST_LOCKUP\) \+= test_lockup\.o\n)/$1obj-\$(CONFIG_PREEMPTLAB) += preemptlab\/\n/m' &&
		add_maintainers_entry || return 1

	G "$REPO" add -A -f -- lib include/trace/events MAINTAINERS &&
		G "$REPO" commit -q -s -F - <<'EOF'
preemptlab: add the preemption measurement modules

Comparing preemption models (none, voluntary, full, PREEMPT_RT) needs
a scheduling latency probe that works on any kernel, including the many
distribution kernels built without the timerlat tracer, and disturbances
of known size, caused on purpose, by which each model can be judged.
Without the disturbances a latency run only measures whatever the
machine happened to do.

Add them as modules under lib/preemptlab/:

 - plab_probe: a per-CPU hard-interrupt hrtimer on absolute periods
   wakes a SCHED_FIFO kthread; the IRQ and thread latency of every
   sample go to per-CPU histograms in debugfs and to a trace event;
 - plab_nps: non-preemptible sections of chosen length, period and
   jitter, protected by preempt_disable, irqs off, bh off, raw or
   sleeping spinlocks, rwlocks, a mutex, RCU or migrate_disable;
 - plab_softirq: softirq floods from NAPI on a dummy net device,
   tasklets, timer_list and soft hrtimers, recording where the work
   ran (inline or in ksoftirqd);
 - plab_journal: a journaling-style workload, a crc32c under a lock
   followed by an I/O wait, with good and bad lock designs;
 - plab_probe_selftest: a test-only preempt_disable section for the
   probe's selftests.

Each module records its work in the preemptlab trace system
(include/trace/events/preemptlab_*.h), so one trace shows both the
disturbance and the latency it caused. Every module starts working when
loaded and delays other tasks on purpose, so they can only be built as
modules, behind CONFIG_PREEMPTLAB in the kernel testing menu.
EOF
}
