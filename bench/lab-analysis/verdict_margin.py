#!/usr/bin/env python3
"""Verdict margins of side-by-side review lines (docs/lab/side-by-side-comparison.md): how sure is the critic of "agree"?

Usage: verdict_margin.py STORE.db MODEL.gguf [N]

Re-sends the first self-refine critique call of the first N (default all) problems in STORE.db to MODEL.gguf through
`rethink serve`, at temperature 0 with logprobs and 5 top alternatives per token, and checks that the critique comes
back as stored. In every line of the ReviewStyle.CompareSideBySide form ("...; V and C agree: right." / "... differ:
wrong.") it reads the log-probabilities of the verdict word's first token, "a" (agree) against "d" (differ), and prints
the probability of "differ" for lines that wrote two equal numbers and for lines that wrote two different ones, and
the AUC of that probability as a detector of different numbers (0.5: it carries no sign of the comparison).
Needs a Release build of src/Rethink.Cli.
"""
import json
import math
import re
import sqlite3
import statistics
import sys

from labserve import complete, served

VERDICT = re.compile(r"; (-?\d+) and (-?\d+) (agree|differ): (right|wrong)\.$")


def critic_calls(db, n):
    sql = "select trajectory_json from results where strategy = 'self-refine' order by problem_index"
    for (tj,) in sqlite3.connect(db).execute(sql):
        critique = next((turn for turn in json.loads(tj)["turns"] if turn["role"] == "Critique"), None)
        if critique is None:
            continue
        call = critique["calls"][0]
        yield [{"role": m["role"], "content": m["text"]} for m in call["messages"]], call["output"]
        n -= 1
        if n == 0:
            return


def p_differ(token):
    """P("d") at a verdict position, from the chosen token and its top alternatives (0 when "d" is not among them)."""
    for alt in token["top_logprobs"]:
        if alt["token"] == "d":
            return math.exp(alt["logprob"])
    return 0.0


def verdict_lines(base, messages, stored):
    """(step line, P(differ), first number, second number) for each side-by-side line of the critique, or None when
    the model's greedy critique is not the stored one."""
    choice = complete(base, {"temperature": 0, "logprobs": True, "top_logprobs": 5, "messages": messages})
    text = choice["message"]["content"]
    if text != stored:
        return None
    tokens = choice["logprobs"]["content"]
    starts, at = [], 0
    for t in tokens:
        starts.append(at)
        at += len(t["bytes"])
    rows, offset = [], 0
    for line in text.split("\n"):
        m = VERDICT.search(line)
        if m:
            k = starts.index(len(line[:m.start(3)].encode()) + offset)
            rows.append((line, p_differ(tokens[k]), m.group(1), m.group(2)))
        offset += len(line.encode()) + 1
    return rows


def main(db, model, n="0"):
    equal, different, mismatched = [], [], 0
    with served(model) as base:
        for messages, stored in critic_calls(db, int(n)):
            rows = verdict_lines(base, messages, stored)
            if rows is None:
                mismatched += 1
                continue
            for line, p, a, b in rows:
                (equal if a == b else different).append((p, "differ" if line.endswith("wrong.") else "agree"))
    if mismatched:
        print(f"{mismatched} critiques came back different from the store and were skipped")
    for name, rows in (("two equal numbers", equal), ("two different numbers", different)):
        ps = [p for p, _ in rows]
        if not ps:
            continue
        print(f"{name}: {len(ps)} lines, {sum(v == 'differ' for _, v in rows)} say differ; P(differ) median "
              f"{statistics.median(ps):.4f}, mean {statistics.mean(ps):.4f}, above 0.1 in {sum(p > 0.1 for p in ps)}, "
              f"above 0.01 in {sum(p > 0.01 for p in ps)}")
    if equal and different:
        print(f"AUC of P(differ) for different against equal numbers: {auc([p for p, _ in different], [p for p, _ in equal]):.3f}")


def auc(positives, negatives):
    """P(a random positive scores above a random negative), ties counting half (the Mann-Whitney U statistic)."""
    ranked = sorted([(p, 1) for p in positives] + [(p, 0) for p in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        rank_sum += sum(label for _, label in ranked[i:j]) * (i + j + 1) / 2
        i = j
    u = rank_sum - len(positives) * (len(positives) + 1) / 2
    return u / (len(positives) * len(negatives))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
