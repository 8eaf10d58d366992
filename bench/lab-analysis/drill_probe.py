#!/usr/bin/env python3
"""Copy-drill probe (docs/lab-results-session6.md): can a lab model quote a flawed answer's steps back?

Usage: drill_probe.py STORE.db MODEL.gguf [N]

Takes the first N (default all) wrong given answers of the self-refine trajectories of a `--lab-answers mixed` run in
STORE.db, starts `rethink serve` on 127.0.0.1 with MODEL.gguf, sends each one in the copy-drill prompt
(LabDataBuilder.CopyDrillPrompt) at temperature 0, and counts answers copied exactly (every line "Step K: <step>.")
and step lines copied exactly. Needs a Release build of src/Rethink.Cli.
"""
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

PROMPT = ("Question:\n{question}\n\nProposed answer:\n{answer}\n\nQuote every step of the proposed answer exactly as it "
          "is written, one per line, as \"Step K: ...\".")
RETHINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "Rethink.Cli", "bin", "Release",
                       "net10.0", "rethink.dll")


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
    if not os.path.exists(RETHINK):
        sys.exit(f"{RETHINK} not found: run `dotnet build -c Release src/Rethink.Cli` first")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    work = tempfile.mkdtemp()
    with open(os.path.join(work, "serve.json"), "w") as f:
        json.dump({"models": [{"name": "m", "model": "lab:" + os.path.abspath(model)}]}, f)
    server = subprocess.Popen(["dotnet", RETHINK, "serve", "--config", "serve.json", "--port", str(port)], cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        answers = whole = lines = lines_ok = 0
        for question, answer in flawed_answers(db, int(n)):
            steps = [l for l in answer.split("\n") if l and not l.startswith("Answer:")]
            want = [f"Step {k + 1}: {s}." for k, s in enumerate(steps)]
            body = json.dumps({"model": "m", "temperature": 0, "messages": [
                {"role": "user", "content": PROMPT.replace("{question}", question).replace("{answer}", answer)}]})
            request = urllib.request.Request(base + "/v1/chat/completions", body.encode(), {"Content-Type": "application/json"})
            got = json.load(urllib.request.urlopen(request, timeout=300))["choices"][0]["message"]["content"].strip().split("\n")
            answers += 1
            whole += got == want
            lines += len(want)
            lines_ok += sum(k < len(got) and got[k] == w for k, w in enumerate(want))
        print(f"{answers} flawed answers: {whole} copied exactly ({100 * whole / max(answers, 1):.1f}%); "
              f"step lines {lines_ok}/{lines} ({100 * lines_ok / max(lines, 1):.1f}%)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
