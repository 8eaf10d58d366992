#!/usr/bin/env python3
"""What self-consistency voted over, in a lab run store with `direct` and `self-consistency` (docs/lab/self-consistency.md).

Usage: route_votes.py STORE.db [RUN_ID]

Reads every sample self-consistency drew and the greedy `direct` answer of the same problem, scores each against the
reference answer (computed here from the question, so samples that were never committed are scored too), and prints:
- accuracy of greedy, of single samples and of the vote, per family;
- for arith, how the steps were written: worked out (`47+38: 7+8+0=15, 4+3+1=8; so 85`) or plain (`47+38=85`), and
  the accuracy of samples by how many of their steps were worked out;
- for arith, the share of steps whose own arithmetic is right (operands as written), worked out against plain;
- how alike the errors are: among problems with two or more wrong samples, the share of wrong-sample pairs that give
  the same wrong answer (1.0 = every slip is the same slip, and no vote can outvote it);
- the problems greedy gets wrong that the vote gets right, and the reverse;
- with `best-of-n` in the store too: for arith, how often the kept sample has a worked-out step, and how many of
  those and of the plain ones are right.
"""
import ast
import json
import operator
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from itertools import combinations

OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def _eval(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](_eval(node.left), _eval(node.right))
    raise ValueError(f"not a lab expression: {ast.dump(node)}")


def reference(question):
    """The right answer of a lab question (arith, add, lineq), read from its text."""
    m = re.fullmatch(r"Compute (.+)\.", question)
    if m:
        return _eval(ast.parse(m.group(1), mode="eval").body)
    m = re.fullmatch(r"Add (\d+) and (\d+)\.", question)
    if m:
        return int(m.group(1)) + int(m.group(2))
    m = re.fullmatch(r"Solve for x: (-?\d+)x([+-])(\d+)=(-?\d+)\.", question)
    if m:
        a, b, c = int(m.group(1)), int(m.group(3)) * (1 if m.group(2) == "+" else -1), int(m.group(4))
        return (c - b) // a
    raise ValueError(f"unknown question: {question}")


def answer_of(text):
    lines = [l.strip() for l in (text or "").split("\n")]
    for line in reversed(lines):
        if line.startswith("Answer: "):
            try:
                return int(line[len("Answer: "):])
            except ValueError:
                return None
    return None


def steps_of(text):
    lines = [l.strip() for l in (text or "").split("\n") if l.strip()]
    out = []
    for line in lines:
        if line.startswith("Answer: "):
            break
        out.append(line)
    return out


def worked(step):
    return ": " in step


STEP = re.compile(r"^(\(-\d+\)|-?\d+)([+\-*])(\(-\d+\)|\d+)(?:=| is [^:]*: .* |: .* )(-?\d+)$")


def step_right(step):
    """Whether a step's own arithmetic is right (its written operands give its value), or None if it is not a step."""
    m = STEP.match(step)
    if not m:
        return None
    a, op, b, v = int(m.group(1).strip("()")), m.group(2), int(m.group(3).strip("()")), int(m.group(4))
    return {"+": a + b, "-": a - b, "*": a * b}[op] == v


def main(db, run_id=None):
    con = sqlite3.connect(db)
    where, args = "", ()
    if run_id:
        where, args = " and run_id = ?", (run_id,)
    greedy = {}
    for pid, tj in con.execute("select problem_id, trajectory_json from results where strategy = 'direct'" + where, args):
        greedy[pid] = json.loads(tj)["turns"][-1]["output"]
    votes = {}
    for pid, tj, correct in con.execute(
            "select problem_id, trajectory_json, final_correct from results where strategy = 'self-consistency'" + where, args):
        t = json.loads(tj)
        question = t["turns"][0]["calls"][0]["messages"][-1]["text"]
        samples = [turn["output"] for turn in t["turns"] if turn["role"] == "Generate"]
        votes[pid] = (question, samples, bool(correct))

    acc = defaultdict(Counter)
    split = defaultdict(Counter)
    steps = Counter()
    by_worked = defaultdict(Counter)
    same_wrong = Counter()
    flips = Counter()
    greedy_route = Counter()
    for pid, (question, samples, vote_right) in sorted(votes.items()):
        family = pid.split("-")[0]
        ref = reference(question)
        g = greedy.get(pid)
        g_right = g is not None and answer_of(g) == ref
        rights = [answer_of(s) == ref for s in samples]
        for fam in (family, "all"):
            acc[fam]["problems"] += 1
            acc[fam]["greedy"] += g_right
            acc[fam]["vote"] += vote_right
            acc[fam]["samples"] += len(samples)
            acc[fam]["right samples"] += sum(rights)
            acc[fam]["first sample"] += rights[0]
            acc[fam]["any sample"] += any(rights)
        part = split[family, "greedy right" if g_right else "greedy wrong"]
        part["problems"] += 1
        part["samples"] += len(samples)
        part["right samples"] += sum(rights)
        part["first sample"] += rights[0]
        part["vote"] += vote_right
        flips["greedy wrong, vote right"] += (not g_right) and vote_right
        flips["greedy right, vote wrong"] += g_right and not vote_right
        if family == "arith":
            for s, right in zip(samples, rights):
                st = steps_of(s)
                for x in st:
                    ok = step_right(x)
                    if ok is not None:
                        steps["worked" if worked(x) else "plain", ok] += 1
                w = sum(worked(x) for x in st)
                steps["sample steps"] += len(st)
                steps["sample steps worked out"] += w
                key = "none" if w == 0 else "all" if w == len(st) else "some"
                by_worked[key]["samples"] += 1
                by_worked[key]["right"] += right
            if g is not None:
                st = steps_of(g)
                steps["greedy steps"] += len(st)
                steps["greedy steps worked out"] += sum(worked(x) for x in st)
                greedy_route["greedy right" if g_right else "greedy wrong", "worked" if any(worked(x) for x in st) else "plain"] += 1
        wrong = [answer_of(s) for s, r in zip(samples, rights) if not r]
        if len(wrong) >= 2:
            for a, b in combinations(wrong, 2):
                same_wrong[family, a == b] += 1
                same_wrong["all", a == b] += 1

    print("accuracy (greedy direct; self-consistency: first sample, every sample, any sample right, the vote)")
    print(f"{'family':8} {'problems':>8} {'greedy':>8} {'1st smp':>8} {'samples':>8} {'any':>8} {'vote':>8} {'smp/prob':>8}")
    for fam in sorted(acc, key=lambda f: (f == "all", f)):
        a = acc[fam]
        n = a["problems"]
        print(f"{fam:8} {n:8d} {100 * a['greedy'] / n:7.1f}% {100 * a['first sample'] / n:7.1f}% "
              f"{100 * a['right samples'] / a['samples']:7.1f}% {100 * a['any sample'] / n:7.1f}% {100 * a['vote'] / n:7.1f}% "
              f"{a['samples'] / n:8.2f}")
    print("on the problems greedy gets right / wrong: first sample right, every sample right, vote right")
    for key in sorted(split):
        a = split[key]
        n = a["problems"]
        print(f"  {key[0]:6} {key[1]:12} {n:4d} problems: {100 * a['first sample'] / n:5.1f}%, "
              f"{100 * a['right samples'] / a['samples']:5.1f}%, {100 * a['vote'] / n:5.1f}%")
    for key, n in flips.items():
        print(f"{key}: {n}")
    if steps["sample steps"]:
        print(f"arith steps worked out: samples {steps['sample steps worked out']} of {steps['sample steps']} "
              f"({100 * steps['sample steps worked out'] / steps['sample steps']:.1f}%), greedy "
              f"{steps['greedy steps worked out']} of {steps['greedy steps']} "
              f"({100 * steps['greedy steps worked out'] / max(steps['greedy steps'], 1):.1f}%)")
        print("arith samples by steps worked out: " + ", ".join(
            f"{k} {v['right']}/{v['samples']} right ({100 * v['right'] / v['samples']:.1f}%)"
            for k, v in sorted(by_worked.items()) if v["samples"]))
        print("arith sample steps whose own arithmetic is right: " + ", ".join(
            f"{k} {steps[k, True]}/{steps[k, True] + steps[k, False]} ({100 * steps[k, True] / max(steps[k, True] + steps[k, False], 1):.1f}%)"
            for k in ("plain", "worked")))
        print("arith greedy answers: " + ", ".join(f"{a}, {b}: {n}" for (a, b), n in sorted(greedy_route.items())))
    kept = Counter()
    for pid, tj, correct in con.execute(
            "select problem_id, trajectory_json, final_correct from results where strategy = 'best-of-n'" + where, args):
        if pid.startswith("arith-"):
            text = json.loads(tj)["turns"][-1]["attempt"]["text"]
            form = "worked" if any(worked(x) for x in steps_of(text)) else "plain"
            kept[form] += 1
            kept[form, "right"] += correct
    if kept:
        print("best-of-n, arith, the kept sample: " + ", ".join(
            f"{form} {kept[form]} ({kept[form, 'right']} right)" for form in ("worked", "plain")))
    print("pairs of wrong samples of one problem giving the same wrong answer:")
    for fam in sorted({f for f, _ in same_wrong}, key=lambda f: (f == "all", f)):
        same, n = same_wrong[fam, True], same_wrong[fam, True] + same_wrong[fam, False]
        print(f"  {fam:8} {same:6d} of {n:6d} ({100 * same / max(n, 1):5.1f}%)")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
