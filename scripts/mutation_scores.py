"""Print the mutation score of each mutated module from mutmut's results in mutants/.

Score = killed (or timed out) / mutants that were tested. Goal: >= 90% each.
Run after `mutmut run` (`make mutation` does both).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 36, 24, -24, 152, 255, 37}
SURVIVED = {0}
GOAL = 90.0

rows = []
for meta in sorted(Path("mutants").rglob("*.py.meta")):
    codes = json.loads(meta.read_text()).get("exit_code_by_key", {})
    if not codes:
        continue
    counts = Counter(
        "killed" if c in KILLED else "survived" if c in SURVIVED else "untested"
        for c in codes.values()
    )
    tested = counts["killed"] + counts["survived"]
    score = 100.0 * counts["killed"] / tested if tested else 0.0
    rows.append((str(meta.relative_to("mutants"))[: -len(".meta")], counts, tested, score))

if not rows:
    sys.exit("no results in mutants/: run `mutmut run` first")
print(f"{'module':40} {'mutants':>8} {'killed':>7} {'survived':>9} {'no test':>8} {'score':>7}")
for name, counts, _tested, score in rows:
    mark = "ok" if score >= GOAL else "below goal"
    print(
        f"{name:40} {sum(counts.values()):8} {counts['killed']:7} {counts['survived']:9} "
        f"{counts['untested']:8} {score:6.1f}%  ({mark}, goal {GOAL:.0f}%)"
    )
