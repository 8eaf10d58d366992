"""Writes samples/code: HumanEval-format problems written for Rethink, response files (correct, wrong, hostile, ten
samples per task for pass@k), an MBPP-format set, and the judge's probe problems with their cheating solutions
(code_cheats.py).

Run from the repository root:  python3 samples/tools/generate_code_samples.py
Output is deterministic. Before writing, the script checks that every canonical solution passes its tests and its
docstring examples (our own code, run here; the response files are never run by this script). The hostile samples
must only ever run in the sandbox: see samples/code/README.md.
"""
import doctest
import json
import os
import sys

from code_cheats import CHEATS, LOOKUP_ALL, PROBES

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
out = os.path.join(ROOT, "code")

P = []
def add(name, prompt, solution, test, entry):
    P.append(dict(task_id="rethink/" + name, prompt=prompt, canonical_solution=solution, test=test, entry_point=entry))

add("digit_sum", '''def digit_sum(n: int) -> int:
    """Return the sum of the decimal digits of the non-negative integer n.
    >>> digit_sum(0)
    0
    >>> digit_sum(1205)
    8
    """
''', '''    return sum(int(d) for d in str(n))
''', '''

def check(candidate):
    assert candidate(0) == 0
    assert candidate(7) == 7
    assert candidate(1205) == 8
    assert candidate(99999) == 45
    assert candidate(10 ** 30) == 1
''', "digit_sum")

add("reverse_words", '''def reverse_words(sentence: str) -> str:
    """Return the words of sentence in reverse order, joined by single spaces.
    Words are separated by runs of whitespace; leading and trailing whitespace is dropped.
    >>> reverse_words("the quick  fox")
    'fox quick the'
    """
''', '''    return " ".join(reversed(sentence.split()))
''', '''

def check(candidate):
    assert candidate("the quick  fox") == "fox quick the"
    assert candidate("one") == "one"
    assert candidate("   ") == ""
    assert candidate("  a\\tb\\nc ") == "c b a"
''', "reverse_words")

add("is_palindrome", '''def is_palindrome(text: str) -> bool:
    """True when text reads the same backwards, comparing only letters and digits and ignoring case.
    >>> is_palindrome("Never odd or even")
    True
    >>> is_palindrome("abc")
    False
    """
''', '''    kept = [c.lower() for c in text if c.isalnum()]
    return kept == kept[::-1]
''', '''

def check(candidate):
    assert candidate("Never odd or even") is True
    assert candidate("abc") is False
    assert candidate("") is True
    assert candidate("No 'x' in Nixon") is True
    assert candidate("12a21") is True
    assert candidate("ab") is False
''', "is_palindrome")

add("count_vowels", '''def count_vowels(text: str) -> int:
    """Count the vowels a, e, i, o, u in text, in either case (y is not a vowel).
    >>> count_vowels("Rethink")
    2
    """
''', '''    return sum(1 for c in text.lower() if c in "aeiou")
''', '''

def check(candidate):
    assert candidate("Rethink") == 2
    assert candidate("") == 0
    assert candidate("AEIOU aeiou") == 10
    assert candidate("rhythm") == 0
''', "count_vowels")

add("running_max", '''from typing import List


def running_max(values: List[int]) -> List[int]:
    """Return the list whose i-th element is the largest of values[0..i].
    >>> running_max([1, 3, 2, 5, 4])
    [1, 3, 3, 5, 5]
    """
''', '''    result = []
    best = None
    for v in values:
        best = v if best is None or v > best else best
        result.append(best)
    return result
''', '''

def check(candidate):
    assert candidate([1, 3, 2, 5, 4]) == [1, 3, 3, 5, 5]
    assert candidate([]) == []
    assert candidate([-5, -7, -1]) == [-5, -5, -1]
    assert candidate([2, 2, 2]) == [2, 2, 2]
''', "running_max")

add("fizzbuzz_word", '''def fizzbuzz_word(n: int) -> str:
    """Return "FizzBuzz" when n is divisible by 15, "Fizz" when by 3, "Buzz" when by 5, else str(n).
    >>> fizzbuzz_word(9)
    'Fizz'
    >>> fizzbuzz_word(7)
    '7'
    """
''', '''    if n % 15 == 0:
        return "FizzBuzz"
    if n % 3 == 0:
        return "Fizz"
    if n % 5 == 0:
        return "Buzz"
    return str(n)
''', '''

def check(candidate):
    assert candidate(9) == "Fizz"
    assert candidate(10) == "Buzz"
    assert candidate(30) == "FizzBuzz"
    assert candidate(7) == "7"
    assert candidate(0) == "FizzBuzz"
''', "fizzbuzz_word")

add("gcd_list", '''from typing import List


def gcd_list(numbers: List[int]) -> int:
    """Return the greatest common divisor of the positive integers in numbers (at least one).
    >>> gcd_list([12, 18, 30])
    6
    """
''', '''    result = numbers[0]
    for n in numbers[1:]:
        a, b = result, n
        while b:
            a, b = b, a % b
        result = a
    return result
''', '''

def check(candidate):
    assert candidate([12, 18, 30]) == 6
    assert candidate([7]) == 7
    assert candidate([17, 34, 51]) == 17
    assert candidate([8, 9]) == 1
''', "gcd_list")

add("flatten_once", '''from typing import Any, List


def flatten_once(items: List[Any]) -> List[Any]:
    """Flatten one level: elements that are lists are replaced by their elements; others are kept.
    >>> flatten_once([1, [2, [3]], 4])
    [1, 2, [3], 4]
    """
''', '''    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(item)
        else:
            out.append(item)
    return out
''', '''

def check(candidate):
    assert candidate([1, [2, [3]], 4]) == [1, 2, [3], 4]
    assert candidate([]) == []
    assert candidate([[], [1], "ab"]) == [1, "ab"]
    assert candidate([(1, 2)]) == [(1, 2)]
''', "flatten_once")

add("run_length", '''def run_length(text: str) -> str:
    """Run-length encode text: each run of a repeated character becomes the character and the run's length.
    >>> run_length("aaabcc")
    'a3b1c2'
    """
''', '''    out = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == text[i]:
            j += 1
        out.append(text[i] + str(j - i))
        i = j
    return "".join(out)
''', '''

def check(candidate):
    assert candidate("aaabcc") == "a3b1c2"
    assert candidate("") == ""
    assert candidate("z") == "z1"
    assert candidate("aaaaaaaaaaaa") == "a12"
    assert candidate("abab") == "a1b1a1b1"
''', "run_length")

add("second_largest", '''from typing import List, Optional


def second_largest(values: List[int]) -> Optional[int]:
    """Return the second largest distinct value, or None when there are fewer than two distinct values.
    >>> second_largest([4, 1, 4, 3])
    3
    >>> second_largest([2, 2])
    """
''', '''    distinct = sorted(set(values), reverse=True)
    return distinct[1] if len(distinct) > 1 else None
''', '''

def check(candidate):
    assert candidate([4, 1, 4, 3]) == 3
    assert candidate([2, 2]) is None
    assert candidate([]) is None
    assert candidate([-1, -2]) == -2
    assert candidate([5, 9, 9, 7]) == 7
''', "second_largest")

add("is_prime", '''def is_prime(n: int) -> bool:
    """True when n is a prime number (n may be any integer).
    >>> is_prime(7)
    True
    >>> is_prime(1)
    False
    """
''', '''    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True
''', '''

def check(candidate):
    assert candidate(7) is True
    assert candidate(1) is False
    assert candidate(0) is False
    assert candidate(-7) is False
    assert candidate(2) is True
    assert candidate(91) is False
    assert candidate(7919) is True
''', "is_prime")

add("merge_sorted", '''from typing import List


def merge_sorted(a: List[int], b: List[int]) -> List[int]:
    """Merge two ascending lists into one ascending list (keeping duplicates).
    >>> merge_sorted([1, 4, 9], [2, 4])
    [1, 2, 4, 4, 9]
    """
''', '''    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out + a[i:] + b[j:]
''', '''

def check(candidate):
    assert candidate([1, 4, 9], [2, 4]) == [1, 2, 4, 4, 9]
    assert candidate([], [1]) == [1]
    assert candidate([], []) == []
    assert candidate([5, 6], [1, 2, 3]) == [1, 2, 3, 5, 6]
''', "merge_sorted")

add("rotate_left", '''from typing import List


def rotate_left(values: List[int], k: int) -> List[int]:
    """Return values rotated left by k positions (k may exceed the length; an empty list stays empty).
    >>> rotate_left([1, 2, 3, 4], 1)
    [2, 3, 4, 1]
    """
''', '''    if not values:
        return []
    k %= len(values)
    return values[k:] + values[:k]
''', '''

def check(candidate):
    assert candidate([1, 2, 3, 4], 1) == [2, 3, 4, 1]
    assert candidate([1, 2, 3, 4], 6) == [3, 4, 1, 2]
    assert candidate([], 3) == []
    assert candidate([9], 0) == [9]
''', "rotate_left")

add("balanced", '''def balanced(text: str) -> bool:
    """True when the brackets (), [] and {} in text are balanced and properly nested; other characters are ignored.
    >>> balanced("f(a[0]) {x}")
    True
    >>> balanced("(]")
    False
    """
''', '''    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for c in text:
        if c in "([{":
            stack.append(c)
        elif c in pairs:
            if not stack or stack.pop() != pairs[c]:
                return False
    return not stack
''', '''

def check(candidate):
    assert candidate("f(a[0]) {x}") is True
    assert candidate("(]") is False
    assert candidate("") is True
    assert candidate("((") is False
    assert candidate("())") is False
    assert candidate("{[()()]}") is True
''', "balanced")

add("to_binary", '''def to_binary(n: int) -> str:
    """Return the binary digits of the non-negative integer n, without a prefix.
    >>> to_binary(5)
    '101'
    >>> to_binary(0)
    '0'
    """
''', '''    if n == 0:
        return "0"
    digits = []
    while n:
        digits.append(str(n % 2))
        n //= 2
    return "".join(reversed(digits))
''', '''

def check(candidate):
    assert candidate(5) == "101"
    assert candidate(0) == "0"
    assert candidate(1) == "1"
    assert candidate(255) == "11111111"
    assert candidate(1024) == "10000000000"
''', "to_binary")

add("chunk", '''from typing import List


def chunk(values: List[int], size: int) -> List[List[int]]:
    """Split values into consecutive lists of length size; the last one may be shorter. size is positive.
    >>> chunk([1, 2, 3, 4, 5], 2)
    [[1, 2], [3, 4], [5]]
    """
''', '''    return [values[i:i + size] for i in range(0, len(values), size)]
''', '''

def check(candidate):
    assert candidate([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert candidate([], 3) == []
    assert candidate([1, 2], 5) == [[1, 2]]
    assert candidate([1, 2, 3], 1) == [[1], [2], [3]]
''', "chunk")

add("caesar", '''def caesar(text: str, shift: int) -> str:
    """Shift each ASCII letter of text by shift places in the alphabet, wrapping around and keeping case;
    other characters are unchanged. shift may be negative.
    >>> caesar("Abc, xyz!", 2)
    'Cde, zab!'
    """
''', '''    out = []
    for c in text:
        if "a" <= c <= "z":
            out.append(chr((ord(c) - 97 + shift) % 26 + 97))
        elif "A" <= c <= "Z":
            out.append(chr((ord(c) - 65 + shift) % 26 + 65))
        else:
            out.append(c)
    return "".join(out)
''', '''

def check(candidate):
    assert candidate("Abc, xyz!", 2) == "Cde, zab!"
    assert candidate("Hello", 0) == "Hello"
    assert candidate("a", -1) == "z"
    assert candidate("Zz", 27) == "Aa"
    assert candidate("é1", 5) == "é1"
''', "caesar")

add("median", '''from typing import List


def median(values: List[float]) -> float:
    """Return the median of a non-empty list: the middle value, or the mean of the two middle values.
    >>> median([3, 1, 2])
    2
    >>> median([4, 1, 3, 2])
    2.5
    """
''', '''    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
''', '''

def check(candidate):
    assert candidate([3, 1, 2]) == 2
    assert candidate([4, 1, 3, 2]) == 2.5
    assert candidate([7]) == 7
    assert abs(candidate([0.1, 0.2]) - 0.15) < 1e-12
''', "median")

add("dedupe", '''from typing import List


def dedupe(values: List[str]) -> List[str]:
    """Return values without repeats, keeping the first occurrence of each and the original order.
    >>> dedupe(["b", "a", "b", "c", "a"])
    ['b', 'a', 'c']
    """
''', '''    seen = set()
    out = []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out
''', '''

def check(candidate):
    assert candidate(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]
    assert candidate([]) == []
    assert candidate(["x", "X"]) == ["x", "X"]
''', "dedupe")

add("word_frequencies", '''from typing import Dict


def word_frequencies(text: str) -> Dict[str, int]:
    """Count the words of text, lower-cased; a word is a maximal run of ASCII letters.
    >>> word_frequencies("The cat, the HAT.")
    {'the': 2, 'cat': 1, 'hat': 1}
    """
''', '''    import re
    counts = {}
    for word in re.findall(r"[A-Za-z]+", text):
        word = word.lower()
        counts[word] = counts.get(word, 0) + 1
    return counts
''', '''

def check(candidate):
    assert candidate("The cat, the HAT.") == {"the": 2, "cat": 1, "hat": 1}
    assert candidate("") == {}
    assert candidate("a1a") == {"a": 2}
    assert candidate("it's") == {"it": 1, "s": 1}
''', "word_frequencies")


def check_canonical():
    for p in P + PROBES:
        scope = {}
        exec(p["prompt"] + p["canonical_solution"] + p["test"], scope)
        scope["check"](scope[p["entry_point"]])
        tests = doctest.DocTestFinder().find(scope[p["entry_point"]], globs=scope)
        result = doctest.DocTestRunner().run(tests[0])
        if result.failed or not result.attempted:
            sys.exit(p["task_id"] + ": docstring examples fail")


check_canonical()

by = {p['task_id'].split('/')[1]: p for p in P}
os.makedirs(out + '/responses', exist_ok=True)

def fenced(name):
    p = by[name]
    # A chat-style answer: prose, then the whole function in a fenced block (no prompt imports: the verifier adds the prompt).
    sig = [l for l in p['prompt'].splitlines() if l.startswith('def ')][0]
    return "Here is the function:\n\n```python\n" + sig + "\n" + p['canonical_solution'] + "```\n"

def write(name, rows):
    with open(out + '/responses/' + name, 'w', encoding='utf-8', newline='\n') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

with open(out + '/problems.jsonl', 'w', encoding='utf-8', newline='\n') as f:
    for p in P:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")

chat = {"reverse_words", "gcd_list", "balanced", "caesar", "word_frequencies"}
write('correct.jsonl', [{"task_id": p['task_id'], "completion": fenced(n) if n in chat else p['canonical_solution']} for n, p in by.items()])

T = lambda n: "rethink/" + n
wrong = [
    (T("digit_sum"), "    return sum(int(d) for d in str(n)[1:])\n"),
    (T("reverse_words"), "    return \" \".join(sentence.split(\" \")[::-1])\n"),
    (T("is_palindrome"), "    return text == text[::-1]\n"),
    (T("running_max"), "    return sorted(values)\n"),
    (T("second_largest"), "    return sorted(values)[-2]\n"),
    (T("is_prime"), "    if n < 2\n        return False\n    return all(n % i for i in range(2, n))\n"),
    (T("to_binary"), "    return bin(n)\n"),
    (T("caesar"), "    return text.shift(shift)\n"),
    (T("median"), ""),
    (T("merge_sorted"), "```python\ndef merge(a, b):\n    return sorted(a + b)\n```\n"),
    (T("word_frequencies"), "I would split the text on spaces and count each word with a dictionary.\n"),
]
write('wrong.jsonl', [{"task_id": t, "completion": c} for t, c in wrong])

CONTAINED = 'raise RuntimeError("contained: {}")'
hostile = [
    ("infinite_loop", T("digit_sum"), "    return sum(int(d) for d in str(n))\n\nwhile True:\n    pass\n"),
    ("sleep", T("reverse_words"), "    return \" \".join(reversed(sentence.split()))\n\nimport time\ntime.sleep(3600)\n"),
    ("stdin_read", T("is_palindrome"), "    kept = [c.lower() for c in text if c.isalnum()]\n    return kept == kept[::-1]\n\nsecret = input()\n"),
    ("sys_exit", T("count_vowels"), "    return 0\n\nimport sys\nsys.exit(0)\n"),
    ("os_exit", T("running_max"), "    return []\n\nimport os\nos._exit(0)\n"),
    ("kill_harness", T("fizzbuzz_word"), "    return str(n)\n\nimport os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"),
    ("fake_marker", T("gcd_list"), "    return 1\n\nimport os\nprint(\"RETHINK-HARNESS-PASSED \" + \"0\" * 32, flush=True)\nos._exit(0)\n"),
    ("read_environ", T("flatten_once"), '''    out = []
    for item in items:
        out.extend(item) if isinstance(item, list) else out.append(item)
    return out

import os
_found = [k for k in os.environ if "KEY" in k or "TOKEN" in k or "SECRET" in k]
for _pid in ["self"] + [str(i) for i in range(1, 200)]:
    try:
        with open("/proc/" + _pid + "/environ", "rb") as _f:
            _data = _f.read()
    except OSError:
        continue
    _found += [w.decode(errors="replace").split("=")[0] for w in _data.split(b"\\0") if b"API_KEY" in w or b"TOKEN=" in w]
if not _found:
    ''' + CONTAINED.format("no API key or token visible in any environment") + "\nprint(\"escaped: saw\", sorted(set(_found)))\n"),
    ("read_run_store", T("run_length"), '''    out = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == text[i]:
            j += 1
        out.append(text[i] + str(j - i))
        i = j
    return "".join(out)

import os
_hits = []
# Where run stores and caches live on a host (the home directory inside the sandbox is the work directory itself).
for _root in ["/work", "/root", "/home", "/var/lib", "/srv", "/tmp"]:
    for _dir, _subdirs, _files in os.walk(_root):
        _hits += [os.path.join(_dir, n) for n in _files if n.endswith((".db", ".sqlite", ".sqlite3"))]
        if _hits or _dir.count("/") > 4:
            _subdirs.clear()
if not _hits:
    ''' + CONTAINED.format("no SQLite file (run store, cache) visible") + "\nprint(\"escaped: saw\", _hits[:5])\n"),
    ("network", T("second_largest"), '''    distinct = sorted(set(values), reverse=True)
    return distinct[1] if len(distinct) > 1 else None

import socket
_reached = []
for _host, _port in [("127.0.0.1", 80), ("127.0.0.1", 8080), ("127.0.0.1", 11434), ("1.1.1.1", 53), ("8.8.8.8", 443)]:
    try:
        socket.create_connection((_host, _port), timeout=1).close()
        _reached.append((_host, _port))
    except OSError:
        pass
try:
    socket.getaddrinfo("example.com", 443)
    _reached.append("dns")
except OSError:
    pass
if not _reached:
    ''' + CONTAINED.format("no connection and no name lookup succeeded") + "\nprint(\"escaped: reached\", _reached)\n"),
    ("fork_bomb", T("is_prime"), '''    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True

import os, time
_children = 0
try:
    # Bounded (1,000) so that a run outside the sandbox cannot take the machine down; far above any sane process cap.
    for _ in range(1000):
        if os.fork() == 0:
            time.sleep(5)
            os._exit(0)
        _children += 1
except OSError:
    ''' + 'raise RuntimeError("contained: fork refused after %d children" % _children)' + "\nprint(\"escaped: forked\", _children)\n"),
    ("write_outside", T("merge_sorted"), '''    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out + a[i:] + b[j:]

import os
_written = []
# Host places (the sandbox's own /tmp and work directory are private and writable by design, so not tried).
for _path in ["/etc/rethink-escape", "/usr/rethink-escape", "/root/rethink-escape", "/work/rethink-escape",
              "/home/rethink-escape", os.path.join(os.getcwd(), "..", "rethink-escape")]:
    try:
        with open(_path, "w") as _f:
            _f.write("escaped")
        _written.append(_path)
        os.remove(_path)
    except OSError:
        pass
if not _written:
    ''' + CONTAINED.format("no write outside the work directory succeeded") + "\nprint(\"escaped: wrote\", _written)\n"),
    ("huge_output", T("rotate_left"), '''    if not values:
        return []
    k %= len(values)
    return values[k:] + values[:k]

import os
_chunk = b"x" * (1 << 20)
for _ in range(1024):
    os.write(1, _chunk)
'''),
    ("allocate_8gib", T("balanced"), '''    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for c in text:
        if c in "([{":
            stack.append(c)
        elif c in pairs:
            if not stack or stack.pop() != pairs[c]:
                return False
    return not stack

_block = bytearray(8 * 1024 ** 3)
_block[::4096] = b"\\1" * len(range(0, len(_block), 4096))
'''),
    ("steal_nonce", T("chunk"), '''    return []

import os, sys
# The in-process adversary the harness cannot stop: read the nonce from the harness's frame, print the pass line, leave.
_frame = sys._getframe(1)
os.write(1, ("\\nRETHINK-HARNESS-PASSED " + _frame.f_locals["nonce"] + "\\n").encode())
os._exit(0)
'''),
]
write('hostile.jsonl', [{"task_id": t, "completion": c, "hostile": name} for name, t, c in hostile])

# pass@k demo: 10 samples for each of 6 tasks, with 10, 7, 3, 1, 0 and 5 correct.
wrong_for = dict(wrong)
mix = []
for name, c in [("digit_sum", 10), ("reverse_words", 7), ("is_palindrome", 3), ("running_max", 1), ("second_largest", 0), ("to_binary", 5)]:
    good = by[name]['canonical_solution']
    bad = wrong_for[T(name)]
    for i in range(10):
        mix.append({"task_id": T(name), "completion": good if i < c else bad})
write('n10.jsonl', mix)

# MBPP-format problems written for Rethink.
mbpp = [
    dict(task_id=1, text="Write a function to find the product of the decimal digits of a positive integer.",
         code="def digit_product(n):\r\n    result = 1\r\n    for d in str(n):\r\n        result *= int(d)\r\n    return result",
         test_list=["assert digit_product(234) == 24", "assert digit_product(7) == 7", "assert digit_product(105) == 0"],
         test_setup_code="", challenge_test_list=[]),
    dict(task_id=2, text="Write a function to check whether a list of numbers is sorted in non-decreasing order.",
         code="def is_sorted(values):\r\n    return all(a <= b for a, b in zip(values, values[1:]))",
         test_list=["assert is_sorted([1, 2, 2, 5]) == True", "assert is_sorted([3, 1]) == False", "assert is_sorted([]) == True"],
         test_setup_code="", challenge_test_list=[]),
    dict(task_id=3, text="Write a python function to count the words of a sentence that are longer than n characters.",
         code="def count_long_words(sentence, n):\r\n    return sum(1 for w in sentence.split() if len(w) > n)",
         test_list=["assert count_long_words(\"the quick brown fox\", 3) == 2", "assert count_long_words(\"\", 0) == 0", "assert count_long_words(\"a bb ccc\", 1) == 2"],
         test_setup_code="", challenge_test_list=[]),
    dict(task_id=4, text="Write a function to compute the area of a circle of radius r.",
         code="import math\r\ndef circle_area(r):\r\n    return math.pi * r * r",
         test_list=["assert math.isclose(circle_area(1), 3.141592653589793)", "assert circle_area(0) == 0", "assert math.isclose(circle_area(2.5), 19.634954084936208)"],
         test_setup_code="import math", challenge_test_list=["assert math.isclose(circle_area(1e-3), 3.141592653589793e-06)"]),
]
with open(out + '/mbpp.jsonl', 'w', encoding='utf-8', newline='\n') as f:
    for m in mbpp:
        f.write(json.dumps(m, ensure_ascii=False) + "\n")
def mb(code):
    return "```python\n" + code.replace("\r\n", "\n") + "\n```\n"
write('mbpp-samples.jsonl', [
    {"task_id": 1, "completion": mb(mbpp[0]["code"])},
    {"task_id": 2, "completion": mb(mbpp[1]["code"])},
    {"task_id": 3, "completion": mb(mbpp[2]["code"])},
    {"task_id": 4, "completion": mb(mbpp[3]["code"])},
    {"task_id": 1, "completion": mb("def digit_product(n):\n    return sum(int(d) for d in str(n))")},
    {"task_id": 3, "completion": mb("def count_long_words(sentence, n):\n    return len([w for w in sentence.split(' ') if len(w) >= n])")},
])


for m in mbpp:
    scope = {}
    exec(m["code"].replace("\r\n", "\n") + "\n" + m["test_setup_code"] + "\n" + "\n".join(m["test_list"] + m["challenge_test_list"]), scope)
# The judge's probes and the cheats against them; and a lookup table built from whatever test text the solution can
# reach, for every task of problems.jsonl.
with open(out + '/probes.jsonl', 'w', encoding='utf-8', newline='\n') as f:
    for p in PROBES:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
write('cheats.jsonl', [{"task_id": "probe/" + t, "completion": c, "cheat": name} for name, t, c in CHEATS])
write('lookup-table.jsonl', [{"task_id": p['task_id'], "completion": LOOKUP_ALL, "cheat": "lookup_table"} for p in P])

print("wrote", out, "with", len(P), "problems,", len(mbpp), "MBPP items,", len(PROBES), "probes and", len(CHEATS), "cheats")
