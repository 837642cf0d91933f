# SPDX-License-Identifier: GPL-2.0
#
# Values of the tools' JSON reports, read with jq (Debian package jq).
# Source after ktap.sh.

# plab_require_jq: skips the test unless jq is installed.
plab_require_jq()
{
	command -v jq > /dev/null || ktap_skip_all "jq not installed (Debian package jq)"
}

# plab_jq FILE FILTER...: the value of each jq FILTER on FILE, one per line
# (strings unquoted, arrays and objects as compact JSON). All or nothing:
# status 1, printing nothing, when a filter gives null, false or nothing
# (no such value); 2 when FILE cannot be read or is not JSON.
plab_jq()
{
	local file=$1 f v out=

	shift
	jq -e 'true' "$file" > /dev/null 2>&1 || {
		echo "plab_jq: '$file' cannot be read or is not JSON" >&2
		return 2
	}
	for f in "$@"; do
		v=$(jq -c -r -e "$f" "$file" 2> /dev/null) || {
			echo "plab_jq: no value at '$f' in $file" >&2
			return 1
		}
		out+=$v$'\n'
	done
	printf '%s' "$out"
}
