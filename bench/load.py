"""The load generator: concurrent clients speaking HTTP/1.1 to 127.0.0.1 over `asyncio.open_connection`.

Nothing to install. Each client walks the list of paths from its own starting point, keeping its
connection alive while the server allows (gunicorn's sync workers close after every response, so
it reconnects then). It stops starting requests after `seconds` or once `max_requests` requests have
been started across all clients, whichever comes first; a request in flight then finishes or times
out. Only loopback: the host is fixed.
"""

import asyncio
import math
import time
from collections import Counter
from dataclasses import dataclass, field

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30.0


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (`fraction` in 0–1): the smallest value with that share at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Tally:
    """What the clients saw: a latency per completed request, statuses, connection errors."""

    latencies: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    elapsed: float = 0.0

    def record(self, status, latency):
        self.statuses[status] += 1
        self.latencies.append(latency)

    @property
    def requests(self):
        """Every request started: answered ones and those that failed on the connection."""
        return sum(self.statuses.values()) + self.connection_errors

    @property
    def http_errors(self):
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 400)

    @property
    def errors(self):
        """Answers outside 2xx/3xx plus connection errors (refused, reset, timed out, malformed)."""
        return self.http_errors + self.connection_errors

    @property
    def rate(self):
        return self.requests / self.elapsed if self.elapsed else 0.0

    def latency(self, fraction):
        return percentile(self.latencies, fraction)


class Budget:
    """Shared by the clients: may another request start?"""

    def __init__(self, *, seconds, max_requests):
        self.deadline = time.monotonic() + seconds
        self.left = max_requests

    def take(self):
        if time.monotonic() >= self.deadline:
            return False
        if self.left is not None:
            if self.left <= 0:
                return False
            self.left -= 1
        return True


async def _read_response(reader):
    """(status, keep-alive?) of one response, its body read and dropped."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection without answering")
    version, status = status_line.split(b" ", 2)[:2]
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        while (await reader.readline()) not in (b"\r\n", b"\n", b""):  # trailers
            pass
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    else:
        await reader.read()  # until the server closes
        return int(status), False
    keep_alive = version == b"HTTP/1.1" and headers.get("connection", "").lower() != "close"
    return int(status), keep_alive


async def _client(number, port, paths, budget, tally):
    position = number % len(paths)
    reader = writer = None
    while budget.take():
        path = paths[position]
        position = (position + 1) % len(paths)
        request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: hig-bench\r\nAccept: */*\r\n\r\n"
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, port)
                writer.write(request.encode("ascii"))
                await writer.drain()
                status, keep_alive = await _read_response(reader)
        except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
            tally.connection_errors += 1
            keep_alive = False
        else:
            tally.record(status, time.perf_counter() - started)
        if not keep_alive and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(port, paths, *, seconds, clients, max_requests):
    tally = Tally()
    budget = Budget(seconds=seconds, max_requests=max_requests)
    started = time.perf_counter()
    await asyncio.gather(*(_client(number, port, paths, budget, tally) for number in range(clients)))
    tally.elapsed = time.perf_counter() - started
    return tally


def run_load(port, paths, *, seconds, clients, max_requests=None):
    """Drive `clients` concurrent clients at 127.0.0.1:`port` over `paths`; returns the Tally."""
    if not paths:
        raise ValueError("The load run needs at least one path to request.")
    if seconds <= 0 or clients < 1:
        raise ValueError("The load run needs a positive duration and at least one client.")
    return asyncio.run(_run(port, list(paths), seconds=seconds, clients=clients, max_requests=max_requests))
