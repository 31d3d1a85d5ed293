"""A small HTTP proxy that slows chosen requests down, for tests that must act
while a transfer is under way (on loopback an upload, a chat turn or a
download ends before a test could do anything in the middle of it).

StallProxy listens on 127.0.0.1:0 and forwards every request to one upstream
(e.g. a nemo-local). Rules, chosen by a regular expression on the request
path, slow the request body (the client's upload) or the response body (what
the client receives):

  Rule(r"^/api/upload-video/", request=Drip(64 * 1024))    # read 64 KiB/s
  Rule(r"^/run_sse$", response=Stall(after=0))             # headers, then nothing
  Rule(r"/output/", response=Stall(after=256 * 1024))      # 256 KiB, then nothing

A stalled transfer is held until the client gives up or the proxy stops. The
proxy keeps a record of every request (method, path, state, bytes moved), so
a test can wait until a request is in flight. Upstream answers on paths that
match `rewrite` have the upstream's base URL replaced by the proxy's (nemo-local
puts absolute URLs in its render status: the download must come through here).

Standard library only. Also runnable by hand:
  python3 stall_proxy.py http://127.0.0.1:8080 'PATTERN=response:stall:0' ...
SPDX-License-Identifier: GPL-2.0-or-later
"""
import http.client
import http.server
import re
import select
import socket
import sys
import threading
import time
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authorization",
              "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
              "expect"}
CHUNK = 16 * 1024


class Drip:
    """Moves the body at `bytes_per_s`."""

    def __init__(self, bytes_per_s):
        self.bytes_per_s = max(1, int(bytes_per_s))


class Stall:
    """Moves the first `after` bytes of the body, then nothing more."""

    def __init__(self, after=0):
        self.after = max(0, int(after))


class Rule:
    def __init__(self, pattern, request=None, response=None, method=None):
        self.pattern = re.compile(pattern)
        self.request = request
        self.response = response
        self.method = method

    def matches(self, method, path):
        return (self.method is None or self.method == method) and self.pattern.search(path)


class Record:
    """One request as the proxy saw it."""

    def __init__(self, method, path):
        self.method = method
        self.path = path
        self.state = "receiving"  # receiving -> forwarding -> responding -> done | aborted
        self.status = None
        self.bytes_in = 0    # request body bytes read from the client
        self.bytes_out = 0   # response body bytes sent to the client
        self.stalled = False  # a Stall rule is holding it now

    def __repr__(self):
        return (f"<{self.method} {self.path} {self.state} status={self.status} "
                f"in={self.bytes_in} out={self.bytes_out}{' stalled' if self.stalled else ''}>")


class StallProxy:
    def __init__(self, upstream, rules=(), rewrite=r"^/api/render/proxy/lambda"):
        parsed = urllib.parse.urlsplit(upstream)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError(f"upstream must be an http:// URL: {upstream}")
        self.upstream = f"http://{parsed.hostname}:{parsed.port or 80}"
        self.upstream_host = parsed.hostname
        self.upstream_port = parsed.port or 80
        self.rules = list(rules)
        self.rewrite = re.compile(rewrite) if rewrite else None
        self.records = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._server = None
        self._thread = None

    # -- lifecycle -------------------------------------------------------------
    def start(self):
        proxy = self

        class Handler(_Handler):
            owner = proxy

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    @property
    def port(self):
        return self._server.server_address[1]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self._stopping.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- observation -------------------------------------------------------------
    def _note(self, record, **changes):
        with self._changed:
            for key, value in changes.items():
                setattr(record, key, value)
            self._changed.notify_all()

    def find(self, pattern, predicate=lambda r: True):
        regex = re.compile(pattern)
        with self._lock:
            return [r for r in self.records if regex.search(r.path) and predicate(r)]

    def wait_for(self, pattern, predicate, timeout):
        """The first record on a matching path for which `predicate` holds, or None."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for r in self.records:
                    if regex.search(r.path) and predicate(r):
                        return r
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._changed.wait(min(left, 0.25))

    def wait_stalled(self, pattern, timeout, min_in=0, min_out=0):
        """Waits until a request on `pattern` is held by a Stall rule (or drips
        with at least min_in/min_out bytes moved)."""
        return self.wait_for(
            pattern,
            lambda r: r.state not in ("done", "aborted")
            and (r.stalled or (min_in and r.bytes_in >= min_in) or (min_out and r.bytes_out >= min_out)),
            timeout)

    def rule_for(self, method, path):
        for rule in self.rules:
            if rule.matches(method, path):
                return rule
        return None

    # -- pacing ------------------------------------------------------------------
    def hold(self, record, client):
        """Keeps a stalled transfer open until the client closes or the proxy stops."""
        self._note(record, stalled=True)
        try:
            while not self._stopping.is_set():
                readable, _, _ = select.select([client], [], [], 0.1)
                if readable:
                    try:
                        data = client.recv(CHUNK)
                    except OSError:
                        return
                    if not data:
                        return  # the client closed its side
                    # An upload still arriving: drop it (this request stalls anyway).
        finally:
            self._note(record, stalled=False)

    def pace(self, mode, record, moved):
        """Sleeps as a Drip needs after `moved` bytes; returns False to stop moving (Stall)."""
        if isinstance(mode, Stall):
            return moved < mode.after
        if isinstance(mode, Drip):
            started = getattr(record, "_drip_started", None)
            if started is None:
                started = record._drip_started = time.monotonic()
            due = started + moved / mode.bytes_per_s
            while not self._stopping.is_set():
                left = due - time.monotonic()
                if left <= 0:
                    break
                time.sleep(min(left, 0.1))
        return True


class _Handler(http.server.BaseHTTPRequestHandler):
    owner = None  # the StallProxy (set in a subclass per proxy)
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the test prints what matters
        pass

    def handle_expect_100(self):
        return True  # forwarded as a plain request (curl here sends no Expect)

    def do_GET(self):
        self.forward()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    # -- request -----------------------------------------------------------------
    def read_body(self, record, mode):
        """The request body, paced by `mode`; None when a Stall holds it."""
        body = bytearray()
        length = self.headers.get("Content-Length")
        chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        if length is None and not chunked:
            return bytes(body)
        remaining = int(length) if length is not None else None
        while True:
            step = CHUNK
            if mode is not None:
                if not self.owner.pace(mode, record, len(body)):
                    self.owner.hold(record, self.connection)
                    return None
                if isinstance(mode, Drip):
                    step = min(CHUNK, max(1, mode.bytes_per_s // 10))
                if isinstance(mode, Stall):
                    step = min(step, mode.after - len(body))
            if chunked:
                data = self.read_chunk(step)
            else:
                if remaining <= 0:
                    break
                data = self.rfile.read(min(step, remaining))
                remaining -= len(data)
            if not data:
                break
            body += data
            self.owner._note(record, bytes_in=len(body))
        return bytes(body)

    def read_chunk(self, _step):
        if not hasattr(self, "_chunk_left"):
            self._chunk_left = 0
        if self._chunk_left == 0:
            line = self.rfile.readline()
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b""
            self._chunk_left = size
        data = self.rfile.read(min(self._chunk_left, max(1, _step)))
        self._chunk_left -= len(data)
        if self._chunk_left == 0:
            self.rfile.readline()  # the CRLF after the chunk
        return data

    # -- response ----------------------------------------------------------------
    def forward(self):
        owner = self.owner
        self.close_connection = True
        path = self.path
        record = Record(self.command, path)
        with owner._changed:
            owner.records.append(record)
            owner._changed.notify_all()
        rule = owner.rule_for(self.command, urllib.parse.urlsplit(path).path)
        try:
            body = self.read_body(record, rule.request if rule else None)
            if body is None:
                owner._note(record, state="aborted")
                return
            owner._note(record, state="forwarding")
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Host"] = f"{owner.upstream_host}:{owner.upstream_port}"
            headers["Connection"] = "close"
            if body or self.command in ("POST", "PUT", "PATCH"):
                headers["Content-Length"] = str(len(body))
            upstream = http.client.HTTPConnection(owner.upstream_host, owner.upstream_port,
                                                  timeout=120)
            try:
                upstream.request(self.command, path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                self.relay(record, answer, rule.response if rule else None)
            finally:
                upstream.close()
        except (OSError, http.client.HTTPException, ValueError):
            owner._note(record, state="aborted")

    def relay(self, record, answer, mode):
        owner = self.owner
        owner._note(record, state="responding", status=answer.status)
        rewrite = owner.rewrite and owner.rewrite.search(urllib.parse.urlsplit(self.path).path)
        self.send_response_only(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in HOP_BY_HOP:
                self.send_header(key, value)
        self.send_header("Connection", "close")
        if self.command == "HEAD" or answer.status in (204, 304):
            self.end_headers()
            owner._note(record, state="done")
            return
        if rewrite:
            data = answer.read().replace(owner.upstream.encode(), owner.url.encode())
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            owner._note(record, bytes_out=len(data), state="done")
            return
        length = answer.getheader("Content-Length")
        chunked = length is None
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", length)
        self.end_headers()
        self.wfile.flush()
        sent = 0
        while True:
            step = CHUNK
            if mode is not None:
                if not owner.pace(mode, record, sent):
                    owner.hold(record, self.connection)
                    owner._note(record, state="aborted")
                    return
                if isinstance(mode, Drip):
                    step = min(CHUNK, max(1, mode.bytes_per_s // 10))
                if isinstance(mode, Stall):
                    step = min(step, mode.after - sent)
            data = answer.read1(step) if step > 0 else b""
            if not data:
                break
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                self.wfile.write(data)
            self.wfile.flush()
            sent += len(data)
            owner._note(record, bytes_out=sent)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        owner._note(record, state="done")


def _parse_rule(text):
    """PATTERN=request|response:drip:BYTES_PER_S|stall:AFTER_BYTES"""
    pattern, _, spec = text.rpartition("=")
    side, kind, amount = spec.split(":")
    mode = Drip(int(amount)) if kind == "drip" else Stall(int(amount))
    return Rule(pattern, **{side: mode})


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    proxy = StallProxy(sys.argv[1], [_parse_rule(a) for a in sys.argv[2:]]).start()
    print(f"listening on {proxy.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        proxy.stop()
