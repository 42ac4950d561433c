"""Prints the requirements of a PEP 735 dependency group, one a line, with
the groups it includes resolved (make setup installs the "dev" group):

    python3 dev/dependency_group.py pyproject.toml dev
"""

import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    sys.exit("*** Python 3.11 or later is needed to read pyproject.toml (tomllib).")


def requirements(groups, name, seen=()):
    if name not in groups:
        sys.exit(f"*** No dependency group {name!r} in pyproject.toml.")
    if name in seen:
        sys.exit(f"*** Dependency group {name!r} includes itself.")
    for item in groups[name]:
        if isinstance(item, dict):
            yield from requirements(groups, item["include-group"], (*seen, name))
        else:
            yield item


def main():
    path, name = sys.argv[1:3]
    with open(path, "rb") as f:
        groups = tomllib.load(f).get("dependency-groups", {})
    print("\n".join(dict.fromkeys(requirements(groups, name))))


if __name__ == "__main__":
    main()
