#!/usr/bin/env python3
"""Measure how the language server holds up: malformed frames, shutdown and
cancellation under load, and memory returned after documents close.

Usage:
    python3 benches/server-stress.py BINARY [--docs N] [--skip-memory]
                                            [--only frames|load|memory|footprint]

BINARY   the asl-lsp binary to drive (build it with `cargo build --release`).
--docs   how many 700 KB documents to open and close for the memory figure
         (default 1000, as in the issue that asked for it).
--only footprint  just the RSS of one open 5,000-state document against its
         size, and the RSS after 100 of them were opened and closed against
         the RSS at start.

Prints one line per measure. Nothing here asserts: the tests do that
(tests/protocol.rs, tests/e2e.rs); this records the real figures.
"""

import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Server:
    def __init__(self, binary, env=None):
        self.proc = subprocess.Popen(
            [binary],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ, **(env or {})),
        )
        self.messages = queue.Queue()
        self.backlog = []
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            self.messages.put((time.monotonic(), json.loads(out.read(length))))

    def raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request_async(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return request_id

    def wait(self, matches, timeout=600):
        for index, (stamp, message) in enumerate(self.backlog):
            if matches(message):
                del self.backlog[index]
                return stamp, message
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, None
            try:
                item = self.messages.get(timeout=left)
            except queue.Empty:
                return None, None
            if item is None:
                return None, None
            if matches(item[1]):
                return item
            self.backlog.append(item)

    def response(self, request_id, timeout=600):
        return self.wait(lambda m: m.get("id") == request_id and "method" not in m, timeout)

    def request(self, method, params, timeout=600):
        return self.response(self.request_async(method, params), timeout)[1]

    def initialize(self):
        self.request(
            "initialize",
            {"processId": None, "rootUri": None, "capabilities": {},
             "initializationOptions": {"diagnosticsDelayMs": 0}},
        )
        self.notify("initialized", {})

    def rss_mb(self):
        with open("/proc/%d/status" % self.proc.pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def alive(self):
        return self.proc.poll() is None

    def kill(self):
        if self.alive():
            self.proc.kill()
        self.proc.wait()


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


PING = b'{"jsonrpc":"2.0","id":77,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///x.json"}}}'


def malformed_cases():
    deep = b'{"jsonrpc":"2.0","id":77,"method":"textDocument/hover","params":' + b"[" * 200 + b"1" + b"]" * 200 + b"}"
    return [
        ("malformed JSON", frame(b'{"jsonrpc":"2.0","id":77,"method":}')),
        ("batch array", frame(b"[" + PING + b"]")),
        ("float id", frame(PING.replace(b"77", b"7.5"))),
        ("object id", frame(PING.replace(b"77", b'{"n":1}'))),
        ('jsonrpc "1.0"', frame(PING.replace(b"2.0", b"1.0"))),
        ("Content-Length too short", b"Content-Length: %d\r\n\r\n" % (len(PING) - 20) + PING),
        ("Content-Length too long", b"Content-Length: %d\r\n\r\n" % (len(PING) + 20) + PING),
        ("Content-Length negative", b"Content-Length: -4\r\n\r\n" + PING),
        ("Content-Length missing", b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + PING),
        ("lowercase content-length", b"content-length: %d\r\n\r\n" % len(PING) + PING),
        ("Content-Type without charset", b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n" % len(PING) + PING),
        ("a third header line", b"Content-Length: %d\r\nContent-Type: a; charset=utf-8\r\nX-A: 1\r\n\r\n" % len(PING) + PING),
        ("one non-UTF-8 byte", frame(PING.replace(b"Symbol", b"Symbo\xff"))),
        ("params nested 200 deep", frame(deep)),
        ("frame over 256 MB (declared)", b"Content-Length: 300000000\r\n\r\n" + PING),
    ]


def measure_frames(binary):
    survived = 0
    cases = malformed_cases()
    for name, data in cases:
        server = Server(binary)
        server.initialize()
        server.raw(data)
        ping = server.request_async("textDocument/documentSymbol", {"textDocument": {"uri": "file:///y.json"}})
        _, answer = server.response(ping, timeout=5)
        ok = answer is not None and server.alive()
        survived += ok
        status = server.proc.poll()
        verdict = "served the next request" if ok else (
            "NO ANSWER to the next request, " + ("still running" if status is None else "exit status %d" % status))
        print("  %-32s %s" % (name, verdict))
        server.kill()
    print("frames: %d of %d malformed-frame cases survived" % (survived, len(cases)))


def generated(states, suffix=".asl.json"):
    handle, path = tempfile.mkstemp(suffix=suffix)
    os.close(handle)
    subprocess.run([sys.executable, os.path.join(HERE, "gen-asl.py"), str(states), path],
                   check=True, stderr=subprocess.DEVNULL)
    with open(path, encoding="utf-8") as file:
        text = file.read()
    os.unlink(path)
    return text


def open_document(server, uri, text, version=1):
    server.notify("textDocument/didOpen",
                  {"textDocument": {"uri": uri, "languageId": "json", "version": version, "text": text}})


def measure_load(binary):
    big = generated(30000)
    small = generated(20)
    server = Server(binary)
    server.initialize()
    open_document(server, "file:///small.asl.json", small)
    server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == "file:///small.asl.json")
    # A fresh version of the big document for each request, so that every
    # request has its own analysis to wait for.
    started = time.monotonic()
    open_document(server, "file:///big.asl.json", big)
    slow = server.request_async("textDocument/documentSymbol", {"textDocument": {"uri": "file:///big.asl.json"}})
    time.sleep(0.05)
    sent = time.monotonic()
    other = server.request_async("textDocument/documentSymbol", {"textDocument": {"uri": "file:///small.asl.json"}})
    stamp, _ = server.response(other)
    print("load: a request on a small document while a %d KB one is analysed: answered in %.1f ms"
          % (len(big) // 1024, (stamp - sent) * 1000))
    sent = time.monotonic()
    server.notify("$/cancelRequest", {"id": slow})
    stamp, answer = server.response(slow)
    print("load: $/cancelRequest of the slow request: answered in %.1f ms (%s)"
          % ((stamp - sent) * 1000, "error %s" % answer["error"]["code"] if "error" in answer else "result"))
    server.notify("textDocument/didChange", {"textDocument": {"uri": "file:///big.asl.json", "version": 2},
                                             "contentChanges": [{"text": big + " "}]})
    sent = time.monotonic()
    other = server.request_async("textDocument/documentSymbol", {"textDocument": {"uri": "file:///small.asl.json"}})
    stamp, _ = server.response(other)
    print("load: a request right behind a %d KB didChange: answered in %.1f ms (the framework decodes the "
          "notification first)" % (len(big) // 1024, (stamp - sent) * 1000))
    time.sleep(0.5)
    for _ in range(4):
        server.request_async("textDocument/hover", {"textDocument": {"uri": "file:///big.asl.json"},
                                                    "position": {"line": 5, "character": 5}})
    time.sleep(0.2)
    sent = time.monotonic()
    shutdown = server.request_async("shutdown", None)
    stamp, _ = server.response(shutdown)
    print("load: shutdown while 4 requests wait for an analysis: answered in %.1f ms" % ((stamp - sent) * 1000))
    sent = time.monotonic()
    server.notify("exit", None)
    server.proc.wait()
    print("load: exit: process ended in %.1f ms (status %d), %.1f s after the big document was opened"
          % ((time.monotonic() - sent) * 1000, server.proc.returncode, time.monotonic() - started))


def measure_memory(binary, docs):
    text = generated(1000)
    server = Server(binary)
    server.initialize()
    base = server.rss_mb()
    peak = base
    started = time.monotonic()
    for index in range(docs):
        uri = "file:///doc%d.asl.json" % index
        open_document(server, uri, text)
        server.wait(lambda m, uri=uri: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri)
        peak = max(peak, server.rss_mb())
    opened = server.rss_mb()
    analysed = time.monotonic() - started
    for index in range(docs):
        server.notify("textDocument/didClose", {"textDocument": {"uri": "file:///doc%d.asl.json" % index}})
    closed_1s, closed_5s, closed_15s = rss_after_close(server)
    print("memory: opened and analysed one by one in %.1f s" % analysed)
    print("memory: %d documents of %d KB: RSS %.0f MB at start, %.0f MB with all open (peak %.0f MB), "
          "%.0f MB 1 s after closing them all, %.0f MB after 5 s, %.0f MB after 15 s"
          % (docs, len(text) // 1024, base, opened, peak, closed_1s, closed_5s, closed_15s))
    server.kill()


def rss_after_close(server):
    """The RSS 1 s, 5 s and 15 s after the last close (a request first, so
    that every notification before it has been handled)."""
    server.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///none.json"}})
    readings = []
    for wait in (1.0, 4.0, 10.0):
        time.sleep(wait)
        readings.append(server.rss_mb())
    return readings


def measure_footprint(binary, docs=100, states=5000):
    text = generated(states)
    size_mb = len(text.encode("utf-8")) / 2**20
    server = Server(binary)
    server.initialize()
    time.sleep(0.5)
    start = server.rss_mb()

    def open_analysed(uri):
        open_document(server, uri, text)
        server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri)

    def symbols(uri):
        # A request, so that whatever a feature builds on demand is built too.
        server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})

    open_analysed("file:///one.asl.json")
    time.sleep(0.5)
    analysed = server.rss_mb()
    symbols("file:///one.asl.json")
    time.sleep(0.5)
    one = server.rss_mb()
    print("footprint: one open %d-state document of %.2f MB: RSS %.1f MB once analysed (%.1f times the text), "
          "%.1f MB after a documentSymbol request (%.1f times the text; %.1f MB over the %.1f MB at start)"
          % (states, size_mb, analysed, analysed / size_mb, one, one / size_mb, one - start, start))
    server.notify("textDocument/didClose", {"textDocument": {"uri": "file:///one.asl.json"}})
    server.request("textDocument/documentSymbol", {"textDocument": {"uri": "file:///none.json"}})
    time.sleep(1.0)
    after_one = server.rss_mb()
    peak = one
    for index in range(docs):
        uri = "file:///doc%d.asl.json" % index
        open_analysed(uri)
        symbols(uri)
        peak = max(peak, server.rss_mb())
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    closed_1s, closed_5s, closed_15s = rss_after_close(server)
    print("footprint: RSS %.1f MB at start, %.1f MB once the first document was closed; %d more opened, "
          "analysed and closed one by one (peak %.1f MB): %.1f MB 1 s later, %.1f MB 5 s later, "
          "%.1f MB 15 s later (%+.1f%% of the start, %+.1f%% of the RSS after the first document)"
          % (start, after_one, docs, peak, closed_1s, closed_5s, closed_15s,
             100 * (closed_15s - start) / start, 100 * (closed_15s - after_one) / after_one))
    server.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--only", choices=["frames", "load", "memory", "footprint"])
    args = parser.parse_args()
    if args.only in (None, "frames"):
        measure_frames(args.binary)
    if args.only in (None, "load"):
        measure_load(args.binary)
    if args.only in (None, "memory") and not args.skip_memory:
        measure_memory(args.binary, args.docs)
    if args.only in (None, "footprint") and not args.skip_memory:
        measure_footprint(args.binary)


if __name__ == "__main__":
    main()
