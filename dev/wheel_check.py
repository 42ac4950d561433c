"""Checks the wheel built by dev/wheel.sh (run by make test and make wheel).

    python dev/wheel_check.py <wheel> <path to __manifest__.py>
    python dev/wheel_check.py --installed <pip --target folder>

- metadata: the distribution is ``odoo-addon-sales_marketing``, its version is
  the manifest's, and every Requires-Dist comes from the manifest: Odoo 18.0
  itself, ``odoo-addon-<name>`` for a dependency outside Odoo's own addons and
  the manifest's external Python dependencies; nothing else;
- content: everything lives under ``odoo/addons/sales_marketing/`` (or the
  ``.dist-info`` folder); the addon's folders, every file the manifest loads
  and every translation are there; the development tooling (dev/, .ci/,
  Makefile, .venv, .dev, dot files, pyproject.toml) and compiled files are not;
- installed (``--installed``, after ``pip install --target``): Odoo finds the
  addon in the installed ``odoo/addons`` folder, reads its manifest and imports
  it from there.
"""

import ast
import os
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

ADDON = "sales_marketing"
PREFIX = f"odoo/addons/{ADDON}/"
REQUIRED_FOLDERS = (
    "models",
    "views",
    "data",
    "demo",
    "i18n",
    "static",
    "reports",
    "security",
    "wizards",
    "tests",
)
REQUIRED_FILES = ("__manifest__.py", "__init__.py", "README.md", "i18n/sv.po")
FORBIDDEN_PARTS = {"dev", ".ci", ".venv", ".dev", ".git", "__pycache__"}
FORBIDDEN_FILES = {"Makefile", "pyproject.toml", "PKG-INFO"}


def _odoo_core_addons():
    src = Path(os.environ.get("ODOO_SRC", "/opt/odoo18"))
    roots = [src / "odoo" / "addons", src / "addons"]
    return {p.name for root in roots if root.is_dir() for p in root.iterdir()}


def _expected_requirements(manifest):
    core = _odoo_core_addons()
    expected = {"odoo==18.0.*"}
    expected |= {
        f"odoo-addon-{dep}==18.0.*" for dep in manifest["depends"] if dep not in core
    }
    expected |= set(manifest.get("external_dependencies", {}).get("python", []))
    return expected


def check(wheel_path, manifest_path):
    manifest = ast.literal_eval(Path(manifest_path).read_text(encoding="utf-8"))
    errors = []
    with zipfile.ZipFile(wheel_path) as wheel:
        names = wheel.namelist()
        dist_infos = {
            n.split("/", 1)[0]
            for n in names
            if n.split("/", 1)[0].endswith(".dist-info")
        }
        if len(dist_infos) != 1:
            errors.append(f"expected one .dist-info folder, found {sorted(dist_infos)}")
            metadata = {}
        else:
            text = wheel.read(f"{dist_infos.pop()}/METADATA").decode()
            metadata = HeaderParser().parsestr(text)

    if metadata:
        if metadata["Name"] != f"odoo-addon-{ADDON}":
            errors.append(f"distribution name is {metadata['Name']!r}")
        if metadata["Version"] != manifest["version"]:
            errors.append(
                f"version {metadata['Version']} is not the manifest's"
                f" {manifest['version']}"
            )
        requires = set(metadata.get_all("Requires-Dist") or [])
        expected = _expected_requirements(manifest)
        if requires != expected:
            errors.append(
                f"Requires-Dist {sorted(requires)} instead of {sorted(expected)}"
                " (derived from the manifest)"
            )

    addon_files = set()
    for name in names:
        if name.endswith("/") or name.split("/", 1)[0].endswith(".dist-info"):
            continue
        if not name.startswith(PREFIX):
            errors.append(f"{name} is outside {PREFIX}")
            continue
        rel = name[len(PREFIX) :]
        addon_files.add(rel)
        parts = rel.split("/")
        if FORBIDDEN_PARTS.intersection(parts[:-1]) or (
            len(parts) == 1 and (rel in FORBIDDEN_FILES or rel.startswith("."))
        ):
            errors.append(f"{name} must not be in the wheel")
        if rel.endswith((".pyc", ".pyo")):
            errors.append(f"{name}: compiled file")

    folders = {rel.split("/", 1)[0] for rel in addon_files if "/" in rel}
    errors += [
        f"folder {folder}/ is missing"
        for folder in REQUIRED_FOLDERS
        if folder not in folders
    ]
    loaded = [*manifest.get("data", []), *manifest.get("demo", [])]
    errors += [
        f"{rel} is missing"
        for rel in (*REQUIRED_FILES, *loaded)
        if rel not in addon_files
    ]
    i18n = {p.name for p in (Path(manifest_path).parent / "i18n").glob("*.po*")}
    errors += [
        f"i18n/{name} is missing"
        for name in sorted(i18n)
        if f"i18n/{name}" not in addon_files
    ]
    return errors, metadata, len(addon_files)


def check_installed(site):
    import importlib  # noqa: PLC0415

    import odoo  # noqa: PLC0415
    from odoo.modules import module  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    addons = Path(site, "odoo", "addons").resolve()
    core = Path(odoo.__file__).parent / "addons"
    config["addons_path"] = f"{addons},{core}"
    module.initialize_sys_path()
    path = module.get_module_path(ADDON)
    if not path or Path(path).resolve() != addons / ADDON:
        sys.exit(f"*** Odoo finds {ADDON} at {path}, not in the installed {addons}")
    manifest = module.get_manifest(ADDON)
    if not manifest.get("installable"):
        sys.exit(f"*** Odoo reads no installable manifest for {ADDON} in {addons}")
    imported = importlib.import_module(f"odoo.addons.{ADDON}")
    if not Path(imported.__file__).resolve().is_relative_to(addons):
        sys.exit(f"*** odoo.addons.{ADDON} imports from {imported.__file__}")
    print(
        f"==> Installed wheel OK: Odoo loads {ADDON} {manifest['version']} from {path}"
    )


def main():
    if sys.argv[1] == "--installed":
        check_installed(sys.argv[2])
        return
    wheel_path, manifest_path = sys.argv[1:3]
    errors, metadata, count = check(wheel_path, manifest_path)
    if errors:
        sys.stderr.write(
            f"\n*** The wheel {Path(wheel_path).name} is wrong:\n  "
            + "\n  ".join(errors)
            + "\n\n"
        )
        sys.exit(1)
    print(
        f"==> Wheel OK: {Path(wheel_path).name} ({metadata['Name']}"
        f" {metadata['Version']}, {count} files under {PREFIX},"
        f" requires {', '.join(sorted(metadata.get_all('Requires-Dist')))})"
    )


if __name__ == "__main__":
    main()
