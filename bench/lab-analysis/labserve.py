"""`rethink serve` with one lab model on a free 127.0.0.1 port, for the probes in this folder."""
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

RETHINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "Rethink.Cli", "bin", "Release",
                       "net10.0", "rethink.dll")


@contextlib.contextmanager
def served(model):
    """Yields the base URL of a server whose only model, "m", is the lab model in MODEL.gguf."""
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
        yield base
    finally:
        server.terminate()
        server.wait()


def complete(base, body):
    """POSTs a chat-completions body (a dict; the model is "m") and returns the first choice."""
    request = urllib.request.Request(base + "/v1/chat/completions", json.dumps({"model": "m", **body}).encode(),
                                     {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=300))["choices"][0]
