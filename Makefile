# Developer entry points; the work is done by the scripts in dev/.
.PHONY: setup run test test-odoo lint wheel bench load pot pg-stop

setup:   ## virtualenv, Odoo deps, PostgreSQL, Chromium, demo database
	dev/setup.sh

run:     ## serve the demo database on http://localhost:8069 (admin/admin)
	dev/run.sh

test:    ## lint + wheel check + fresh database + whole suite (tours in Chromium), no skips
	dev/test.sh

.PHONY: test-upgrade
test-upgrade: ## the last release (dev/releases.txt) with data of every feature, upgraded with this code
	dev/upgrade.sh

test-odoo: ## Odoo's own suites of the extended apps with the module vs without (cached baseline)
	dev/test_odoo.sh

lint:    ## pre-commit hooks: ruff, pylint-odoo mandatory checks, XML/CSV/PO checks
	dev/lint.sh

wheel:   ## build odoo-addon-sales_marketing with whool into .dev/dist and check it
	dev/wheel.sh

bench:   ## benchmarks against stock Odoo and OCA peers -> dev/bench/RESULTS.md
	dev/bench/run.sh

load:    ## multi-worker Odoo under concurrent XML-RPC clients -> dev/bench/RESULTS.md
	dev/load/run.sh

pot:     ## export i18n/sales_marketing.pot from the demo database
	dev/pot.sh

pg-stop: ## stop the private PostgreSQL cluster
	dev/pg.sh stop
