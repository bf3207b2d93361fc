#!/usr/bin/env python3
"""Prints the count tables of configs/judge-dev/README.md from dev.jsonl and test.jsonl."""
import collections
import json
from pathlib import Path

DIR = Path(__file__).resolve().parent.parent.parent / "configs/judge-dev"


def main():
    rows = {s: [json.loads(l) for l in open(DIR / f"{s}.jsonl", encoding="utf-8")]
            for s in ("dev", "test")}
    def dataset(r):
        return r["source"].split("#", 1)[0]
    print("| style | label | source | dev | test |")
    print("|---|---|---|---:|---:|")
    keys = collections.Counter()
    for s, rs in rows.items():
        for r in rs:
            keys[(r["style"], r["label"], dataset(r), s)] += 1
    order = sorted({k[:3] for k in keys}, key=lambda k: ({"full": 0, "partial": 1, "none": 2}[k[1]], k[0], k[2]))
    for k in order:
        print(f"| {k[0]} | {k[1]} | {k[2]} | {keys[k + ('dev',)]} | {keys[k + ('test',)]} |")
    print()
    print("| | dev | test | all |")
    print("|---|---:|---:|---:|")
    for title, f in [("label", lambda r: r["label"]), ("kind", lambda r: r["kind"]),
                     ("helpful (refusals)", lambda r: None if r["label"] == "none" else str(r["helpful"]).lower()),
                     ("variant", lambda r: r.get("variant") or "n/a"),
                     ("source", dataset), ("voice", lambda r: r.get("voice") or "n/a")]:
        c = {s: collections.Counter(f(r) for r in rs) for s, rs in rows.items()}
        for v in sorted(set(c["dev"]) | set(c["test"]), key=str):
            if v is None:
                continue
            print(f"| {title}: {v} | {c['dev'][v]} | {c['test'][v]} | {c['dev'][v] + c['test'][v]} |")
    n = {s: len(rs) for s, rs in rows.items()}
    print(f"| **all rows** | {n['dev']} | {n['test']} | {n['dev'] + n['test']} |")


if __name__ == "__main__":
    main()
