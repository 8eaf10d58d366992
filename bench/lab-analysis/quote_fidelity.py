#!/usr/bin/env python3
"""Quote fidelity of self-refine critiques in a lab run store (docs/lab/copy-drills.md,
docs/lab/side-by-side-comparison.md).

Usage: quote_fidelity.py STORE.db [RUN_ID]

Reads the first critique of every self-refine trajectory. A quoted line is one that matches "^Step K: <quote>. "
(the quoting review styles' opening); it is exact when <quote> equals line K of the answer the critique judged.
Prints, for right and wrong first answers (the scoring verifier's first verdict), how many first critiques flag the
answer and how many quoted lines are exact; then, for wrong answers whose first wrong step the lab verifier recorded,
what the critique's line for that step quoted and concluded. Last, the comparison: over every quoted line in full form,
whether the verdict agrees with the critic's own two numbers, the value it recomputed and the claim of the step it
quoted (for the side-by-side style also whether it copied the claim and restated both numbers faithfully).
"""
import json
import re
import sqlite3
import sys
from collections import Counter

QUOTED = re.compile(r"^Step (\d+): (.+?)\. ")
# The ending of a full review line: quote-first ("so V: right." / "so V, not C: wrong.") or side by side
# ("so V; it says C; A and B agree: right." / "... differ: wrong.").
QUOTE_FIRST_END = re.compile(r"(-?\d+)(?:: (right)\.|, not (-?\d+): (wrong)\.)$")
SIDE_BY_SIDE_END = re.compile(r"(-?\d+); it says (-?\d+); (-?\d+) and (-?\d+) (?:agree: (right)|differ: (wrong))\.$")


def claim_of(quote):
    """The number a quoted step claims: a division's numerator (checked by multiplying back), else its result."""
    m = re.match(r"^x=(-?\d+)/", quote) or re.search(r"=(-?\d+)$", quote)
    return m.group(1) if m else None


def ending(line):
    """(recomputed value, verdict, side-by-side groups or None) of a full review line, or None."""
    side = SIDE_BY_SIDE_END.search(line)
    if side:
        return side.group(1), side.group(5) or side.group(6), side
    first = QUOTE_FIRST_END.search(line)
    return (first.group(1), first.group(2) or first.group(4), None) if first else None


def compare(line, counts):
    m = QUOTED.match(line)
    claim = claim_of(m.group(2)) if m else None
    end = ending(line) if claim is not None else None
    if end is None:
        return
    value, verdict, side = end
    if side:
        copied, a, b = side.group(2), side.group(3), side.group(4)
        counts["side by side: claim copied from the quote", copied == claim] += 1
        counts["side by side: both numbers restated", a == value and b == copied] += 1
        counts["side by side: the verdict follows the two numbers it wrote", (a != b) == (verdict == "wrong")] += 1
    key = "recomputed value != quoted claim, says wrong" if value != claim else "recomputed value == quoted claim, says right"
    counts[key, verdict == ("wrong" if value != claim else "right")] += 1


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
    comparisons = Counter()
    for steps, critique, verdict, flagged in rows(db, run_id):
        right = verdict["label"] == "Correct"
        kind = "right" if right else "wrong"
        lines[kind, "critiques"] += 1
        lines[kind, "flagged"] += flagged
        for line in critique:
            compare(line, comparisons)
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
        end = ending(line)
        if copied and says == "right" and end:
            flawed["  of them in full form, recomputed value " + ("== claim" if end[0] == claim_of(m.group(2)) else "!= claim")] += 1

    for kind in ("right", "wrong"):
        n, exact = lines[kind, "quoted"], lines[kind, "exact"]
        c, flags = lines[kind, "critiques"], lines[kind, "flagged"]
        print(f"{kind} answers: {c} first critiques, {flags} flag the answer ({100 * flags / max(c, 1):.1f}%); "
              f"{n} quoted lines, {exact} exact ({100 * exact / max(n, 1):.1f}%)")
    print("wrong answers with a known first wrong step, the critique's line for that step:")
    for key in sorted(flawed, key=lambda k: (k.replace("  of them", "quotes it exactly, says right ~"), k)):
        print(f"  {flawed[key]:5d}  {key}")
    print("quoted lines in full form, the verdict against the critic's own numbers:")
    for key in sorted({k for k, _ in comparisons}):
        yes, n = comparisons[key, True], comparisons[key, True] + comparisons[key, False]
        print(f"  {yes:5d} of {n:5d} ({100 * yes / max(n, 1):5.1f}%)  {key}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
