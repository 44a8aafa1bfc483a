#!/usr/bin/env bash
# make deb: gongshi_VERSION_amd64.deb from `make install` into a staging root (PREFIX=/usr), with the portable
# binary (scripts/link-portable.py: glibc 2.28's symbols; the Swift runtime, libstdc++, cmark, libsodium, libcrypto
# and SQLite inside). Depends: libc6 from the highest glibc symbol version the binary names, libxml2 and zlib1g as
# dpkg-shlibdeps reads them off the binary.
# Every file is dated SOURCE_DATE_EPOCH (the commit's time), so the same commit gives the same package.
set -euo pipefail
version=$1 deb=$2 binary=$3
cd "$(dirname "$0")/.."
stage=.build/deb
scripts/stage-package.sh "$stage" "$binary"
root=$stage/root
# dpkg-shlibdeps reads debian/control of the folder it runs in.
mkdir -p "$stage/debian"
printf 'Source: gongshi\n\nPackage: gongshi\nArchitecture: amd64\n' > "$stage/debian/control"
# dpkg-shlibdeps on Debian 12 would ask for its own libc6 (glibc's libraries became one there): libc6 is named by
# the newest glibc symbol version the binary uses instead.
others=$(cd "$stage" && dpkg-shlibdeps -O -e root/usr/bin/gongshi 2>/dev/null | sed -n 's/^shlibs:Depends=//p' \
  | tr ',' '\n' | sed 's/^ *//' | grep -v '^libc6 ' | paste -sd, - | sed 's/,/, /g')
glibc=$(objdump -T "$root/usr/bin/gongshi" | grep -o '(GLIBC_[0-9.]*)' | tr -d '()' | sed 's/GLIBC_//' | sort -V | tail -1)
[ -n "$others" ] && [ -n "$glibc" ] || { echo "make-deb: no dependencies read off the binary" >&2; exit 1; }
depends="libc6 (>= $glibc), $others"
mkdir -p "$root/DEBIAN"
# The system user gongshi and /var/lib/gongshi (made on install, kept on removal and purge).
install -m 755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$root/DEBIAN/"
cat > "$root/DEBIAN/control" <<CONTROL
Package: gongshi
Version: $version
Architecture: amd64
Maintainer: ${DEB_MAINTAINER:-gongshi developers <gongshi@localhost>}
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: utils
Priority: optional
Description: 生态环境监测机构信用评价的公示网站与开放数据生成器
 gongshi reads the registry of third-party environmental monitoring agencies
 and their grading results (Excel/WPS workbooks or CSV), checks them against
 the measures, and writes the public notice website (HTML with a Markdown twin
 of each page), JSON/CSV open data with metadata, and signed sharing bundles.
 The default theme and the data-format reference are inside the binary:
 gongshi help data-format.
CONTROL
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$(dirname "$deb")"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "wrote $deb"
dpkg-deb --field "$deb" Depends
