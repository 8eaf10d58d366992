#!/usr/bin/env python3
"""Copy-drill probe (docs/lab/copy-drills.md): can a lab model quote a flawed answer's steps back?

Usage: drill_probe.py STORE.db MODEL.gguf [N]

Takes the first N (default all) wrong given answers of the self-refine trajectories of a `--lab-answers mixed` run in
STORE.db, starts `rethink serve` on 127.0.0.1 with MODEL.gguf, sends each one in the copy-drill prompt
(LabDataBuilder.CopyDrillPrompt) at temperature 0, and counts answers copied exactly (every line "Step K: <step>.")
and step lines copied exactly. Needs a Release build of src/Rethink.Cli.
"""
import json
import re
import sqlite3
import sys

from labserve import complete, served

PROMPT = ("Question:\n{question}\n\nProposed answer:\n{answer}\n\nQuote every step of the proposed answer exactly as it "
          "is written, one per line, as \"Step K: ...\".")


def flawed_answers(db, n):
    sql = ("select trajectory_json, turn_verdicts_json from results where strategy = 'self-refine' "
           "order by problem_index")
    for tj, vj in sqlite3.connect(db).execute(sql):
        t, v = json.loads(tj), json.loads(vj)
        critique = next((turn for turn in t["turns"] if turn["role"] == "Critique"), None)
        if not v or v[0]["label"] == "Correct" or critique is None:
            continue
        # The question as the strategy showed it to the critic.
        m = re.search(r"Question:\n(.*?)\n\nProposed answer:", critique["calls"][0]["messages"][-1]["text"], re.S)
        yield m.group(1), t["turns"][0]["output"]
        n -= 1
        if n == 0:
            return


def main(db, model, n="0"):
    with served(model) as base:
        answers = whole = lines = lines_ok = 0
        for question, answer in flawed_answers(db, int(n)):
            steps = [l for l in answer.split("\n") if l and not l.startswith("Answer:")]
            want = [f"Step {k + 1}: {s}." for k, s in enumerate(steps)]
            prompt = PROMPT.replace("{question}", question).replace("{answer}", answer)
            got = complete(base, {"temperature": 0, "messages": [{"role": "user", "content": prompt}]})
            got = got["message"]["content"].strip().split("\n")
            answers += 1
            whole += got == want
            lines += len(want)
            lines_ok += sum(k < len(got) and got[k] == w for k, w in enumerate(want))
        print(f"{answers} flawed answers: {whole} copied exactly ({100 * whole / max(answers, 1):.1f}%); "
              f"step lines {lines_ok}/{lines} ({100 * lines_ok / max(lines, 1):.1f}%)")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
