#!/usr/bin/env python3
"""Splits the judge development corpus into dev (about 60%) and test (about 40%).

    python3 scripts/judge-dev-split.py     # re-split configs/judge-dev/{dev,test}.jsonl in place

The split is stratified and fixed: rows are grouped by (batch, style, source dataset); within a
group they are ordered by SHA-256 of ("judge-dev-split-v1", id) in the ContentHash convention
(UTF-8 parts, each followed by 0x1f), and the first round(0.6 n) go to dev. A row's side
depends only on its id and its group, so re-running this changes nothing, and a new batch of
rows never moves an old one. JudgeDevCorpusTest recomputes the assignment and fails if a row
sits on the wrong side.
"""
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIR = ROOT / "configs/judge-dev"
SALT = "judge-dev-split-v1"
DEV_SHARE = 0.6


def rank_key(row_id):
    h = hashlib.sha256()
    for part in (SALT, row_id):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def source_dataset(source):
    """'written', or the public data set a source names (the part before the first '#')."""
    return source.split("#", 1)[0]


def stratum(row):
    return (row["batch"], row["style"], source_dataset(row["source"]))


def assign(rows):
    groups = {}
    for r in rows:
        groups.setdefault(stratum(r), []).append(r)
    dev, test = [], []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda r: rank_key(r["id"]))
        n_dev = int(len(members) * DEV_SHARE + 0.5)
        dev += members[:n_dev]
        test += members[n_dev:]
    return sorted(dev, key=lambda r: r["id"]), sorted(test, key=lambda r: r["id"])


def write(rows):
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate ids in the corpus")
    dev, test = assign(rows)
    for name, part in (("dev.jsonl", dev), ("test.jsonl", test)):
        with open(DIR / name, "w", encoding="utf-8") as f:
            for r in part:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"dev {len(dev)} rows, test {len(test)} rows", file=sys.stderr)


def main():
    rows = []
    for name in ("dev.jsonl", "test.jsonl"):
        path = DIR / name
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: not JSON: {e}")
    write(rows)


if __name__ == "__main__":
    main()
