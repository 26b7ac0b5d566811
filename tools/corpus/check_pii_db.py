#!/usr/bin/python3
"""Checks a `paicha pii db --format json` result against the truth of gen_pii_tables.py.

Every table of the truth must be found with its exact row count, and every column must have
the truth's PII type (or none). With --exact, the per-table counts of the checksummed types
(cn_id, mobile, bank_card, email) must equal the truth's numbers of valid values.
Prints each mismatch; exit status 1 when there is any.
    check_pii_db.py truth.json result.json [--exact] [--database NAME]
"""
import argparse
import json
import sys

CHECKSUMMED = {"cn_id", "mobile", "bank_card", "email"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("result")
    ap.add_argument("--exact", action="store_true")
    ap.add_argument("--database")
    ap.add_argument("--rows-tolerance", type=float, default=0.0,
                    help="allowed relative error of estimated row counts (benchmarks)")
    args = ap.parse_args()
    truth = json.load(open(args.truth, encoding="utf-8"))
    result = json.load(open(args.result, encoding="utf-8"))
    tables = {}
    for source in result["sources"]:
        if source.get("error"):
            print("source error:", source["error"])
            return 1
        for t in source["tables"]:
            if args.database and t["database"] != args.database:
                continue
            tables[t["name"]] = t
    problems = 0
    for name, want in truth.items():
        got = tables.get(name)
        if got is None:
            print(f"{name}: missing")
            problems += 1
            continue
        if got.get("error"):
            print(f"{name}: error {got['error']}")
            problems += 1
            continue
        if abs(got["rows"] - want["rows"]) > args.rows_tolerance * want["rows"]:
            print(f"{name}: rows {got['rows']} != {want['rows']}")
            problems += 1
        columns = {c["name"]: c for c in got["columns"]}
        expected_counts = {}
        for col, info in want["columns"].items():
            c = columns.get(col)
            if c is None:
                print(f"{name}.{col}: missing column")
                problems += 1
                continue
            if c["pii_type"] != info["type"]:
                print(f"{name}.{col}: pii_type {c['pii_type']} != {info['type']} "
                      f"({c['matched']}/{c['sampled']})")
                problems += 1
            if info["type"] in CHECKSUMMED:
                expected_counts[info["type"]] = expected_counts.get(info["type"], 0) + info["valid"]
        if args.exact:
            if got["estimated"]:
                print(f"{name}: counts estimated in --exact mode")
                problems += 1
            for typ, n in expected_counts.items():
                if got["counts"].get(typ, 0) != n:
                    print(f"{name}: {typ} count {got['counts'].get(typ, 0)} != {n}")
                    problems += 1
    print(f"{len(truth)} tables checked, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
