#!/usr/bin/env bash
# make bench: run the benchmark flows of dev/bench/flows/ against baselines
# measured in the same run on the same data, print a table per flow and
# append it to dev/bench/RESULTS.md.
#   dev/bench/run.sh                 # every flow
#   dev/bench/run.sh order_flow ...  # some flows (file names without .py)
# BENCH_REPEAT=n (default 5) repetitions per variant; BENCH_SCALE=0.1 shrinks
# the data sets for a quick try (RESULTS.md is then not written).
source "$(dirname "$0")/../env.sh"
require_odoo
pg_up
write_odoo_conf
ensure_template_db

# Peers from PyPI (OCA 18.0 addons), used as baselines only, never as our
# dependencies. --no-deps: their "odoo" requirement is the source in ODOO_SRC.
PEERS=("odoo-addon-sale-blanket-order==18.0.*" "odoo-addon-sale-order-type==18.0.*")
site=$("$PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
for peer in "${PEERS[@]}"; do
  name=${peer%%==*}; name=${name#odoo-addon-}; name=${name//-/_}
  [ -d "$site/odoo/addons/$name" ] || "$VENV/bin/pip" install -q --no-deps "$peer" \
    || die "Could not install the peer $peer from PyPI."
done
BENCH_CONF="$STATE/odoo-bench.conf"
sed "s|^addons_path = .*|addons_path = $(odoo_addons_path),$site/odoo/addons|" "$ODOO_CONF" > "$BENCH_CONF"
echo "log_level = warn" >> "$BENCH_CONF"

export ODOO_SRC BENCH_CONF TEMPLATE_DB="$(template_db)" DATA_DIR
exec "$PY" "$REPO/dev/bench/harness.py" "$@"
