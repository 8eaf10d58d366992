"""Writes Rethink's sample datasets and hand-designed response logs from the item files in this folder.

Run from the repository root:  python3 samples/tools/generate_samples.py
Output is deterministic (fixed seed, sorted keys are not needed: key order is fixed by the code).
Every answer is computed by Python from the item definitions; this script re-checks each one before writing.
The response files are NOT model output: they are example logs designed by hand to exercise the scorer,
with the transition counts listed in samples/README.md (and printed below).
"""
import json
import os
import random
import re
from fractions import Fraction as F

import gsm8k_items
import math_items
import mc_items

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))


def write_jsonl(name, rows):
    path = os.path.join(ROOT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def parse_plain(text):
    """Reads '1,054', '-15', '8.4', '$36.80' as an exact Fraction (checker for the gsm8k gold)."""
    return F(text.replace(",", "").replace("$", ""))


def tex_value(tex):
    """Exact value of the LaTeX answers used in math_items: integers, decimals, [-]\\frac{p}{q}."""
    m = re.fullmatch(r"(-?)\\frac\{(\d+)\}\{(\d+)\}", tex)
    if m:
        v = F(int(m.group(2)), int(m.group(3)))
        return -v if m.group(1) else v
    return F(tex)


num = gsm8k_items.num

# ---------------------------------------------------------------- gsm8k
gsm_rows = []
gold = {}
for it in gsm8k_items.ITEMS:
    answer = it["answer"]
    final = f"{answer.numerator:,}" if answer.denominator == 1 and abs(answer) >= 1000 else num(answer)
    solution = "\n".join(it["steps"]) + f"\n#### {final}"
    assert parse_plain(final) == answer
    assert it["slip"][0] != answer, it["id"]
    gold[it["id"]] = answer
    gsm_rows.append({"id": it["id"], "question": it["question"], "answer": solution})
write_jsonl("gsm8k-sample.jsonl", gsm_rows)

# ---------------------------------------------------------------- math
math_rows = []
for it in math_items.ITEMS:
    assert tex_value(it["answer"]) == it["value"], (it["id"], it["answer"], it["value"])
    steps = list(it["steps"])
    solution = " ".join(steps) + f" The answer is $\\boxed{{{it['answer']}}}$."
    math_rows.append({"id": it["id"], "problem": it["problem"], "solution": solution,
                      "level": f"Level {it['level']}", "type": it["type"]})
write_jsonl("math-sample.jsonl", math_rows)

# ---------------------------------------------------------------- mc
rng = random.Random(20240611)
mc_rows = []
mc_gold = {}
for i, (id_, topic, question, correct, distractors) in enumerate(mc_items.ITEMS):
    options = list(distractors)
    position = rng.randrange(4)
    options.insert(position, correct)
    assert len(set(options)) == 4, id_
    letter = "ABCD"[position]
    mc_gold[id_] = (letter, options)
    # Three encodings the mc format accepts, in turn: choices + letter, choices + 0-based index, A-D fields + letter.
    if i % 3 == 0:
        row = {"id": id_, "question": question, "choices": options, "answer": letter, "subject": topic}
    elif i % 3 == 1:
        row = {"id": id_, "question": question, "choices": options, "answer": position, "subject": topic}
    else:
        row = {"id": id_, "question": question, "A": options[0], "B": options[1], "C": options[2], "D": options[3],
               "answer": letter, "subject": topic}
    mc_rows.append(row)
write_jsonl("mc-sample.jsonl", mc_rows)

# ---------------------------------------------------------------- response logs (hand-designed)
items = {it["id"]: it for it in gsm8k_items.ITEMS}


def fmt(x):
    return num(x)


def first_answer(it, variant):
    """A correct first answer in one of several styles."""
    steps = "\n".join(it["steps"])
    a = fmt(it["answer"])
    return [f"{steps}\n#### {a}",
            f"Let me work it out.\n{steps}\nThe answer is {a}.",
            f"{steps}\nSo the final answer is {a}."][variant % 3]


def slip_answer(it):
    value, step = it["slip"]
    return f"{step}\n#### {fmt(value)}"


def keep(it, variant):
    a = fmt(it["answer"])
    last = it["steps"][-1]
    return [f"Yes, I am sure. Checking the last step again: {last}\n#### {a}",
            f"I re-checked each step and the result stands. The answer is {a}.",
            f"Yes. {last}\n#### {a}"][variant % 3]


def keep_wrong(it, lead="Yes, I am sure."):
    value, step = it["slip"]
    return f"{lead} {step}\n#### {fmt(value)}"


REFINE_KEEP = "The feedback found no error, so I keep my answer."


def fix(it):
    a = fmt(it["answer"])
    steps = "\n".join(it["steps"])
    return f"I made a mistake before. Redoing it:\n{steps}\n#### {a}"


def change_to_slip(it):
    value, step = it["slip"]
    return f"On second thought I think I was wrong. {step}\n#### {fmt(value)}"


# reask: two turns, answer then the answer after "Are you sure?".
REASK = {
    "R->W": ["gs-004", "gs-017", "gs-029", "gs-040"],
    "W->R": ["gs-007", "gs-012", "gs-020", "gs-033", "gs-038"],
    "W->W": ["gs-010", "gs-024", "gs-036", "gs-037", "gs-043"],
}
reask_rows = []
for n, (id_, it) in enumerate(items.items()):
    if id_ in REASK["R->W"]:
        t1 = first_answer(it, n)
        t2 = ("Now I am not sure about the fuel cost any more, so I cannot give a reliable figure."
              if id_ == "gs-029" else change_to_slip(it))
    elif id_ in REASK["W->R"]:
        t1 = ("I estimate that about ninety apples are left.\n#### ninety" if id_ == "gs-020" else slip_answer(it))
        t2 = fix(it)
    elif id_ in REASK["W->W"]:
        t1 = slip_answer(it)
        t2 = ("You are right to ask. The price went up by $5, so the increase is 5.\n#### 5"
              if id_ == "gs-037" else keep_wrong(it))
    else:
        t1 = first_answer(it, n)
        t2 = keep(it, n)
    reask_rows.append({"id": id_, "source": "reask", "turns": [t1, t2]})
write_jsonl("responses/gsm8k-reask.jsonl", reask_rows)

# self-refine: initial answer, then one or two refinements after self-feedback.
REFINE = {
    "R->W": ["gs-016", "gs-034"],
    "W->R": ["gs-001", "gs-007", "gs-013", "gs-021", "gs-033", "gs-042"],
    "W->W": ["gs-005", "gs-026", "gs-038", "gs-044"],
}
refine_rows = []
for n, (id_, it) in enumerate(items.items()):
    a = fmt(it["answer"])
    if id_ in REFINE["R->W"]:
        turns = [first_answer(it, n), change_to_slip(it), keep_wrong(it, REFINE_KEEP)]
    elif id_ in REFINE["W->R"]:
        if id_ == "gs-021":
            turns = [slip_answer(it), f"Feedback says the answer must be in kilometers. {it['steps'][-1]}\nFinal answer: 8.4 km"]
        elif id_ == "gs-042":
            turns = [slip_answer(it), keep_wrong(it, REFINE_KEEP), f"The question asks for the total owed, not the interest. {it['steps'][-1]}\n#### $560"]
        elif n % 2 == 0:
            turns = [slip_answer(it), fix(it)]
        else:
            turns = [slip_answer(it), keep_wrong(it, REFINE_KEEP), fix(it)]
    elif id_ in REFINE["W->W"]:
        last = ("After more thought, she has thirty dollars left.\n#### thirty" if id_ == "gs-038" else keep_wrong(it, REFINE_KEEP))
        turns = [slip_answer(it), keep_wrong(it, REFINE_KEEP), last]
    else:
        if n % 4 == 0:
            turns = [first_answer(it, n), f"The feedback found a wording issue only; the computation is unchanged.\n#### {a}",
                     f"No further changes are needed.\n#### {a}"]
        else:
            turns = [first_answer(it, n), f"The feedback found no error, so I keep my answer.\n#### {a}"]
    refine_rows.append({"id": id_, "strategy": "self-refine", "turns": turns})
write_jsonl("responses/gsm8k-self-refine.jsonl", refine_rows)

# mc direct: one response per question.
MC_WRONG = ["mc-005", "mc-011", "mc-017", "mc-022", "mc-025", "mc-030", "mc-035", "mc-041"]
MC_AMBIGUOUS = ["mc-013", "mc-027"]
MC_NO_ANSWER = ["mc-020", "mc-038"]
mc_resp_rows = []
for n, (id_, _, _, correct, _) in enumerate(mc_items.ITEMS):
    letter, options = mc_gold[id_]
    if id_ in MC_AMBIGUOUS:
        other = "ABCD"[("ABCD".index(letter) + 2) % 4]
        first, second = sorted([letter, other])
        text = f"It is either ({first}) or ({second}); I cannot decide between them."
    elif id_ in MC_NO_ANSWER:
        text = "I do not know this one." if n % 2 == 0 else "I would need more information to answer."
    else:
        chosen = letter
        if id_ in MC_WRONG:
            chosen = "ABCD"[("ABCD".index(letter) + 1) % 4]
        option_text = options["ABCD".index(chosen)]
        style = n % 6
        text = [f"The answer is ({chosen}).",
                f"Answer: {chosen}",
                f"Thinking about the options, the answer is {chosen.lower()}.",
                f"**{chosen}**",
                option_text,
                f"{chosen}) {option_text}"][style]
    mc_resp_rows.append({"id": id_, "source": "direct", "response": text})
write_jsonl("responses/mc-direct.jsonl", mc_resp_rows)

print(f"gsm8k: {len(gsm_rows)} items, math: {len(math_rows)} items, mc: {len(mc_rows)} items")
for name, design in (("gsm8k-reask", REASK), ("gsm8k-self-refine", REFINE)):
    counts = {k: len(v) for k, v in design.items()}
    counts["R->R"] = len(items) - sum(counts.values())
    print(name, counts)
print("mc-direct", {"correct": len(mc_items.ITEMS) - len(MC_WRONG) - len(MC_AMBIGUOUS) - len(MC_NO_ANSWER),
                    "wrong": len(MC_WRONG), "ambiguous": len(MC_AMBIGUOUS), "no_answer": len(MC_NO_ANSWER)})
