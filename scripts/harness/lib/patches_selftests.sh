# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-patches' patch 3: the selftests in
# tools/testing/selftests/preemptlab/. Sourced by plab-patches, never run.

# make_var FILE VAR: the words of VAR (":=" or "+=", with continuations)
# in a selftest Makefile.
make_var()
{
	awk -v var="$2" '
	$0 ~ "^" var "[ \t]*[:+]?=" { on = 1; sub(/^[^=]*=/, "") }
	on { more = sub(/\\$/, ""); print; on = more }' "$1" | tr -s ' \t' '\n' | grep -v '^$'
}

# sh_rewrite FILE: the in-tree layout is one folder (tools/testing/
# selftests/preemptlab/) with the shared helpers in lib/.
sh_rewrite()
{
	sed -i -e 's#\.\./probe/probe_lib\.sh#probe_lib.sh#g' \
		-e 's#/\.\./lib/#/lib/#g' "$1"
}

# shellcheck disable=SC2154 # ver: the version being made (make_series)
commit_selftests()
{
	local dst=$REPO/tools/testing/selftests/preemptlab c f progs="" files="" timeout=0 t
	local st=$PLAB_TOP/selftests

	mkdir -p "$dst/lib" || return 1
	for f in $SELFTEST_LIBS; do
		install -m 0644 "$st/lib/$f" "$dst/lib/$f" && sh_rewrite "$dst/lib/$f" || return 1
	done
	for c in $COLLECTIONS; do
		for f in $(make_var "$st/$c/Makefile" TEST_PROGS); do
			[ -f "$st/$c/$f" ] || { warn "selftests/$c/Makefile lists $f, which does not exist"; return 1; }
			[ ! -e "$dst/$f" ] || { warn "selftests/$c/$f: name clash in the flat layout"; return 1; }
			install -m 0755 "$st/$c/$f" "$dst/$f" && sh_rewrite "$dst/$f" || return 1
			progs="$progs $f"
		done
		for f in $(make_var "$st/$c/Makefile" TEST_FILES); do
			[ -f "$st/$c/$f" ] || { warn "selftests/$c/Makefile lists $f, which does not exist"; return 1; }
			[ ! -e "$dst/$f" ] || { warn "selftests/$c/$f: name clash in the flat layout"; return 1; }
			install -m 0644 "$st/$c/$f" "$dst/$f" || return 1
			case "$f" in *.sh) sh_rewrite "$dst/$f" ;; esac
			files="$files $f"
		done
		t=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' "$st/$c/settings" 2>/dev/null)
		[ "${t:-45}" -gt "$timeout" ] && timeout=${t:-45}
	done

	# The recorded false inputs of the positive controls (lib/checks/):
	# those that a shipped file names, and no others.
	mkdir -p "$dst/lib/checks" || return 1
	for f in "$st"/lib/checks/*; do
		[ -f "$f" ] || continue
		grep -q -F "${f##*/}" "$dst"/*.sh "$dst"/lib/*.sh || continue
		install -m 0644 "$f" "$dst/lib/checks/${f##*/}" || return 1
	done

	# The modules are installed with the kernel's: load them from there.
	perl_edit "$dst/lib/module.sh" "point PLAB_KO_DIR at the installed modules" '
		$n += s/^# module\.sh\)\. Source after ktap\.sh\. The harness sets:\n.*?\nPLAB_KO_DIR=[^\n]*\n/# module.sh). Source after ktap.sh. The modules are the in-tree ones\n# (lib\/preemptlab, CONFIG_PREEMPTLAB_*), installed by modules_install:\n#\n#   PLAB_KO_DIR  where the .ko files for the running kernel are\n#                [default: \/lib\/modules\/<release>\/kernel\/lib\/preemptlab]\n#   PLAB_MODEL   the preemption model under test, or "host" (every test\n#                runs)\n\nPLAB_KO_DIR=\${PLAB_KO_DIR:-\/lib\/modules\/\$(uname -r)\/kernel\/lib\/preemptlab}\n/ms' ||
		return 1
	if grep -n -E '\.\./(lib|probe|nps|softirq|journal)/|fixtures/|PLAB_TOP' "$dst"/*.sh "$dst"/lib/*.sh >&2; then
		warn "$ver: selftest paths left to rewrite (above)"
		return 1
	fi

	{
		cat <<'EOF'
# SPDX-License-Identifier: GPL-2.0
#
# Selftests of the preemptlab modules (lib/preemptlab, CONFIG_PREEMPTLAB_*).
# Each test loads one module, checks one property and unloads it; a test
# whose module is not installed for the running kernel is skipped. They
# need root, and the hotplug tests take CPU 1 offline and back.

CFLAGS += -O2 -Wall -Wextra

EOF
		for f in $progs; do echo "TEST_PROGS += $f"; done
		echo
		echo "TEST_FILES := lib"
		for f in $files; do echo "TEST_FILES += $f"; done
		cat <<'EOF'

# Built here when possible; the softirq tests build it themselves otherwise.
TEST_GEN_PROGS_EXTENDED := softirq_victim

include ../lib.mk
EOF
	} > "$dst/Makefile"
	case " $files " in *" softirq_victim.c "*) ;; *)
		sed -i -e '/softirq_victim/d' -e '/^# Built here when possible/d' "$dst/Makefile" ;;
	esac
	printf '# SPDX-License-Identifier: GPL-2.0\nsoftirq_victim\n' > "$dst/.gitignore"
	echo "timeout=$timeout" > "$dst/settings"
	{
		for c in $COLLECTIONS; do grep -h '^CONFIG_' "$st/$c/config"; done
		echo CONFIG_PREEMPTLAB=y
		for f in $(kbuild_symbols "$PLAB_TOP/modules/Kbuild"); do
			echo "CONFIG_PREEMPTLAB_$f=m"
		done
	} | sort -u > "$dst/config"

	perl_edit "$REPO/tools/testing/selftests/Makefile" "add the preemptlab target" \
		'$n += s/^(TARGETS \+= proc\n)/TARGETS += preemptlab\n$1/m' &&
		perl_edit "$REPO/MAINTAINERS" "list the selftests in MAINTAINERS" \
			'$n += s/^(F:\tlib\/preemptlab\/\n)/$1F:\ttools\/testing\/selftests\/preemptlab\/\n/m' ||
		return 1

	G "$REPO" add -A -f -- tools/testing/selftests MAINTAINERS &&
		G "$REPO" commit -q -s -F - <<'EOF'
selftests: preemptlab: add the preemptlab selftests

The preemptlab modules are measurement tools: a wrong number from them is
worse than none. Add the tests that pin down what each module promises,
one property per test, so that a kernel change that breaks a module (or
the kernel behaviour it measures) shows up as a failing test rather than
as a plausible-looking latency.

For each module the tests check that it loads with its defaults and
unloads cleanly, refuses invalid parameters by name, survives CPU
hotplug and repeated load/unload, and measures or causes what it says:
the probe samples every CPU at its rate and sees a known disturbance;
the non-preemptible sections have the requested length and really are
(or are not) preemptible in each mode; the softirq flood stays inline
below the softirq budget and moves to ksoftirqd above it; the journal's
good lock design keeps its critical section short and the bad one does
not.

The tests are shell scripts printing KTAP, with shared helpers in lib/;
a test exits 4 (skip) when not run as root or when its module is not
installed for the running kernel, and fails on a kernel splat or a bad
taint bit. Run them with:

  make -C tools/testing/selftests TARGETS=preemptlab run_tests
EOF
}
