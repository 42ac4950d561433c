#!/usr/bin/env bash
# make wheel: builds the wheel odoo-addon-sales_marketing with whool (the OCA
# build backend, pyproject.toml) into .dev/dist, then checks its content
# (dev/wheel_check.py) and that Odoo loads it once pip installed it. whool names the distribution after the addon folder and
# packs the folder's files, so the build runs on a clean copy named
# sales_marketing holding the addon's files only: the git-tracked and new,
# not ignored files, without the development tooling (dev/, .ci/, Makefile,
# dot files).
#   dev/wheel.sh [output folder]
source "$(dirname "$0")/env.sh"
[ -x "$PY" ] && "$PY" -c "import whool" 2>/dev/null || die "whool is missing in $VENV: run make setup."
out="${1:-$STATE/dist}"
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src="$tmp/$MODULE"
mkdir "$src"
(cd "$REPO" && git ls-files -co --exclude-standard) \
  | grep -Ev '^(dev/|\.ci/|Makefile$|\.)' \
  | while IFS= read -r f; do
      [ -f "$REPO/$f" ] || continue   # tracked but deleted in the work tree
      mkdir -p "$src/$(dirname "$f")"
      cp -p "$REPO/$f" "$src/$f"
    done
rm -f "$out"/odoo_addon_"$MODULE"-*.whl
say "Building the wheel (whool) into $out"
(cd "$src" && "$PY" -m pip wheel -q --disable-pip-version-check --no-deps \
  --no-build-isolation -w "$out" .) || die "Building the wheel failed."
wheel=$(ls "$out"/odoo_addon_"$MODULE"-*.whl 2>/dev/null | head -1)
[ -n "$wheel" ] || die "whool built no odoo_addon_$MODULE wheel in $out."
"$PY" "$REPO/dev/wheel_check.py" "$wheel" "$REPO/__manifest__.py"
# Installed as pip installs it (Odoo itself is used in place here, so without
# resolving the odoo==18.0.* requirement), Odoo must load it from there.
"$PY" -m pip install -q --disable-pip-version-check --no-deps --no-index \
  --target "$tmp/site" "$wheel" || die "pip could not install $wheel."
(cd "$tmp" && "$PY" "$REPO/dev/wheel_check.py" --installed "$tmp/site")
