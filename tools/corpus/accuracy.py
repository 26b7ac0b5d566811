#!/usr/bin/python3
"""Precision and recall of `paicha pii scan` per type, against a corpus made by gen_pii_corpus.py.

A detection counts as true when the oracle labelled the same type on the same line (counts per
line and type are compared, so two values of one type on a line both have to be found).
    /usr/bin/python3 tools/corpus/accuracy.py --paicha build/paicha /tmp/corpus
Exits 1 when a type with a goal (cn_id, mobile, bank_card, uscc, email: 0.999) misses it, or
when the GB18030 copy of the CSV gives other counts than the UTF-8 one.
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys

GOALS = {"cn_id": 0.999, "mobile": 0.999, "bank_card": 0.999, "uscc": 0.999, "email": 0.999}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--paicha", default="build/paicha")
    ap.add_argument("--name", default="pii")
    ap.add_argument("corpus")
    args = ap.parse_args()
    corpus = pathlib.Path(args.corpus)
    labels = json.loads((corpus / f"{args.name}.labels.json").read_text(encoding="utf-8"))
    files = [corpus / f for f in labels]
    run = subprocess.run([args.paicha, "-q", "pii", "scan", *map(str, files), "--format", "json",
                          "--locations", "--max-locations", "0"],
                         capture_output=True, check=True)
    report = json.loads(run.stdout)
    by_name = {pathlib.Path(f["path"]).name: f for f in report["files"]}
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    for name, expected_lines in labels.items():
        detected = collections.Counter()
        for loc in by_name[name].get("locations", []):
            detected[(loc.get("line", 0), loc["type"])] += 1
        expected = collections.Counter()
        for line, counts in expected_lines.items():
            for t, n in counts.items():
                expected[(int(line), t)] += n
        for key in set(detected) | set(expected):
            hit = min(detected[key], expected[key])
            tp[key[1]] += hit
            fp[key[1]] += detected[key] - hit
            fn[key[1]] += expected[key] - hit
    ok = True
    print(f"{'type':<10} {'expected':>9} {'found':>9} {'precision':>10} {'recall':>8}  goal")
    for t in sorted(set(tp) | set(fp) | set(fn)):
        precision = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 1.0
        recall = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 1.0
        goal = GOALS.get(t)
        verdict = ""
        if goal:
            verdict = "ok" if precision >= goal and recall >= goal else "MISSED"
            ok &= verdict == "ok"
        print(f"{t:<10} {tp[t] + fn[t]:>9} {tp[t] + fp[t]:>9} {precision:>10.5f} {recall:>8.5f}  "
              f"{goal or ''} {verdict}")
    utf8 = by_name.get(f"{args.name}.csv", {}).get("counts")
    gbk = by_name.get(f"{args.name}.gbk.csv", {}).get("counts")
    same = utf8 == gbk
    print(f"GB18030 copy gives the same counts as UTF-8: {'yes' if same else 'NO'}"
          f" (encoding detected: {by_name.get(f'{args.name}.gbk.csv', {}).get('encoding')})")
    return 0 if ok and same else 1


if __name__ == "__main__":
    sys.exit(main())
