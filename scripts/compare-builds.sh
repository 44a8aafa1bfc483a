#!/usr/bin/env bash
# scripts/compare-builds.sh BASE [DATE ...]: a restructuring must not change a byte of output. Builds gongshi at
# BASE (a commit, in a worktree of its own under .build-compare/) and at the working tree, then with each binary
# imports and builds the demo (content/) and every fixture site under Tests/Fixtures/ that has a config.toml, as
# of each DATE (default: a notice period, a final publication and a later day), makes a notice bundle and a
# version export, and compares the outputs byte for byte. Prints what differs and exits 1, or says how many
# files were the same. Not part of make test (it builds a second tree).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
base=${1:?usage: scripts/compare-builds.sh BASE [DATE ...]}
shift
dates=("$@")
[ ${#dates[@]} -gt 0 ] || dates=(2026-03-06 2026-07-01 2027-02-01)
repo=$PWD
work=$repo/.build-compare
mkdir -p "$work"
rev=$(git rev-parse --verify "$base^{commit}")
if [ ! -d "$work/base/.git" ] && [ ! -f "$work/base/.git" ]; then git worktree add --detach "$work/base" "$rev" >/dev/null; fi
git -C "$work/base" checkout --quiet --detach "$rev"
echo "== build $base ($(git -C "$work/base" log -1 --format=%h)) and the working tree"
(cd "$work/base" && swift build --product gongshi 2>&1 | tail -1)
swift build --product gongshi 2>&1 | tail -1
old=$work/base/.build/debug/gongshi
new=$repo/.build/debug/gongshi
# A binary older than a source it is built from compares the wrong code (SwiftPM once left one in place):
# relink it, and refuse to compare if it is still older.
if [ -n "$(find Sources -newer "$new" -type f -print -quit)" ]; then
    rm -f "$new" && swift build --product gongshi 2>&1 | tail -1
    if [ -n "$(find Sources -newer "$new" -type f -print -quit)" ]; then echo "compare-builds: $new is older than Sources/" >&2; exit 1; fi
fi
theme_old=$work/base/site-templates
theme_new=$repo/site-templates

sites=(content)
for config in Tests/Fixtures/*/config.toml; do sites+=("$(dirname "$config")"); done
# A signing key outside every repository (keygen refuses one inside), gone at the end.
key=$(mktemp -d -t gongshi-compare-key.XXXXXX)
trap 'rm -rf "$key"' EXIT
"$new" keygen --output "$key/k.key" >/dev/null
same=0
for site in "${sites[@]}"; do
  for side in old new; do
    rm -rf "$work/$side" && mkdir -p "$work/$side"
    tar -C "$site" --exclude=./public --exclude='./registry.sqlite*' --exclude='./.public*' -cf - . | tar -C "$work/$side" -xf -
  done
  for side in old new; do
    bin=${!side}; theme_var=theme_$side
    export GONGSHI_THEME=${!theme_var}
    "$bin" import --site "$work/$side" --quiet 2>/dev/null || true
    for day in "${dates[@]}"; do
      "$bin" build --site "$work/$side" --as-of "$day" --output "$work/$side-out/$day" --secret-key "$key/k.key" --quiet 2>"$work/$side-$day.err" || true
      "$bin" bundle --site "$work/$side" --to credit-ningbo --as-of "$day" --output "$work/$side-out/bundles-$day" \
        --secret-key "$key/k.key" --quiet >/dev/null 2>>"$work/$side-$day.err" || true
    done
  done
  # Each output folder and bundle folder, not the build's own records beside them (the stamp and memo name the
  # binary that made them, so they differ by design).
  for folder in "$work"/new-out/*; do
    name=$(basename "$folder")
    if diff -r "$work/old-out/$name" "$folder" > "$work/diff.txt" 2>&1; then
      n=$(find "$folder" -type f | wc -l)
      same=$((same + n))
    else
      echo "   $site $name differs:"; head -40 "$work/diff.txt"; exit 1
    fi
  done
  echo "   $site: the same"
  # The messages too, with each side's folder named alike.
  for day in "${dates[@]}"; do
    for side in old new; do sed -e "s#$work/$side#SITE#g" "$work/$side-$day.err" > "$work/$side-$day.said"; done
    cmp -s "$work/old-$day.said" "$work/new-$day.said" || { echo "   $site $day: messages differ"; diff "$work/old-$day.said" "$work/new-$day.said" | head -20; exit 1; }
  done
  rm -rf "$work/old-out" "$work/new-out"
done
echo "compare-builds: $same files byte-identical to $base"
