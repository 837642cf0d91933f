# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# plab-patches' pristine base: git in the base repositories, the tree's
# version, the pristine copy of each linux-source tree and its reset, the
# checked edits of its files, and the preemptlab files the series takes.
# Sourced by plab-patches, never run.

# G REPO ARG...: git in REPO, isolated from the user's and the system's
# configuration, with the fixed identity and dates.
G()
{
	local repo=$1

	shift
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
	GIT_AUTHOR_NAME=$AUTHOR GIT_AUTHOR_EMAIL=$EMAIL \
	GIT_COMMITTER_NAME=$AUTHOR GIT_COMMITTER_EMAIL=$EMAIL \
	GIT_AUTHOR_DATE=$FIXED_DATE GIT_COMMITTER_DATE=$FIXED_DATE \
		git -C "$repo" -c gc.auto=0 -c core.autocrlf=false \
		-c advice.detachedHead=false -c init.defaultBranch=master \
		-c safe.directory='*' "$@"
}

# tree_version SRC: "6.1.192" from the tree's Makefile.
tree_version()
{
	awk -F' = ' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2 } $1 == "EXTRAVERSION" { e = $2 }
		/^NAME/ { exit } END { print v "." p "." s e }' "$1/Makefile"
}

# base_repo VERSION: set REPO to the git repository of the pristine tree,
# making it on first use (a copy of the tree, one commit tagged
# "pristine"). Returns 1 when the tree is missing.
base_repo()
{
	local ver=$1 src stamp

	src=$PLAB_CACHE/src/linux-source-$ver
	REPO=$PLAB_CACHE/patchbase/$ver
	if [ ! -f "$src/Makefile" ] || [ ! -f "$src/scripts/checkpatch.pl" ]; then
		warn "$ver: no kernel tree in $src (unpack /usr/src/linux-source-$ver.tar.xz there)"
		return 1
	fi
	stamp="linux-source-$ver $(tree_version "$src") $(cd "$src" &&
		stat -c %s MAINTAINERS kernel/softirq.c lib/Kconfig.debug | tr '\n' ' ')"
	if [ "$(cat "$REPO/.git/plab-stamp" 2>/dev/null)" = "$stamp" ]; then
		return 0
	fi
	warn "$ver: making the pristine base $REPO (one copy of $src; a few minutes)"
	rm -rf "$REPO" "$REPO.tmp"
	mkdir -p "$PLAB_CACHE/patchbase" || return 1
	cp -a "$src" "$REPO.tmp" &&
		G "$REPO.tmp" init -q &&
		G "$REPO.tmp" add -A -f . &&
		G "$REPO.tmp" commit -q -m "linux-source-$ver $(tree_version "$src") (Debian), pristine" &&
		G "$REPO.tmp" tag pristine &&
		echo "$stamp" > "$REPO.tmp/.git/plab-stamp" &&
		mv "$REPO.tmp" "$REPO" && return 0
	warn "$ver: cannot make $REPO"
	rm -rf "$REPO.tmp"
	return 1
}

# reset_base: REPO back to the pristine tree, nothing else in it.
reset_base()
{
	[ -d "$REPO/.git/rebase-apply" ] && G "$REPO" am --abort > /dev/null 2>&1
	G "$REPO" checkout -q -f --detach pristine &&
		G "$REPO" clean -q -ffdx
}

# perl_edit FILE WHAT PERL: apply the perl -0 substitution PERL (which must
# set $n to the number of changes) to FILE; fail, naming WHAT, unless
# exactly one change was made.
perl_edit()
{
	local file=$1 what=$2 expr=$3

	if ! perl -0777 -i -pe "BEGIN { \$n = 0 } $expr; END { \$? = \$n == 1 ? 0 : 3 }" \
			"$file"; then
		warn "$ver: cannot $what in ${file#$REPO/} (the tree changed?)"
		return 1
	fi
}

# source_files DIR: the tracked and untracked, not ignored, files under
# DIR of the preemptlab tree (build products excluded).
source_files()
{
	if git -C "$PLAB_TOP" rev-parse --git-dir > /dev/null 2>&1; then
		git -C "$PLAB_TOP" ls-files -co --exclude-standard -- "$1" |
			while read -r f; do [ -f "$PLAB_TOP/$f" ] && echo "$f"; done
	else
		(cd "$PLAB_TOP" && find "$1" -type f ! -name '*.mod.c' ! -name '*.o')
	fi | sort
}
