"""``hawl bench``: every registered page answers 200 and the results file has its shape.

No timing assertions here: the numbers are for people to read, the structure is for tests.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from core import bench
from people.seed import DEMO_ACCOUNTS

RESULT_KEYS = {
    "name",
    "user",
    "kind",
    "url",
    "samples",
    "p50_ms",
    "p95_ms",
    "max_ms",
    "cpu_p95_ms",
    "queries",
    "queries_vary",
    "ratio",
}


def test_a_demo_run_times_every_target_and_writes_the_results(db, tmp_path):
    run = bench.run(scale="demo", iterations=1, warm_up=0, fresh_database=False)
    output = tmp_path / "results.json"
    bench.write(run, output)

    document = json.loads(output.read_text(encoding="utf-8"))
    key = f"demo-{connection.vendor}"
    assert document["latest"] == key
    written = document["runs"][key]
    assert written["scale"] == "demo"
    assert written["iterations"] == 1
    assert written["seed_seconds"] > 0
    assert written["totals"]["schools"] == 74
    assert written["totals"]["practitioners"] > 0
    assert written["totals"]["fte_teachers"] > 0
    expected = [
        (target.name, user)
        for target in bench.targets()
        for user in ((target.users,) if isinstance(target.users, str) else target.users)
    ]
    assert [(r["name"], r["user"]) for r in written["results"]] == expected
    assert written["results"][0]["name"] == "healthz"
    baseline = written["results"][0]["p95_ms"]
    for result in written["results"]:
        assert set(result) == RESULT_KEYS
        assert result["samples"] == 1
        assert result["queries"] >= 1
        assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
        assert result["ratio"] == round(result["p95_ms"] / baseline, 2)
    assert written["results"][0]["ratio"] == 1.0
    assert "healthz" in bench.table(run)


def test_every_target_is_timed_for_demo_accounts_only():
    known = {account[0] for account in DEMO_ACCOUNTS} | {bench.ANONYMOUS}
    for target in bench.targets():
        users = (target.users,) if isinstance(target.users, str) else target.users
        assert users, target.name
        assert set(users) <= known, target.name
        assert target.kind in {bench.PAGE, bench.API}


def test_a_target_that_does_not_answer_200_stops_the_bench(world):
    refused = bench.Target("staff list", "/en/schools/6814000/staff/", "teacher")
    with pytest.raises(bench.BenchError, match="answered 404"):
        bench.measure([refused], iterations=1)


def test_writing_keeps_the_other_scales_run_and_compares_query_counts(tmp_path):
    def run_at(scale: str, queries: int) -> bench.Run:
        result = bench.Result(
            "home", "teacher", "page", "/en/", 1, 1.0, 1.0, 1.0, 1.0, queries, False
        )
        return bench.Run(scale, 1, 1, {"vendor": "sqlite"}, 0.0, 0.0, {}, [result])

    output = tmp_path / "results.json"
    assert bench.write(run_at("demo", 7), output) == {}
    others = bench.write(run_at("wales", 9), output)
    bench.write(run_at("wales", 9), output)

    runs = json.loads(output.read_text(encoding="utf-8"))["runs"]
    assert set(runs) == {"demo-sqlite", "wales-sqlite"}
    assert set(others) == {"demo-sqlite"}
    assert bench.query_differences(run_at("wales", 9), others["demo-sqlite"]) == [
        "home [teacher]: 9 here, 7 at demo"
    ]
    assert bench.query_differences(run_at("wales", 7), others["demo-sqlite"]) == []


def test_percentiles_interpolate_between_ranks():
    values = [float(n) for n in range(1, 21)]
    assert bench.percentile(values, 0.5) == pytest.approx(10.5)
    assert bench.percentile(values, 0.95) == pytest.approx(19.05)
    assert bench.percentile([3.0], 0.95) == 3.0
