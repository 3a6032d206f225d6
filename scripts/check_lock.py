#!/usr/bin/env python3
"""Fail when pyproject.toml and requirements.lock disagree (run by `make lint`).

Every requirement of the project (its dependencies and the dev and bench extras)
must be pinned in the lock at a version its specifier allows. The lock is made by
`make upgrade` (uv pip compile, with hashes); `make install` installs from it with
`--require-hashes`, so every machine gets the same packages.
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("dev", "bench")


def pins(text: str) -> dict[str, Version]:
    found = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", line)
        if match:
            name = re.sub(r"\[.*\]", "", match.group(1))
            found[canonicalize_name(name)] = Version(match.group(2))
    return found


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in EXTRAS:
        wanted += project["optional-dependencies"][extra]
    locked = pins((ROOT / "requirements.lock").read_text())
    problems = []
    for text in wanted:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        version = locked.get(name)
        if version is None:
            problems.append(f"{requirement.name} is not in requirements.lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} in the lock, pyproject asks {text}")
    for problem in problems:
        print(f"requirements.lock: {problem}", file=sys.stderr)
    if problems:
        print("run `make upgrade` and commit requirements.lock", file=sys.stderr)
        return 1
    print(f"requirements.lock agrees with pyproject.toml ({len(locked)} pins)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
