#!/usr/bin/env bash
# The files of a gongshi package, the same for the .deb and the .rpm: `make install` into STAGE/root (PREFIX=/usr)
# with BINARY (the portable one) as /usr/bin/gongshi. Usage: stage-package.sh STAGE BINARY
set -euo pipefail
stage=$1 binary=$2
cd "$(dirname "$0")/.."
root=$stage/root
rm -rf "$stage" && mkdir -p "$stage/root"
make --no-print-directory install DESTDIR="$PWD/$stage/root" PREFIX=/usr
install -m 755 "$binary" "$root/usr/bin/gongshi"
# A package ships stripped binaries (as dh_strip does) and compressed manuals (gzip -n: no name, no time).
strip --strip-unneeded "$root/usr/bin/gongshi"
# Two clean builds of one commit differ only in .swift_modhash (module hashes swiftc writes differently each time)
# and the build-id note that hashes it (measured); nothing reads either at run time. Without them the package's
# binary is the same bytes for the same commit built at the same path.
objcopy --remove-section .swift_modhash --remove-section .note.gnu.build-id "$root/usr/bin/gongshi"
find "$root/usr/share/man" -name '*.1' -exec gzip -9n {} +
mkdir -p "$root/usr/share/doc/gongshi"
cat > "$root/usr/share/doc/gongshi/copyright" <<'COPYRIGHT'
gongshi: static publication and open-data generator for the grading of third-party environmental
monitoring agencies (宁波市生态环境局). Built from the gongshi source tree; the Swift runtime linked into
/usr/bin/gongshi is Apache-2.0 with Runtime Library Exception (swift.org).

Code derived from others, with its notice and licence:

COPYRIGHT
cat LICENSES/*.txt >> "$root/usr/share/doc/gongshi/copyright"
