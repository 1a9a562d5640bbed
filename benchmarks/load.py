"""The benchmarks' load generator: wrk (or Python processes without it) sending requests
from a list of (path, cookie, body) on loopback, each from another address on a new
connection, counting the answers with the expected status (benchmarks/skm.py,
benchmarks/peers.py).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from http.client import HTTPConnection
from pathlib import Path

# wrk (Debian's package `wrk`) when it is installed: a load generator in C takes a fraction of
# the CPU the Python processes do, on a machine whose two cores the server and PostgreSQL share
# with it. Each wrk thread takes every n-th line of the work file; each citizen comes from
# another address (X-Forwarded-For, for the per-address limits) on a new connection.
WRK_SCRIPT = r"""
local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  expected = tonumber(args[3])
  items, pos, ok, bad, other = {}, 0, 0, 0, ""
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id then table.insert(items, line) end
    i = i + 1
  end
  math.randomseed(id * 7919 + 17)
end
function request()
  pos = pos + 1
  if pos > #items then
    wrk.thread:stop()
    pos = #items
  end
  local path, cookie, body = items[pos]:match("([^\t]*)\t([^\t]*)\t(.*)")
  local headers = {
    ["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)),
    ["Connection"] = "close",
  }
  if cookie ~= "" then headers["Cookie"] = cookie end
  if body == "" then return wrk.format("GET", path, headers) end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", path, headers, body)
end
function response(status, headers, body)
  if status == expected then ok = ok + 1 else bad = bad + 1; other = other .. status .. " " end
end
function done(summary, latency, requests)
  local good, wrong, statuses = 0, 0, ""
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    wrong = wrong + t:get("bad")
    statuses = statuses .. t:get("other")
  end
  io.write(string.format("RESULT %d %d %d %d %d\n", good, wrong, summary.requests,
    summary.duration, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
  io.write("STATUSES " .. statuses .. "\n")
end
"""


def wrk(port: int, work: list, *, seconds: float, clients: int, ok: int) -> dict:
    """Requests from `work`, lines of (path, cookie, body: a POST, or a GET when empty), with
    wrk for `seconds`; `ok` is the status that counts a request done."""
    with tempfile.TemporaryDirectory() as folder:
        items = Path(folder, "work.txt")
        items.write_text("".join(f"{p}\t{c}\t{b}\n" for p, c, b in work))
        script = Path(folder, "load.lua")
        script.write_text(WRK_SCRIPT)
        threads = 2
        started = time.perf_counter()
        run = subprocess.run(
            [
                shutil.which("wrk") or "wrk",
                f"-t{threads}",
                f"-c{max(clients, threads)}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}/",
                "--",
                str(items),
                str(threads),
                str(ok),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = time.perf_counter() - started
    result = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", run.stdout)
    if result is None:
        raise RuntimeError(f"wrk printed no result:\n{run.stdout}\n{run.stderr}")
    good, wrong, requests, duration_us, socket_errors = (int(x) for x in result.groups())
    duration = duration_us / 1e6 or elapsed
    listed = re.search(r"STATUSES (.*)", run.stdout)
    statuses = dict(Counter(listed[1].split() if listed else []))
    if socket_errors:
        statuses["socket"] = socket_errors
    return {
        "ok": good,
        "errors": wrong + socket_errors,
        "errors_by_status": statuses,
        "requests": requests,
        "ran_out_of_work": requests >= len(work),
        "seconds": round(duration, 1),
        "per_second": round(good / duration, 1),
    }


def _client(
    port: int, work: list, seconds: float, ok: int, expect: re.Pattern | None, seed: int, queue
) -> None:
    """One Python load-generator process (without wrk): the same requests."""
    rng = random.Random(seed)
    done = errors = requests = 0
    statuses: Counter = Counter()
    deadline = time.monotonic() + seconds
    position = 0
    while time.monotonic() < deadline and position < len(work):
        path, cookie, body = work[position]
        position += 1
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        headers = {"X-Forwarded-For": address, "Connection": "close"}
        if cookie:
            headers["Cookie"] = cookie
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST" if body else "GET", path, body=body or None, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            conn.close()
            requests += 1
            if response.status == ok and (expect is None or expect.search(answer)):
                done += 1
            else:
                errors += 1
                statuses[str(response.status)] += 1
        except OSError as error:
            errors += 1
            statuses[type(error).__name__] += 1
    queue.put((done, errors, requests, position >= len(work), dict(statuses)))


def python_load(
    port: int | Sequence[int],
    work: list,
    *,
    seconds: float,
    clients: int,
    ok: int,
    expect: re.Pattern | None = None,
) -> dict:
    """The same load from `clients` Python processes; with `expect`, an answer counts only
    when its body matches it too. With several ports (app servers), client n sends to port
    n modulo their number, as a load balancer would share them out."""
    ports = [port] if isinstance(port, int) else list(port)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=_client,
            args=(ports[i % len(ports)], work[i::clients], seconds, ok, expect, i, queue),
        )
        for i in range(clients)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    totals = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    statuses: Counter = Counter()
    for total in totals:
        statuses.update(total[4])
    done = sum(t[0] for t in totals)
    return {
        "ok": done,
        "errors": sum(t[1] for t in totals),
        "errors_by_status": dict(statuses),
        "requests": sum(t[2] for t in totals),
        "ran_out_of_work": any(t[3] for t in totals),
        "seconds": round(elapsed, 1),
        "per_second": round(done / elapsed, 1),
    }


def wrk_available() -> bool:
    return shutil.which("wrk") is not None and not os.environ.get("PRIMA_BENCH_PYTHON_CLIENT")


def run(port: int, work: list, *, seconds: float, clients: int, ok: int) -> dict:
    """The load from wrk, or from Python processes without it."""
    load = wrk if wrk_available() else python_load
    return load(port, work, seconds=seconds, clients=clients, ok=ok)


def generator(clients: int, *, python: str = "Python http.client processes") -> str:
    """What made the load, for the report."""
    if wrk_available():
        # `wrk --version` exits with 1: read what it printed.
        version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
        return f"{version.split(' [')[0].strip()}, 2 threads, {clients} connections"
    return f"{clients} {python}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
