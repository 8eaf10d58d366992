#!/usr/bin/env python3
"""Quote fidelity of self-refine critiques in a lab run store (docs/lab-results-session6.md).

Usage: quote_fidelity.py STORE.db [RUN_ID]

Reads the first critique of every self-refine trajectory. A quoted line is one that matches "^Step K: <quote>. "
(the quoting review styles' opening); it is exact when <quote> equals line K of the answer the critique judged.
Prints, for right and wrong first answers (the scoring verifier's first verdict), how many first critiques flag the
answer and how many quoted lines are exact; then, for wrong answers whose first wrong step the lab verifier recorded,
what the critique's line for that step quoted and concluded.
"""
import json
import re
import sqlite3
import sys
from collections import Counter

QUOTED = re.compile(r"^Step (\d+): (.+?)\. ")


def rows(db, run_id):
    sql = "select trajectory_json, turn_verdicts_json from results where strategy = 'self-refine'"
    args = ()
    if run_id:
        sql += " and run_id = ?"
        args = (run_id,)
    for tj, vj in sqlite3.connect(db).execute(sql, args):
        t, v = json.loads(tj), json.loads(vj)
        critique = next((turn for turn in t["turns"] if turn["role"] == "Critique"), None)
        if v and critique is not None:
            steps = [l for l in t["turns"][0]["output"].split("\n") if l and not l.startswith("Answer:")]
            yield steps, critique["output"].split("\n"), v[0], critique["critique"]["label"] != "Correct"


def main(db, run_id=None):
    lines = Counter()
    flawed = Counter()
    for steps, critique, verdict, flagged in rows(db, run_id):
        right = verdict["label"] == "Correct"
        kind = "right" if right else "wrong"
        lines[kind, "critiques"] += 1
        lines[kind, "flagged"] += flagged
        for line in critique:
            m = QUOTED.match(line)
            if m:
                k = int(m.group(1))
                lines[kind, "quoted"] += 1
                lines[kind, "exact"] += 1 <= k <= len(steps) and steps[k - 1] == m.group(2)
        location = verdict.get("errorLocation") or ""
        if right or not location.startswith("step "):
            continue
        k = int(location[5:])
        line = next((l for l in critique if l.startswith(f"Step {k}: ")), None)
        if k > len(steps) or line is None:
            flawed["no line for the flawed step"] += 1
            continue
        m = QUOTED.match(line)
        copied = m is not None and m.group(2) == steps[k - 1]
        says = "wrong" if line.endswith("wrong.") else "right" if line.endswith("right.") else "neither"
        flawed[f"quotes it {'exactly' if copied else 'otherwise'}, says {says}"] += 1
        full = re.match(rf"^Step {k}: (.+?)\. .*; so (.+?): right\.$", line)
        if copied and full:
            claim = steps[k - 1].split("=")[-1]
            flawed["  of them in full form, recomputed value " + ("== claim" if full.group(2) == claim else "!= claim")] += 1

    for kind in ("right", "wrong"):
        n, exact = lines[kind, "quoted"], lines[kind, "exact"]
        c, flags = lines[kind, "critiques"], lines[kind, "flagged"]
        print(f"{kind} answers: {c} first critiques, {flags} flag the answer ({100 * flags / max(c, 1):.1f}%); "
              f"{n} quoted lines, {exact} exact ({100 * exact / max(n, 1):.1f}%)")
    print("wrong answers with a known first wrong step, the critique's line for that step:")
    for key in sorted(flawed, key=lambda k: (k.replace("  of them", "quotes it exactly, says right ~"), k)):
        print(f"  {flawed[key]:5d}  {key}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
