#!/usr/bin/env python3
"""Which route the corrected answers took, in a lab run store with correction strategies (docs/lab/two-routes.md).

Usage: revision_routes.py STORE.db [RUN_ID]

For every correction strategy in the store (reask, self-refine, verify-refine, critique-revise), scores the first and
the final answer of each problem against the reference answer computed from the question and prints:
- first and final accuracy per family, with the transitions (right->wrong, wrong->right);
- for arith, how the answers after the first are written: every step worked out column by column
  (`47+38: 7+8+0=15, 4+3+1=8; so 85`), some, or none, and the share of their steps whose own arithmetic is right by
  route (operands as written);
- for arith, the transitions split by the route of the final answer, and how often the final answer repeats the
  first one's text exactly (an unchanged answer, whatever the prompt asked).
A final answer counts as changed when its text differs from the first answer's; its value may still be the same.
"""
import json
import os
import sqlite3
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from route_votes import answer_of, reference, step_right, steps_of, worked  # noqa: E402


def route(text):
    st = steps_of(text)
    w = sum(worked(x) for x in st)
    return "none" if w == 0 else "all" if w == len(st) else "some"


def tally(counter, r1, r2, first="first", final="final"):
    counter["problems"] += 1
    counter[first] += r1
    counter[final] += r2
    counter["R->W"] += r1 and not r2
    counter["W->R"] += (not r1) and r2


def main(db, run_id=None):
    con = sqlite3.connect(db)
    where, args = "", ()
    if run_id:
        where, args = " and run_id = ?", (run_id,)
    rows = con.execute(
        "select strategy, problem_id, trajectory_json from results where strategy not in ('direct', 'self-consistency', 'best-of-n')"
        + where + " order by strategy, problem_index", args).fetchall()
    by_strategy = defaultdict(list)
    for strategy, pid, tj in rows:
        by_strategy[strategy].append((pid, json.loads(tj)))

    for strategy, items in by_strategy.items():
        acc = defaultdict(Counter)
        routes = Counter()
        steps = Counter()
        by_route = defaultdict(Counter)
        for pid, t in items:
            family = pid.split("-")[0]
            question = t["turns"][0]["calls"][0]["messages"][-1]["text"]
            ref = reference(question)
            attempts = [turn["attempt"]["text"] for turn in t["turns"] if turn.get("attempt")]
            first = attempts[0] if attempts else ""
            final = (t.get("final") or {}).get("text") or first
            r1, r2 = answer_of(first) == ref, answer_of(final) == ref
            for fam in (family, "all"):
                tally(acc[fam], r1, r2)
            if family != "arith":
                continue
            for text in attempts[1:]:
                routes[route(text)] += 1
                for x in steps_of(text):
                    ok = step_right(x)
                    if ok is not None:
                        steps["worked" if worked(x) else "plain", ok] += 1
            tally(by_route["unchanged" if final == first else route(final)], r1, r2, "first right", "final right")

        print(f"== {strategy}")
        print(f"{'family':8} {'problems':>8} {'first':>8} {'final':>8} {'R->W':>5} {'W->R':>5}")
        for fam in sorted(acc, key=lambda f: (f == "all", f)):
            a = acc[fam]
            n = a["problems"]
            print(f"{fam:8} {n:8d} {100 * a['first'] / n:7.1f}% {100 * a['final'] / n:7.1f}% {a['R->W']:5d} {a['W->R']:5d}")
        if routes:
            total = sum(routes.values())
            print(f"arith answers after the first: {total}; steps worked out: "
                  + ", ".join(f"{k} {routes[k]}" for k in ("all", "some", "none")))
            print("arith steps after the first whose own arithmetic is right: " + ", ".join(
                f"{k} {steps[k, True]}/{steps[k, True] + steps[k, False]} "
                f"({100 * steps[k, True] / max(steps[k, True] + steps[k, False], 1):.1f}%)" for k in ("plain", "worked")))
        print("arith by the final answer (unchanged text, or its steps worked out: all / some / none):")
        for key in ("unchanged", "all", "some", "none"):
            b = by_route.get(key)
            if b:
                n = b["problems"]
                print(f"  {key:9} {n:4d} problems: first right {b['first right']}, final right {b['final right']}, "
                      f"R->W {b['R->W']}, W->R {b['W->R']}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
