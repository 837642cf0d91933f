#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: modules/dkms.conf works with dkms: "dkms add" registers the
#              package, "dkms build" for the cached Debian stock kernel
#              produces the five modules with that kernel's vermagic,
#              signed with the MOK key dkms is given, "dkms install" puts
#              them under updates/dkms, and "dkms remove" takes everything
#              back out. Every dkms tree (dkms, source, install, keys) is a
#              private scratch folder: the host's /var/lib/dkms, /usr/src
#              and /lib/modules are never written, which the last case
#              checks.

set -u

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

MODULES="plab_probe plab_probe_selftest plab_nps plab_softirq plab_journal"

ktap_header
command -v dkms > /dev/null || ktap_skip_all "dkms is not installed (run scripts/harness/plab-deps)"
[ "$(id -u)" -eq 0 ] || ktap_skip_all "dkms add needs root"
command -v modinfo > /dev/null || ktap_skip_all "modinfo (kmod) is not installed"
conf=$top/modules/dkms.conf
[ -f "$conf" ] || ktap_skip_all "no modules/dkms.conf"

if ! env=$("$top/scripts/harness/plab-kernel-fetch" stock 2> "$tmp/fetch.err"); then
	sed 's/^/# | /' "$tmp/fetch.err"
	ktap_skip_all "the stock kernel is not cached and cannot be fetched"
fi
KVER= KDIR=
eval "$env"
[ -n "$KVER" ] && [ -f "$KDIR/Makefile" ] ||
	ktap_skip_all "plab-kernel-fetch gave no kernel headers (KDIR='$KDIR')"

# Signing: dkms signs every module it builds when it finds the kernel's
# sign-file, generating the key pair if it is missing. Its defaults are
# /var/lib/dkms/mok.*; dkms 3.0 takes sign_file, mok_signing_key and
# mok_certificate from the environment unless a framework.conf sets them,
# so point them into the scratch folder. A framework.conf that names a key
# which does not exist yet would make dkms write it: refuse to run then.
signing=1
fwconf=$(grep -lE '^[[:space:]]*(sign_file|mok_signing_key|mok_certificate)=' \
	/etc/dkms/framework.conf /etc/dkms/framework.conf.d/*.conf 2>/dev/null)
if [ -n "$fwconf" ]; then
	signing=0
	for v in mok_signing_key mok_certificate; do
		f=$(sed -n "s/^[[:space:]]*$v=[\"']\\{0,1\\}\\([^\"']*\\).*/\\1/p" $fwconf | tail -n 1)
		[ -z "$f" ] || [ -e "$f" ] || case "$f" in pkcs11:*) ;; *)
			ktap_skip_all "$fwconf sets $v=$f, which dkms would create on the host" ;;
		esac
	done
fi
export sign_file=$KDIR/scripts/sign-file
export mok_signing_key=$tmp/mok.key
export mok_certificate=$tmp/mok.pub
[ -x "$sign_file" ] && command -v openssl > /dev/null || signing=0

ktap_plan 9

version=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$conf")
name=$(sed -n 's/^PACKAGE_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$conf")
ktap_diag "package $name/$version, kernel $KVER, headers $KDIR"

dkmstree=$tmp/dkms
srctree=$tmp/src
insttree=$tmp/lib/modules
mkdir -p "$dkmstree" "$srctree" "$insttree/$KVER"
DKMS="dkms --dkmstree $dkmstree --sourcetree $srctree --installtree $insttree"

# Host state before: what exists of the host's trees, and a time stamp.
host_dirs="/var/lib/dkms /usr/src/$name-$version /lib/modules"
host_before=$(ls -d $host_dirs 2>/dev/null)
touch "$tmp/stamp"
sleep 1

# dk LOG ARGS: run dkms with the private trees; output in $tmp/LOG, status
# in rc; the output is shown as diagnostics on failure.
dk()
{
	local log=$tmp/$1

	shift
	$DKMS "$@" > "$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || sed 's/^/# | /' "$log"
}

status_of()
{
	$DKMS status "$name/$version" 2>/dev/null
}

# 1. add: the source is copied into the private source tree and registered.
dk add.log add "$top/modules"
st=$(status_of)
ktap_diag "status: $st"
[ $rc -eq 0 ] && [ "$st" = "$name/$version: added" ] &&
	[ -f "$srctree/$name-$version/dkms.conf" ] && [ -f "$srctree/$name-$version/Kbuild" ]
ktap_result $? "dkms add registers $name/$version from modules/ (exit $rc)"

# 2. build for the stock kernel, against its cached headers.
start=$(date +%s)
dk build.log build "$name/$version" -k "$KVER" --kernelsourcedir "$KDIR" -j "$(nproc)"
ktap_diag "dkms build took $(($(date +%s) - start)) s"
st=$(status_of)
ktap_diag "status: $st"
moddir=$dkmstree/$name/$version/$KVER/$(uname -m)/module
case "$st" in "$name/$version, $KVER, $(uname -m): built"*) ok=0 ;; *) ok=1 ;; esac
[ $rc -eq 0 ] && [ $ok -eq 0 ]
ktap_result $? "dkms build for $KVER succeeds (exit $rc)"
if [ $rc -ne 0 ]; then
	log=$(ls "$dkmstree/$name/$version/build/make.log" 2>/dev/null)
	[ -z "$log" ] || tail -n 30 "$log" | sed 's/^/# make.log| /'
fi

# 3. the five modules.
missing=
for m in $MODULES; do
	[ -f "$moddir/$m.ko" ] || missing="$missing $m"
done
[ -z "$missing" ]
ktap_result $? "dkms build produced the five .ko files${missing:+ (missing:$missing)}"

# 4. each carries the vermagic of the target kernel.
bad=
for m in $MODULES; do
	vm=$(modinfo -F vermagic "$moddir/$m.ko" 2>/dev/null)
	case "$vm" in "$KVER "*) ;; *) bad="$bad $m(${vm:-none})" ;; esac
done
ktap_diag "vermagic: $(modinfo -F vermagic "$moddir/plab_probe.ko" 2>/dev/null)"
[ -z "$bad" ]
ktap_result $? "modinfo: every module's vermagic is $KVER${bad:+ (not:$bad)}"

# 5. signed with the key dkms was told to use (it generated the pair).
if [ $signing -eq 1 ]; then
	want=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"/\1/p' "$KDIR/.config")
	bad=
	for m in $MODULES; do
		signer=$(modinfo -F signer "$moddir/$m.ko" 2>/dev/null)
		hash=$(modinfo -F sig_hashalgo "$moddir/$m.ko" 2>/dev/null)
		[ "$signer" = "DKMS module signing key" ] && [ "$hash" = "${want:-sha512}" ] ||
			bad="$bad $m(${signer:-unsigned}/${hash:-none})"
	done
	[ -z "$bad" ] && [ -f "$mok_signing_key" ] && [ -f "$mok_certificate" ]
	ktap_result $? "modules are signed with the private MOK key (${want:-sha512})${bad:+ (not:$bad)}"
else
	ktap_skip "modules are signed with the private MOK key" \
		"sign-file or openssl missing, or a framework.conf sets the signing key"
fi

# 6. install into the private install tree; --no-depmod, because dkms runs
#    depmod without -b, on the host's /lib/modules.
dk install.log install "$name/$version" -k "$KVER" --kernelsourcedir "$KDIR" --no-depmod
n=$(ls "$insttree/$KVER/updates/dkms/"*.ko 2>/dev/null | wc -l)
st=$(status_of)
ktap_diag "status: $st"
case "$st" in *": installed"*) ok=0 ;; *) ok=1 ;; esac
[ $rc -eq 0 ] && [ "$n" -eq 5 ] && [ $ok -eq 0 ]
ktap_result $? "dkms install puts 5 modules in <installtree>/$KVER/updates/dkms (exit $rc, $n found)"

# 7. remove: nothing left in the dkms tree or the install tree.
dk remove.log remove "$name/$version" --all --no-depmod
st=$(status_of)
left=$(find "$dkmstree" "$insttree" -name '*.ko' 2>/dev/null | head -n 3)
[ $rc -eq 0 ] && [ -z "$st" ] && [ ! -e "$dkmstree/$name" ] && [ -z "$left" ]
ktap_result $? "dkms remove --all unregisters $name and deletes its modules (exit $rc${st:+, status '$st'}${left:+, left: $left})"

# 8. dkms status of the removed package is empty and a second remove fails
#    cleanly (nothing half-registered).
dk remove2.log remove "$name/$version" --all --no-depmod > /dev/null 2>&1
[ $rc -ne 0 ] && [ -z "$(status_of)" ]
ktap_result $? "a second dkms remove finds nothing to remove (exit $rc)"

# 9. the host's dkms, source and module trees were not written.
host_after=$(ls -d $host_dirs 2>/dev/null)
new=
[ -z "$host_before" ] ||
	new=$(find $host_before -newer "$tmp/stamp" -print 2>/dev/null | head -n 3)
[ "$host_before" = "$host_after" ] && [ -z "$new" ]
ktap_result $? "host /var/lib/dkms, /usr/src and /lib/modules untouched${new:+ (changed: $new)}"

ktap_finish
