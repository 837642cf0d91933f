# SPDX-License-Identifier: GPL-2.0
#
# Shared start of the host tests: they drive the runners from outside, so
# they need QEMU and a scratch folder that goes away on every exit path.
#
#   . "$(dirname "$0")/host_lib.sh"     (after ../lib/ktap.sh)
#   host_setup N                         header, QEMU check, plan N
#
# sets top (the tree) and tmp (the scratch folder).

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

host_setup()
{
	ktap_header
	command -v qemu-system-x86_64 > /dev/null ||
		ktap_skip_all "qemu-system-x86_64 not installed"
	ktap_plan "$1"
}
