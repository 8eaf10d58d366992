#!/usr/bin/env python3
"""A critic read from its verdict probabilities (docs/lab/side-by-side-comparison.md), threshold chosen on separate problems.

Usage: threshold_critic.py DEV.db TEST.db MODEL.gguf

Both stores are self-refine runs of MODEL (e.g. `--lab-per-cell 80` for DEV and 40 for TEST: the smaller suite is a
prefix of the larger, and problems of TEST are left out of DEV). For each first critique, the score is the largest
P(differ) over its side-by-side review lines (verdict_margin.py). The thresholded critic flags an answer when the greedy
critique does or when the score passes t; t maximises Youden's J (recall minus false-positive rate, which flagging
everything scores 0 on, whatever the share of wrong answers) on DEV alone and is then applied once to TEST. Also
prints the AUC of the score as a detector of wrong answers on TEST. Prints
precision, recall and error localisation (the first line that says "differ" or passes t names the step) of the greedy
and the thresholded critic on TEST, against the lab verifier's verdict on the answer judged.
"""
import json
import re
import sqlite3
import sys

from labserve import served
from verdict_margin import auc, verdict_lines


def critiques(db, skip=frozenset()):
    sql = "select problem_id, trajectory_json, turn_verdicts_json from results where strategy = 'self-refine' order by problem_id"
    for pid, tj, vj in sqlite3.connect(db).execute(sql):
        t, v = json.loads(tj), json.loads(vj)
        critique = next((turn for turn in t["turns"] if turn["role"] == "Critique"), None)
        if pid in skip or critique is None or not v:
            continue
        call = critique["calls"][0]
        messages = [{"role": m["role"], "content": m["text"]} for m in call["messages"]]
        yield pid, messages, call["output"], critique["critique"]["label"] != "Correct", v[0]


def score(base, db, skip=frozenset()):
    rows = []
    for pid, messages, stored, flagged, verdict in critiques(db, skip):
        lines = verdict_lines(base, messages, stored)
        if lines is None:
            continue
        rows.append({
            "wrong": verdict["label"] != "Correct",
            "location": verdict.get("errorLocation"),
            "flagged": flagged,
            "score": max((p for _, p, _, _ in lines), default=0.0),
            "lines": [(int(re.match(r"Step (\d+):", line).group(1)) if re.match(r"Step (\d+):", line) else None, p, line.endswith("wrong."))
                      for line, p, _, _ in lines],
        })
    return rows


def evaluate(rows, t):
    tp = sum(r["wrong"] and (r["flagged"] or r["score"] > t) for r in rows)
    fp = sum(not r["wrong"] and (r["flagged"] or r["score"] > t) for r in rows)
    positives = sum(r["wrong"] for r in rows)
    precision = tp / max(tp + fp, 1)
    recall = tp / max(positives, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    known = [r for r in rows if r["wrong"] and (r["location"] or "").startswith("step ")]
    located = 0
    for r in known:
        step = next((k for k, p, says_wrong in r["lines"] if says_wrong or p > t), None)
        located += step is not None and f"step {step}" == r["location"]
    fpr = fp / max(len(rows) - positives, 1)
    return tp, fp, positives, precision, recall, f1, located, len(known), recall - fpr


def main(dev, test, model):
    test_ids = frozenset(r[0] for r in sqlite3.connect(test).execute("select problem_id from results"))
    with served(model) as base:
        dev_rows = score(base, dev, skip=test_ids)
        test_rows = score(base, test)
    candidates = sorted({r["score"] for r in dev_rows})
    t = max(candidates, key=lambda c: evaluate(dev_rows, c)[8])
    print(f"DEV: {len(dev_rows)} critiques; threshold t = {t:.4f} (max J on DEV: {evaluate(dev_rows, t)[8]:.3f})")
    print(f"TEST AUC of the score for wrong against right answers: "
          f"{auc([r['score'] for r in test_rows if r['wrong']], [r['score'] for r in test_rows if not r['wrong']]):.3f}")
    for name, threshold in (("greedy verdicts", 2.0), (f"greedy or P(differ) > {t:.4f}", t)):
        tp, fp, positives, precision, recall, f1, located, known, _ = evaluate(test_rows, threshold)
        print(f"TEST {name}: {len(test_rows)} critiques, TP {tp} FP {fp} of {positives} wrong answers; precision "
              f"{100 * precision:.1f}%, recall {100 * recall:.1f}%, F1 {f1:.3f}; error located {located} of {known}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
