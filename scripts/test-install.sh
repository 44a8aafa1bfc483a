#!/usr/bin/env bash
# make test-install: the package on a machine that has never seen Swift or this source tree.
#  1. debootstrap a minimal Debian bullseye into a folder (from Debian's own packages): glibc 2.31, libxml2 2.9.10,
#     the oldest Debian this machine can fetch (buster, glibc 2.28, is only on archive.debian.org, which it cannot
#     reach); that the binary asks for nothing newer than glibc 2.28 is checked on its symbols (link-portable.py);
#  2. apt install ./gongshi_*.deb there (apt resolves the declared Depends, nothing else is present), plus man-db
#     and bash-completion to read the manual and load the completions as a user would;
#  3. in that root: gongshi --version, init, check, import and build of the demo; compare the output and the new
#     site with what the checkout's own binary makes, byte for byte;
#  4. `man gongshi` names every command; the bash completion script loads without error;
#  5. the .rpm: its requirements by soname and glibc version, the same files as the .deb, installed with
#     `rpm --root` into the same root (the .deb removed) and run there: the same demo output.
set -euo pipefail
deb=$1 rpm=$2
cd "$(dirname "$0")/.."
repo=$PWD
[ "$(id -u)" = 0 ] || { echo "test-install: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
make --no-print-directory deb rpm
[ -f "$deb" ] && [ -f "$rpm" ] || { echo "test-install: no $deb or $rpm" >&2; exit 1; }

work=$(mktemp -d -t gongshi-install.XXXXXX)
root=$work/root
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mirror=${GONGSHI_TEST_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
# Another Debian where one can be fetched: GONGSHI_TEST_SUITE=buster GONGSHI_TEST_MIRROR=http://archive.debian.org/debian
# (not run on the build machine, which cannot reach archive.debian.org).
suite=${GONGSHI_TEST_SUITE:-bullseye}
echo "== debootstrap $suite (minbase) from ${mirror:-http://deb.debian.org/debian}"
debootstrap --variant=minbase "$suite" "$root" "${mirror:-http://deb.debian.org/debian}" > "$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log"; exit 1; }
[ ! -e "$root/opt/swift" ] && ! ls "$root"/usr/lib/swift >/dev/null 2>&1 || { echo "test-install: Swift in the fresh root" >&2; exit 1; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
# The demo site (without what a build or an import leaves in it) and a signing key kept outside it.
mkdir -p "$root/demo"
tar -C content --exclude=./public --exclude='./registry.sqlite*' --exclude='./.public*' -cf - . | tar -C "$root/demo" -xf -

# In a mount namespace of its own: /proc for the chroot, gone when the namespace ends.
in_root() { unshare --mount --fork sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"' "$root" "$@"; }

echo "== apt install ./$(basename "$deb") man-db bash-completion"
in_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/$(basename "$deb") man-db bash-completion" \
  > "$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; exit 1; }
in_root sh -c 'command -v swift || ls /opt/swift' >/dev/null 2>&1 && { echo "test-install: Swift in the root" >&2; exit 1; }

echo "== gongshi in the fresh root"
echo "   $(in_root ldd --version | head -1); the binary's newest glibc symbol: $(objdump -T "$root/usr/bin/gongshi" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)"
in_root gongshi --version
# The data-format reference comes from inside the binary, as written: Chinese by default, English with --lang en.
in_root gongshi help data-format | cmp - docs/data-format.zh.md
in_root gongshi help data-format --lang en | cmp - docs/data-format.md
in_root gongshi keygen --output /root/keys/minisign.key >/dev/null
in_root gongshi init /newsite >/dev/null
in_root gongshi check --site /newsite --quiet
in_root gongshi check --site /demo --quiet
in_root gongshi import --site /demo --quiet
in_root gongshi build --site /demo --output /demo-public --as-of 2026-03-06 --secret-key /root/keys/minisign.key --quiet
# Every other command too, from the package alone.
in_root gongshi diff --site /demo --as-of 2026-03-06 --to 2026-06-30 --quiet >/dev/null
in_root gongshi diff /demo-public /demo-public >/dev/null
in_root gongshi draw --site /demo --year 2024 --seed test-install --date 2025-04-20 >/dev/null
in_root gongshi check --site /demo --report late-filings --as-of 2026-03-06 >/dev/null
in_root gongshi bundle --site /demo --to credit-ningbo --as-of 2026-03-06 --output /root/bundles --secret-key /root/keys/minisign.key --quiet >/dev/null
in_root sh -c 'gongshi verify-bundle /root/bundles/*.zip --public-key /root/keys/minisign.pub' >/dev/null
in_root gongshi synth --agencies 5 --years 2 --output /root/synth >/dev/null
# The notice and licence of code derived from others travel with the package.
in_root grep -q 'Copyright (c) the Hummingbird authors' /usr/share/doc/gongshi/copyright
in_root grep -q 'Apache License' /usr/share/doc/gongshi/copyright
# The daily rebuild's units, pointing at the installed binary.
in_root grep -qx 'ExecStart=/usr/bin/gongshi publish --site %f $GONGSHI_BUILD_ARGS' '/usr/lib/systemd/system/gongshi-rebuild@.service'
in_root grep -q 'OnCalendar=\*-\*-\* 00:05:00 Asia/Shanghai' '/usr/lib/systemd/system/gongshi-rebuild@.timer'
in_root gongshi check --site /demo --report schedule --as-of 2026-03-06 | grep -q '2025年度评价结果公示期结束'
# serve, asked for its home page over bash's /dev/tcp (the fresh root has no curl).
in_root bash -c 'gongshi serve --site /demo --as-of 2026-03-06 --port 18317 >/root/serve.log 2>&1 & pid=$!
  for i in $(seq 1 100); do grep -q 18317 /root/serve.log 2>/dev/null && break; sleep 0.2; done
  exec 3<>/dev/tcp/127.0.0.1/18317; printf "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" >&3; head -1 <&3 | grep -q "200 OK"; status=$?
  kill $pid; exit $status'
echo "   diff, draw, report, bundle, verify-bundle, synth and serve ran"

echo "== the user gongshi, its workbench, and the sites kept through removal, purge, reinstall and upgrade"
in_root sh -c 'getent passwd gongshi | grep -q ":/var/lib/gongshi:/usr/sbin/nologin$"'
[ "$(in_root stat -c '%U:%G %a' /var/lib/gongshi)" = "gongshi:gongshi 750" ] || { echo "test-install: /var/lib/gongshi is $(in_root stat -c '%U:%G %a' /var/lib/gongshi)" >&2; exit 1; }
in_root grep -qx 'ExecStart=/usr/bin/gongshi workbench --site %f $GONGSHI_WORKBENCH_ARGS' '/usr/lib/systemd/system/gongshi-workbench@.service'
in_root sh -c 'cp -r /demo /var/lib/gongshi/demo && chown -R gongshi:gongshi /var/lib/gongshi/demo'
# As the unit runs it: the user gongshi, no privileges; the login-free local workbench answers its home page.
in_root bash -c 'setpriv --reuid gongshi --regid gongshi --clear-groups --no-new-privs gongshi workbench --site /var/lib/gongshi/demo --port 18318 >/tmp/workbench.log 2>&1 & pid=$!
  for i in $(seq 1 100); do grep -q 18318 /tmp/workbench.log 2>/dev/null && break; sleep 0.2; done
  exec 3<>/dev/tcp/127.0.0.1/18318; printf "GET / HTTP/1.1\r\nHost: 127.0.0.1:18318\r\n\r\n" >&3; head -1 <&3 | grep -q "200 OK"; status=$?
  kill $pid; exit $status' || { cat "$root/tmp/workbench.log"; exit 1; }
in_root sh -c 'test -d /var/lib/gongshi/demo/.workbench && test "$(stat -c %U /var/lib/gongshi/demo/.workbench)" = gongshi'
for step in "apt-get remove -y -qq gongshi" "apt-get purge -y -qq gongshi" "apt-get install -y -qq --no-install-recommends /tmp/$(basename "$deb")"; do
  in_root sh -c "DEBIAN_FRONTEND=noninteractive $step" > "$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; exit 1; }
  in_root sh -c 'test -f /var/lib/gongshi/demo/registry.sqlite && getent passwd gongshi >/dev/null' \
    || { echo "test-install: after '$step' the site or the user is gone" >&2; exit 1; }
done
[ "$(in_root stat -c '%U:%G %a' /var/lib/gongshi)" = "gongshi:gongshi 750" ]
# An upgrade: the same files under a later version, installed over this one (prerm, postrm and postinst of an upgrade).
upgrade=$(cat VERSION)+upgrade
scripts/make-deb.sh "$upgrade" "$root/tmp/upgrade.deb" .build-release/portable/gongshi > "$work/upgrade.log" 2>&1 || { tail -20 "$work/upgrade.log"; exit 1; }
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/upgrade.deb' > "$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; exit 1; }
[ "$(in_root dpkg-query -W -f '${Version}' gongshi)" = "$upgrade" ]
in_root sh -c 'test -f /var/lib/gongshi/demo/registry.sqlite && test "$(stat -c %U /var/lib/gongshi/demo/registry.sqlite)" = gongshi'
echo "   gongshi owns /var/lib/gongshi (750); its workbench ran unprivileged; remove, purge, reinstall and upgrade kept the site"

echo "== the same with the checkout's binary"
here=$work/here
mkdir -p "$here/demo"
tar -C content --exclude=./public --exclude='./registry.sqlite*' --exclude='./.public*' -cf - . | tar -C "$here/demo" -xf -
# The checkout's build the other tests use (debug), else the release binary the package was made from.
bin=$repo/.build/debug/gongshi
[ -x "$bin" ] || bin=$repo/.build-release/release/gongshi
echo "   with $bin"
"$bin" init "$here/newsite" >/dev/null
"$bin" import --site "$here/demo" --quiet
"$bin" build --site "$here/demo" --output "$here/demo-public" --as-of 2026-03-06 --secret-key "$root/root/keys/minisign.key" --quiet
diff -r "$root/demo-public" "$here/demo-public"
diff -r "$root/newsite" "$here/newsite"
echo "   demo output identical: $(find "$here/demo-public" -type f | wc -l) files; init identical: $(find "$here/newsite" -type f | wc -l) files"

echo "== man gongshi and the completions"
manual=$(in_root sh -c 'MANWIDTH=100 man -P cat gongshi 2>/dev/null')
for command in $("$bin" --experimental-dump-help | python3 -c 'import json,sys; print(" ".join(c["commandName"] for c in json.load(sys.stdin)["command"]["subcommands"] if c["commandName"] != "help" and c.get("shouldDisplay", True)))'); do
  grep -q "gongshi $command" <<<"$manual" || { echo "test-install: man gongshi does not show '$command'" >&2; exit 1; }
done
echo "   man gongshi shows every command ($(wc -l <<<"$manual") lines)"
in_root bash -c 'set -e; source /usr/share/bash-completion/bash_completion; source /usr/share/bash-completion/completions/gongshi; complete -p gongshi'
in_root sh -c 'test -s /usr/share/zsh/vendor-completions/_gongshi && test -s /usr/share/fish/vendor_completions.d/gongshi.fish'
echo "== the .rpm"
requires=$(rpm -qp --requires "$rpm")
for r in 'libc.so.6(GLIBC_2.28)(64bit)' 'libxml2.so.2()(64bit)' 'libz.so.1()(64bit)'; do
  grep -qxF "$r" <<<"$requires" || { echo "test-install: the rpm does not require $r" >&2; exit 1; }
done
newest=$(grep -o 'GLIBC_[0-9.]*' <<<"$requires" | sort -V | tail -1)
[ "$newest" = GLIBC_2.28 ] || { echo "test-install: the rpm requires $newest" >&2; exit 1; }
! grep -E 'libstdc\+\+|libsqlite3|libcrypto|libcmark|libsodium' <<<"$requires" || { echo "test-install: the rpm requires a library it carries" >&2; exit 1; }
diff <(rpm -qpl "$rpm" | LC_ALL=C sort) <(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\.||' | LC_ALL=C sort) \
  || { echo "test-install: the rpm and the deb hold different files" >&2; exit 1; }
echo "   requires glibc up to $newest, libxml2.so.2, libz.so.1 by soname; the same $(rpm -qpl "$rpm" | wc -l) files as the deb"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq gongshi' > "$work/apt.log" 2>&1 || { tail -20 "$work/apt.log"; exit 1; }
rpm --root "$root" --initdb
# --nodeps: the root's libraries are Debian's packages, which rpm's database does not know; the scriptlets run.
rpm --root "$root" --nodeps -i "$rpm" 2>&1 | grep -v 'should not be used directly\|assuming you know' || true
in_root gongshi --version
in_root gongshi build --site /demo --output /demo-public-rpm --as-of 2026-03-06 --secret-key /root/keys/minisign.key --quiet
diff -r "$root/demo-public" "$root/demo-public-rpm"
rpm --root "$root" -e gongshi 2>&1 | grep -v 'should not be used directly\|assuming you know' || true
in_root sh -c 'test -f /var/lib/gongshi/demo/registry.sqlite && getent passwd gongshi >/dev/null && ! test -e /usr/bin/gongshi'
echo "   installed with rpm --root, built the demo identically, erased keeping the site"
echo "test-install: passed"
