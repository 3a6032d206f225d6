"""A small HTTP load client for the benches: keep-alive connections with a session and a
CSRF token like a signed-in browser tab, timing pages and form posts from threads."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import statistics
import subprocess
import threading
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One keep-alive connection with a session and a CSRF token, like a signed-in tab."""

    def __init__(self, port: int, session: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {"sessionid": session}
        self.last_location = ""

    def _headers(self, extra=None) -> dict:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, "Host": "127.0.0.1", **(extra or {})}

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        self.conn.request(method, path, body=body, headers=self._headers(headers))
        response = self.conn.getresponse()
        data = response.read()
        self.last_location = response.headers.get("Location", "")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def timed(self, method, path, body=None, headers=None) -> tuple[int, float]:
        t = time.perf_counter()
        status, _ = self.request(method, path, body, headers)
        return status, (time.perf_counter() - t) * 1000


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def measure_page(port, session, path, *, concurrency: int, count: int) -> tuple[float, float]:
    times: list[float] = []
    lock = threading.Lock()

    def run(n):
        browser = Browser(port, session)
        for _ in range(n):
            status, ms = browser.timed("GET", path)
            if status != 200:
                print("unexpected", path, status, flush=True)
                return
            with lock:
                times.append(ms)

    threads = [
        threading.Thread(target=run, args=(count // concurrency,)) for _ in range(concurrency)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statistics.median(times), pct(times, 0.95)


def drive(threads: int, post, *, seconds: float) -> tuple[float, float, float, int]:
    """`threads` threads, each calling `post(k, i)` (its number, the call's number; it
    returns the milliseconds to count) until `seconds` have passed: rate per second,
    p50, p95 and how many calls."""
    times: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run(k: int) -> None:
        i = 0
        while time.perf_counter() < stop:
            i += 1
            ms = post(k, i)
            with lock:
                times.append(ms)

    started = time.perf_counter()
    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.perf_counter() - started
    return len(times) / elapsed, statistics.median(times), pct(times, 0.95), len(times)


def measure_creation(port, people, *, seconds: float, follow: bool = False):
    """Tickets per second through the web form, one thread per (session, service) in
    `people`: each a signed-in client with its own session, like 8 people at 8 browsers.

    A browser lands on the new ticket's page, which shows (and so consumes) the
    "ticket opened" flash. With `follow` the thread GETs that page too (and its time
    is counted in the creation's); without it the thread drops the flash cookie, as if
    the page had been shown elsewhere. Keeping the cookie would pile up every flash
    of the run in the session (Django's fallback storage), which no person does.
    """
    browsers: dict[int, tuple[Browser, str]] = {}

    def post(k: int, i: int) -> float:
        session, service_id = people[k]
        if k not in browsers:  # the form once, for its CSRF token (not timed)
            browser = Browser(port, session)
            status, page = browser.request("GET", "/tickets/new/")
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            browsers[k] = (browser, token.group(1).decode())
        browser, token = browsers[k]
        body = (
            f"csrfmiddlewaretoken={token}&type=incident&priority=P3&service={service_id}"
            f"&title=Lentid%C3%A3o+{k}-{i}&description=O+portal+est%C3%A1+lento+desde+as+9h."
        )
        status, ms = browser.timed(
            "POST",
            "/tickets/new/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}/tickets/new/",
            },
        )
        assert status == 302, status
        if follow:
            status, more = browser.timed("GET", browser.last_location)
            assert status == 200, status
            ms += more
        else:
            browser.cookies.pop("messages", None)
        return ms

    return drive(len(people), post, seconds=seconds)


@contextlib.contextmanager
def gunicorn(root, env: dict, *, venv=None, app: str = "config.wsgi:application"):
    """gunicorn with 2 sync workers on a free loopback port, ready (it answers /healthz;
    any answer will do), from `venv` (default: the project's); yields the port and
    stops it afterwards."""
    port = free_port()
    venv = venv or root / ".venv"
    server = subprocess.Popen(
        [str(venv / "bin/gunicorn"), app, "-w", "2"]
        + ["-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=root,
        env={**os.environ, **env},
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def workers_peak_rss_mb(port: int) -> list[float]:
    """The peak resident memory (VmHWM) of each gunicorn worker serving `port`: the
    processes with gunicorn's command line whose parent has it too."""
    from pathlib import Path

    found: dict[int, tuple[int, float]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            status = (proc / "status").read_text()
        except OSError:
            continue
        if b"gunicorn" not in cmdline or f"127.0.0.1:{port}".encode() not in cmdline:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        peak_kb = int(fields.get("VmHWM", "0 kB").split()[0])
        found[int(proc.name)] = (int(fields["PPid"]), peak_kb / 1024)
    return [mb for ppid, mb in found.values() if ppid in found] or [0.0]
