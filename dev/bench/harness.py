"""Benchmark runner (make bench).

Each flow in dev/bench/flows/<name>.py defines ``FLOW``: a title, the variants
to compare, which one is the baseline, ``setup(env, scale)`` creating the data
set and ``run(env, data, param)`` doing the measured work. A variant is a list
of modules installed on top of Odoo's apps, or ``{"modules": [...], "param":
...}`` when variants differ by what they run rather than by their modules.
Variants with the same modules share one throw-away database (built from the
same template, data created once); every variant runs in its own process;
each repetition is rolled back. ``report(env, data)`` may add text (e.g. an
EXPLAIN) to the flow's section, from the first variant that has the module.

For each variant: median wall time, median SQL queries, peak Python memory
(tracemalloc, measured in a separate repetition so it does not slow the timed
ones) and the ratios against the baseline.
"""

import argparse
import datetime
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc

import odoo
from odoo import SUPERUSER_ID
from odoo import api
from odoo.modules.registry import Registry

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RESULTS = os.path.join(HERE, "RESULTS.md")
sys.path.insert(0, HERE)


class Flow:
    def __init__(
        self,
        name,
        title,
        variants,
        baseline,
        setup,
        run,
        repeat=5,
        warmup=1,
        notes="",
        report=None,
    ):
        self.name = name
        self.title = title
        self.variants = {
            label: v if isinstance(v, dict) else {"modules": v}
            for label, v in variants.items()
        }
        self.baseline = baseline
        self.setup = setup
        self.run = run
        self.repeat = repeat
        self.warmup = warmup
        self.notes = notes
        self.report = report


def load_flow(name):
    return importlib.import_module(f"flows.{name}").FLOW


def all_flows():
    names = sorted(
        f[:-3]
        for f in os.listdir(os.path.join(HERE, "flows"))
        if f.endswith(".py") and not f.startswith("_")
    )
    return names


# -- database preparation (parent process) ------------------------------------
def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def odoo_bin(*args):
    sh(
        sys.executable,
        os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
        "-c",
        os.environ["BENCH_CONF"],
        *args,
    )


def variant_db(flow, label):
    modules = "_".join(sorted(flow.variants[label]["modules"])) or "stock"
    safe = "".join(c if c.isalnum() else "_" for c in modules.lower())
    return f"sm_bench_{flow.name}_{safe}"[:63]


def prepare_db(db, modules):
    template = os.environ["TEMPLATE_DB"]
    data_dir = os.environ["DATA_DIR"]
    sh("dropdb", "--if-exists", db, stderr=subprocess.DEVNULL)
    sh("createdb", "-T", template, db)
    src = os.path.join(data_dir, "filestore", template)
    dst = os.path.join(data_dir, "filestore", db)
    sh("rm", "-rf", dst)
    if os.path.isdir(src):
        sh("cp", "-a", src, dst)
    if modules:
        odoo_bin("-d", db, "-i", ",".join(modules), "--stop-after-init")


def drop_db(db):
    sh("dropdb", "--if-exists", db, stderr=subprocess.DEVNULL)
    sh("rm", "-rf", os.path.join(os.environ["DATA_DIR"], "filestore", db))


# -- measuring (worker process) -----------------------------------------------
def worker(flow_name, db, label, scale, repeat):
    odoo.tools.config.parse_config(["-c", os.environ["BENCH_CONF"], "-d", db])
    flow = load_flow(flow_name)
    param = flow.variants[label].get("param")
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        stored = env["ir.config_parameter"].get_param(f"bench.{flow.name}")
        if stored:
            data = json.loads(stored)
        else:
            data = flow.setup(env, scale)
            env["ir.config_parameter"].set_param(f"bench.{flow.name}", json.dumps(data))
            env.flush_all()
            cr.commit()
        times, queries = [], []
        for i in range(flow.warmup + repeat):
            env.invalidate_all()
            q0 = cr.sql_log_count
            t0 = time.perf_counter()
            flow.run(env, data, param)
            env.flush_all()
            elapsed = time.perf_counter() - t0
            count = cr.sql_log_count - q0
            cr.rollback()
            if i >= flow.warmup:
                times.append(elapsed)
                queries.append(count)
        env.invalidate_all()
        tracemalloc.start()
        flow.run(env, data, param)
        env.flush_all()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        cr.rollback()
        extra = ""
        if flow.report and "sale.agreement" in env:
            extra = flow.report(env, data)
            cr.rollback()
    return {
        "time": statistics.median(times),
        "times": times,
        "queries": statistics.median(queries),
        "peak_mb": peak / 2**20,
        "report": extra,
    }


# -- reporting ------------------------------------------------------------------
def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.node()} — {cpu}, {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}"
    )


def table(flow, results):
    """One row per variant; ratios against the flow's baseline, or against
    the variant named by a variant's ``against`` (its matching read)."""
    baselines = {flow.baseline} | {
        v["against"] for v in flow.variants.values() if v.get("against")
    }
    rows = [
        "| variant | median time (s) | queries | peak memory (MB) "
        "| time ratio | query ratio | memory ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, r in results.items():
        base = (
            r
            if label in baselines
            else results[flow.variants[label].get("against") or flow.baseline]
        )
        rows.append(
            f"| {label}{' (baseline)' if label in baselines else ''} "
            f"| {r['time']:.3f} | {r['queries']:.0f} | {r['peak_mb']:.1f} "
            f"| {r['time'] / base['time']:.2f} "
            f"| {r['queries'] / base['queries'] if base['queries'] else 0:.2f} "
            f"| {r['peak_mb'] / base['peak_mb'] if base['peak_mb'] else 0:.2f} |"
        )
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("flows", nargs="*")
    parser.add_argument("--worker", nargs=3, metavar=("FLOW", "DB", "VARIANT"))
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))

    # BENCH_FLOW_SCALE="backorders=0.2,...": one flow's data set scaled (the
    # run still writes RESULTS.md and says so in that flow's section)
    flow_scales = {
        name: float(value)
        for name, value in (
            item.split("=")
            for item in os.environ.get("BENCH_FLOW_SCALE", "").split(",")
            if item
        )
    }
    if args.worker:
        result = worker(*args.worker, flow_scales.get(args.worker[0], scale), repeat)
        print("BENCH-RESULT " + json.dumps(result))
        return

    names = args.flows or all_flows()
    sections = []
    failed = []
    for name in names:
        flow = load_flow(name)
        results = {}
        prepared = set()
        reports = []
        for label, variant in flow.variants.items():
            db = variant_db(flow, label)
            if db not in prepared:
                print(f"==> {name}: preparing {db}", flush=True)
                prepare_db(db, variant["modules"])
                prepared.add(db)
            print(f"==> {name}: measuring {label}", flush=True)
            out = subprocess.run(
                [sys.executable, __file__, "--worker", name, db, label],
                check=False,
                capture_output=True,
                text=True,
            )
            line = [x for x in out.stdout.splitlines() if x.startswith("BENCH-RESULT ")]
            if out.returncode or not line:
                # keep the other flows' figures: the failure is reported in
                # this flow's section and by the exit status
                sys.stderr.write(out.stderr[-5000:])
                print(f"{name}/{label}: the worker failed", flush=True)
                failed.append(f"{name}/{label}")
                break
            results[label] = json.loads(line[-1][len("BENCH-RESULT ") :])
            if results[label].get("report") and not reports:
                reports.append(results[label]["report"])
        if not args.keep:
            for db in prepared:
                drop_db(db)
        if len(results) < len(flow.variants):
            section = (
                f"### {flow.title}\n\n**Failed** in this run "
                "(see the run's output); no figures.\n"
            )
            print("\n" + section, flush=True)
            sections.append((name, section))
            continue
        section = f"### {flow.title}\n\n{table(flow, results)}\n"
        if name in flow_scales:
            section += (
                f"\nData set scaled by {flow_scales[name]} for this run "
                "(`BENCH_FLOW_SCALE`).\n"
            )
        if flow.notes:
            section += f"\n{flow.notes.strip()}\n"
        for extra in reports:
            section += f"\n{extra.strip()}\n"
        print("\n" + section, flush=True)
        sections.append((name, section))

    if scale != 1:
        print(f"BENCH_SCALE={scale}: RESULTS.md not written")
        if failed:
            raise SystemExit("Failed: " + ", ".join(failed))
        return
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    header = (
        f"## Run of {stamp}\n\nMachine: {machine()}. Odoo 18.0 from "
        f"`{os.environ['ODOO_SRC']}`, PostgreSQL on the same machine; "
        f"{repeat} timed repetitions after a warm-up, each rolled back.\n\n"
    )
    body = header + "\n".join(s for _, s in sections)
    existing = open(RESULTS).read() if os.path.exists(RESULTS) else ""
    if not existing:
        existing = (
            "# Benchmark results\n\nWritten by `make bench` (dev/bench/harness.py); "
            "newest run first. Ratios are against the baseline named in each table, "
            "measured in the same run on the same data.\n\n"
        )
    head, _, rest = existing.partition("## Run of ")
    rest = ("## Run of " + rest) if rest else ""
    with open(RESULTS, "w") as f:
        f.write(head + body + "\n" + rest)
    print(f"Results written to {RESULTS}")
    if failed:
        raise SystemExit("Failed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
