"""Embedded store operations per second: montydb as shipped vs with py_nodes' tuning, same run.

Usage: .venv/bin/python bench/bench_embedded_store.py [--docs 2000] [--ops 300]
Each variant runs in its own subprocess (the tuning patches montydb process-wide).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time

WORKER = r"""
import json, sys, tempfile, time
from montydb import MontyClient, set_storage
tuned, docs, ops = sys.argv[1] == "tuned", int(sys.argv[2]), int(sys.argv[3])
if tuned:
    from py_nodes.core import embedded_tuning
    embedded_tuning.install()
path = tempfile.mkdtemp()
set_storage(path, storage="py_nodes.core.monty_keyed" if sys.argv[1] == "tuned" else "sqlite",
            use_bson=False, mongo_version="4.0")
col = MontyClient(path)["bench"]["sessions"]
col.insert_many([{"_id": f"p{i}", "slots": {"product": "ISODEC_EPS"}, "n": i} for i in range(docs)])
def timed(fn):
    start = time.perf_counter()
    for i in range(ops):
        fn(i)
    return ops / (time.perf_counter() - start)
result = {
    "find_one by _id": timed(lambda i: col.find_one({"_id": f"p{(i * 7) % docs}"})),
    "update_one by _id ($set)": timed(
        lambda i: col.update_one({"_id": f"p{(i * 7) % docs}"}, {"$set": {"n": -i}})),
    "insert_one": timed(lambda i: col.insert_one({"_id": f"new{i}", "n": i})),
}
print(json.dumps(result))
"""


def run_variant(variant: str, docs: int, ops: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", WORKER, variant, str(docs), str(ops)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--ops", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory():
        started = time.perf_counter()
        baseline = run_variant("plain", args.docs, args.ops)
        tuned = run_variant("tuned", args.docs, args.ops)
    print(f"collection of {args.docs} documents, {args.ops} operations each")
    print(f"{'operation':<28}{'montydb ops/s':>15}{'tuned ops/s':>14}{'ratio':>8}")
    for name, plain_rate in baseline.items():
        print(f"{name:<28}{plain_rate:>15.0f}{tuned[name]:>14.0f}{tuned[name] / plain_rate:>8.1f}")
    print(f"(took {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
