"""The montydb speed-ups change no answer: the same script gives the same output plain and tuned."""

import json
import subprocess
import sys
from typing import Any

SCENARIO = r"""
import json, sys, tempfile
from montydb import MontyClient, set_storage
if sys.argv[1] == "tuned":
    from py_nodes.core import embedded_tuning
    embedded_tuning.install()
path = tempfile.mkdtemp()
set_storage(path, storage="py_nodes.core.monty_keyed" if sys.argv[1] == "tuned" else "sqlite",
            use_bson=False, mongo_version="4.0")
db = MontyClient(path)["t"]
col = db["c"]
out = []
col.insert_many([{"_id": f"k{i}", "n": i, "tags": ["a"] if i % 2 else []} for i in range(30)])
col.insert_one({"_id": 7, "n": "int key"})
out.append(col.find_one({"_id": "k3"}))
out.append(col.find_one({"_id": 7}))
out.append(col.find_one({"_id": "missing"}))
out.append(col.find_one({"_id": True}))
out.append(sorted(d["_id"] for d in col.find({"n": {"$gt": 25}})))
out.append(col.update_one({"_id": "k4"}, {"$set": {"n": -4}, "$push": {"tags": "b"}}).raw_result)
out.append(col.find_one({"_id": "k4"}))
out.append(col.update_one({"_id": "new"}, {"$inc": {"seq": 1}}, upsert=True).raw_result)
out.append(col.update_one({"_id": "new"}, {"$inc": {"seq": 1}}, upsert=True).raw_result)
out.append(col.find_one({"_id": "new"}))
out.append(col.update_many({"tags": "a"}, {"$set": {"odd": True}}).raw_result)
out.append(col.count_documents({"odd": True}))
out.append(col.find_one({"_id": "k6", "n": 6}))
out.append(col.find_one({"_id": "k6", "n": 7}))
out.append(col.update_one({"_id": "k8", "n": {"$lt": 0}}, {"$set": {"hit": 1}}).raw_result)
out.append(col.find_one_and_update({"_id": "k9", "n": 9}, {"$inc": {"n": 1}}))
out.append(col.delete_one({"_id": "k5"}).raw_result)
out.append(col.find_one({"_id": "k5"}))
out.append(db["empty"].find_one({"_id": "x"}))
print(json.dumps(out, sort_keys=True, default=str))
"""


def _run(variant: str) -> list[Any]:
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, variant], check=True, capture_output=True, text=True
    )
    answers: list[Any] = json.loads(done.stdout)
    return answers


def test_embedded_tuning_gives_montydb_answers() -> None:
    plain = _run("plain")

    tuned = _run("tuned")

    assert tuned == plain
    assert plain[0] == {"_id": "k3", "n": 3, "tags": ["a"]}
    assert plain[9] == {"_id": "new", "seq": 2}


def test_unknown_montydb_version_fails_the_start_by_name() -> None:
    import pytest

    from py_nodes.core.embedded_tuning import UnsupportedMontydb, check_version

    check_version((2, 5, 6))
    with pytest.raises(UnsupportedMontydb, match=r"montydb 2\.6\.0 is installed.*2\.5\.6"):
        check_version((2, 6, 0))


def test_montydb_finds_the_keyed_storage_and_keeps_its_own_settings(tmp_path: object) -> None:
    script = r"""
import json, sys, tempfile
from montydb import MontyClient, set_storage
from py_nodes.core import monty_keyed
path = tempfile.mkdtemp()
set_storage(path, storage="py_nodes.core.monty_keyed", use_bson=False, mongo_version="4.0")
col = MontyClient(path)["t"]["c"]
col.insert_one({"_id": "a", "n": 1})
col.find_one({"_id": "a"})
((conn, pragmas),) = monty_keyed._connections.values()
print(json.dumps({
    "engine": type(col.database.client._storage._conn).__name__,
    "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
    "busy_timeout": conn.execute("PRAGMA busy_timeout").fetchone()[0],
    "synchronous": conn.execute("PRAGMA synchronous").fetchone()[0],
}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    # montydb's own defaults: WAL from its storage config, busy_timeout from its write concern,
    # and SQLite's synchronous=FULL (2) when the client sets no write concern.
    assert json.loads(done.stdout) == {
        "engine": "KeyedKVEngine", "journal_mode": "wal", "busy_timeout": 5000, "synchronous": 2,
    }  # fmt: skip
