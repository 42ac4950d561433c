#!/usr/bin/env bash
# make setup: everything needed to run and test the addon. Idempotent.
source "$(dirname "$0")/env.sh"

ODOO_NIGHTLY_URL="${ODOO_NIGHTLY_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
APT_PACKAGES=(chromium wkhtmltopdf poppler-utils gettext fonts-dejavu-core)
# Test, lint and build tools: the "dev" dependency group of pyproject.toml.
mapfile -t DEV_TOOLS < <(python3 "$REPO/dev/dependency_group.py" "$REPO/pyproject.toml" dev) \
  && [ ${#DEV_TOOLS[@]} -gt 0 ] || die "No dev dependency group in pyproject.toml."
# gevent (Odoo's websocket worker in multi-worker mode) resolves its entry points
# with pkg_resources, which with setuptools<70 does not find the normalized
# dist-info names of zope.interface>=7 / zope.event>=6.
RUNTIME_FIXES=("zope.interface<7" "zope.event<6")

# 1. Odoo source -------------------------------------------------------------
if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
  say "Odoo 18 not found at $ODOO_SRC; trying the official nightly source"
  tmp=$(mktemp -d)
  if curl -fsSL --max-time 600 -o "$tmp/odoo.tar.gz" "$ODOO_NIGHTLY_URL"; then
    mkdir -p "$ODOO_SRC"
    tar -xzf "$tmp/odoo.tar.gz" -C "$ODOO_SRC" --strip-components=1
    rm -rf "$tmp"
  else
    rm -rf "$tmp"
    die "Odoo 18.0 Community source is missing at ODOO_SRC=$ODOO_SRC and could not be downloaded.
    Provide it: extract an Odoo 18.0 source tree (the folder holding odoo-bin) there,
    or set ODOO_SRC=/path/to/odoo18 and run make setup again."
  fi
fi
grep -q "18, 0" "$ODOO_SRC/odoo/release.py" || die "$ODOO_SRC is not Odoo 18.0."

# 2. System packages (Chromium for tours, wkhtmltopdf for PDFs) ---------------
missing=()
command -v chromium >/dev/null || command -v google-chrome >/dev/null || missing+=(chromium)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v msgfmt >/dev/null || missing+=(gettext)   # make lint checks the .po files
if [ "$PG_PRIVATE" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing system packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" fonts-dejavu-core >/dev/null \
      || die "apt-get could not install: ${missing[*]}"
  else
    die "Missing system packages: ${missing[*]}. Install them (as root: apt-get install ${missing[*]})."
  fi
fi

# 3. Python virtualenv --------------------------------------------------------
req_stamp=$( { cat "$ODOO_SRC/requirements.txt"; printf '%s\n' "${DEV_TOOLS[@]}" "${RUNTIME_FIXES[@]}"; echo "$ODOO_SRC"; } | sha1sum | cut -c1-12)
if [ ! -x "$PY" ] || [ "$(cat "$VENV/.sm-stamp" 2>/dev/null)" != "$req_stamp" ]; then
  say "Creating virtualenv $VENV"
  [ -x "$PY" ] || python3 -m venv "$VENV"
  pip=("$VENV/bin/pip" install -q --disable-pip-version-check)
  "${pip[@]}" "pip<25" "setuptools<70" wheel
  # Python 3.11 fixes: cbor2 5.4.2 does not build (5.6.2 does); python-ldap is
  # optional (auth_ldap only) and needs system headers.
  sed -e 's/^cbor2==5\.4\.2.*/cbor2==5.6.2/' -e '/^python-ldap/d' \
    "$ODOO_SRC/requirements.txt" > "$VENV/odoo-requirements.txt"
  "${pip[@]}" --no-build-isolation -r "$VENV/odoo-requirements.txt"
  "${pip[@]}" "${DEV_TOOLS[@]}"
  "${pip[@]}" "${RUNTIME_FIXES[@]}"
  # Odoo itself is used in place from ODOO_SRC (never copied).
  site=$("$PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
  echo "$ODOO_SRC" > "$site/odoo_src.pth"
  echo "$req_stamp" > "$VENV/.sm-stamp"
fi
"$PY" -c "import odoo.release as r; assert r.version_info[:2] == (18, 0)" \
  || die "The virtualenv does not import Odoo 18 from $ODOO_SRC."

# 4. PostgreSQL ----------------------------------------------------------------
pg_up
write_odoo_conf

# 5. Demo database with the module -------------------------------------------
ensure_template_db
mod_stamp=$(cd "$REPO" && git ls-files -co --exclude-standard -z | xargs -0 sha1sum | sha1sum | cut -c1-12)
if ! db_exists "$DB"; then
  say "Creating demo database $DB"
  db_copy "$(template_db)" "$DB"
  odoo_bin -d "$DB" -i "$MODULE" --stop-after-init --log-level=warn \
    || { db_drop "$DB"; die "Installing $MODULE into $DB failed."; }
  echo "$mod_stamp" > "$STATE/$DB.stamp"
elif [ "$(cat "$STATE/$DB.stamp" 2>/dev/null)" != "$mod_stamp" ]; then
  say "Updating $MODULE in $DB"
  odoo_bin -d "$DB" -u "$MODULE" --stop-after-init --log-level=warn || die "Updating $MODULE in $DB failed."
  echo "$mod_stamp" > "$STATE/$DB.stamp"
fi
# Swedish first: the demo salesperson (saljare) works in Swedish; the demo
# activates the language and loads the module's terms, here Odoo's own.
sv_menu=$(psql -d "$DB" -XtAc "SELECT m.name->>'sv_SE' FROM ir_ui_menu m JOIN ir_model_data d
  ON d.model = 'ir.ui.menu' AND d.res_id = m.id WHERE d.module = 'sale' AND d.name = 'sale_menu_root'")
if [ -z "$sv_menu" ]; then
  say "Loading Swedish (sv_SE) into $DB"
  odoo_bin -d "$DB" --load-language=sv_SE --stop-after-init --log-level=warn \
    || die "Loading Swedish into $DB failed."
fi
say "Setup done. Next: make run (http://localhost:$HTTP_PORT, admin/admin; in Swedish: saljare/saljare) or make test."
