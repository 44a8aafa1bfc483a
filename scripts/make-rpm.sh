#!/usr/bin/env bash
# make rpm: gongshi-VERSION-1.x86_64.rpm with the same files as the .deb (scripts/stage-package.sh), for Kylin V10
# server, UOS 20 server and RHEL 8. rpmbuild reads the requirements off the binary by soname and symbol version
# (libc.so.6(GLIBC_2.28)(64bit), libxml2.so.2()(64bit), libz.so.1()(64bit) …). Reproducible: every file, the build
# time and the host are the commit's (SOURCE_DATE_EPOCH), the payload is xz (rpm 4.14 of RHEL 8 reads it).
set -euo pipefail
version=$1 rpm=$2 binary=$3
cd "$(dirname "$0")/.."
stage=.build/rpm
scripts/stage-package.sh "$stage" "$binary"
root=$PWD/$stage/root
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
files=$(cd "$root" && find . -type f -o -type l | sed 's|^\.||' | LC_ALL=C sort)
spec=$stage/gongshi.spec
{
  cat <<SPEC
Name: gongshi
Version: $version
Release: 1
Summary: 生态环境监测机构信用评价的公示网站与开放数据生成器
License: LicenseRef-gongshi AND Apache-2.0
BuildArch: x86_64
%description
gongshi reads the registry of third-party environmental monitoring agencies
and their grading results (Excel/WPS workbooks or CSV), checks them against
the measures, and writes the public notice website (HTML with a Markdown twin
of each page), JSON/CSV open data with metadata, and signed sharing bundles.
The default theme and the data-format reference are inside the binary:
gongshi help data-format. Runs on glibc 2.28 and later.

%pre -f $PWD/packaging/rpm/pre.sh
%post -f $PWD/packaging/rpm/post.sh
%preun -f $PWD/packaging/rpm/preun.sh
%postun -f $PWD/packaging/rpm/postun.sh

%install
mkdir -p %{buildroot}
cp -a $root/. %{buildroot}/

%files
%defattr(-,root,root,-)
SPEC
  echo "$files"
} > "$spec"
top=$PWD/$stage/top
mkdir -p "$top"
rpmbuild -bb --quiet "$spec" \
  --define "_topdir $top" --define "_rpmdir $top/RPMS" --define "_build_id_links none" \
  --define "debug_package %{nil}" --define "__os_install_post %{nil}" --define "__strip /bin/true" \
  --define "_buildhost reproducible" --define "use_source_date_epoch_as_buildtime 1" \
  --define "clamp_mtime_to_source_date_epoch 1" --define "_binary_payload w9.xzdio" \
  --define "_rpmfilename gongshi-%{VERSION}-%{RELEASE}.%{ARCH}.rpm" --define "_source_date_epoch_from_changelog 0"
mkdir -p "$(dirname "$rpm")"
cp "$top/RPMS/gongshi-$version-1.x86_64.rpm" "$rpm"
echo "wrote $rpm"
rpm -qp --requires "$rpm" | grep -v '^rpmlib(' | paste -sd' ' -
