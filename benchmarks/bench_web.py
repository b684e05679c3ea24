"""The web interface under load: latency of its pages and API at 10,000 articles.

Builds (or reuses, ``--store PATH``) a store of synthetic articles with their language
facts, written straight into it by ``bench_fusion.CorpusWriter`` and fused by the real
``storyline.runners.fusion.fuse``; starts the real server (``storyline serve`` in a
subprocess); then this process, a second one, sends the load over loopback: for each
endpoint a warm-up, then ``--requests`` requests from ``--clients`` concurrent clients
(asyncio, one keep-alive HTTP/1.1 connection per client through h11, no pause between
requests).
Every request picks its target at random (a story, an entity, an article, a search
word), so the figures are not those of one cached record.

Reported per endpoint: p50/p95/p99 latency, requests per second, and the server's CPU
time per request, next to a trivial endpoint (``/api/health``, which reads nothing)
measured in the same run as the baseline. Targets (issue 5): story page and timeline
API p95 < 200 ms, search p95 < 100 ms.

    python benchmarks/bench_web.py --store scratch/web-10k.db          # builds it the first time
    python benchmarks/bench_web.py --store scratch/web-10k.db --requests 100   # quicker
    python benchmarks/bench_web.py --json benchmarks/results/web.json --check
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO_ROOT, Timing, load_average, machine, print_table, verdict, write_results  # noqa: E402

DEFAULT_JSON = REPO_ROOT / "benchmarks" / "results" / "web.json"
# Targets (ms, p95) of the issue; endpoints without one are measured for the record.
TARGETS = {"story page": 200.0, "timeline API": 200.0, "search API": 100.0, "search page": 100.0}


def build_store(path: Path, articles: int) -> dict[str, Any]:
    """Write ``articles`` synthetic articles with their facts into ``path``, then fuse them."""
    from bench_fusion import CorpusWriter

    from storyline.runners.fusion import fuse
    from storyline.store.sqlite import SQLiteStore

    store = SQLiteStore(path)
    try:
        with Timing() as writing:
            CorpusWriter(store).add(articles)
        with Timing() as fusing:
            report = fuse(store)
    finally:
        store.close()
    print(f"store built: {articles:,} articles written in {writing}, fused in {fusing}", flush=True)
    return {"write_s": round(writing.wall, 1), "fuse_s": round(fusing.wall, 1), "picture": report.counts}


class Targets:
    """Random ids and words to request, read from the store (seeded: runs are comparable)."""

    def __init__(self, path: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ids = lambda kind: [r[0] for r in db.execute(  # noqa: E731
                "SELECT id FROM fused_records WHERE kind = ? ORDER BY id", (kind,))]
            self.stories = ids("story")
            self.entities = ids("entity")
            self.claims = len(ids("claim"))
            self.articles = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY seq")]
            names = [r[0] for r in db.execute(
                "SELECT label FROM fused_records WHERE kind = 'entity' AND label IS NOT NULL ORDER BY id")]
            titles = [r[0] for r in db.execute(
                "SELECT label FROM fused_records WHERE kind = 'story' AND label IS NOT NULL ORDER BY id")]
        finally:
            db.close()
        if not self.stories or not self.articles:
            raise SystemExit(f"{path} holds no fused stories: build it with this script first")
        # What someone would type: a name (or its last word), a word of a story's title.
        words = {n.split()[-1] for n in names} | {w.strip(":,") for t in titles for w in t.split()}
        self.words = sorted(w for w in words if len(w) >= 4)
        self.pairs = [f"{n}" for n in names if " " in n]

    def story(self) -> str:
        return self.rng.choice(self.stories)

    def entity(self) -> str:
        return self.rng.choice(self.entities)

    def article(self) -> str:
        return self.rng.choice(self.articles)

    def query(self) -> str:
        # Two in three: one word; otherwise a full name (several words, all must match).
        return self.rng.choice(self.pairs) if self.rng.random() < 0.34 and self.pairs else \
            self.rng.choice(self.words)


def endpoints(t: Targets) -> list[tuple[str, Callable[[], str]]]:
    from urllib.parse import quote

    return [
        ("baseline /api/health", lambda: "/api/health"),
        ("stories list page", lambda: f"/?offset={50 * t.rng.randrange(max(1, len(t.stories) // 50))}"),
        ("stories API", lambda: f"/api/stories?offset={50 * t.rng.randrange(max(1, len(t.stories) // 50))}"),
        ("story page", lambda: f"/stories/{quote(t.story())}"),
        ("story API", lambda: f"/api/stories/{quote(t.story())}"),
        ("timeline API", lambda: f"/api/stories/{quote(t.story())}/timeline"),
        ("claims API (story)", lambda: f"/api/claims?story={quote(t.story())}"),
        ("claims API (all)", lambda: f"/api/claims?offset={t.rng.randrange(max(1, t.claims))}"),
        ("entity page", lambda: f"/entities/{quote(t.entity())}"),
        ("entity API", lambda: f"/api/entities/{quote(t.entity())}"),
        ("article page", lambda: f"/articles/{quote(t.article())}"),
        ("search API", lambda: f"/api/search?q={quote(t.query())}"),
        ("search page", lambda: f"/search?q={quote(t.query())}"),
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(path: Path, port: int, log: Path, source: Path | None = None) -> subprocess.Popen[bytes]:
    """``storyline serve`` as a user runs it, in its own process.

    ``source``: a ``src`` folder of another storyline checkout to serve with instead (to
    compare a change with what it replaces: ``git archive HEAD src | tar -x -C DIR``).
    """
    command = [sys.executable, "-c", "from storyline.cli import main; main()",
               "serve", "--db", str(path), "--port", str(port)]
    environment = dict(os.environ)
    if source is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(source.resolve()), *filter(None, [environment.get("PYTHONPATH")])])
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=environment)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited ({server.returncode}): see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the server did not answer within 60 s: see {log}")


class _Client:
    """One keep-alive HTTP/1.1 connection: h11 over asyncio streams.

    h11 is the HTTP/1.1 state machine under httpx; used directly it costs the load
    generator about a tenth of what httpx's client does per request (measured: ~2.7 ms of
    CPU per request with ``httpx.AsyncClient``), so the generator, which shares the machine
    with the server, takes less of the CPU the server needs.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        import h11

        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.connection = h11.Connection(h11.CLIENT)
        assert self.reader is not None
        connection = self.connection
        self.writer.write(
            connection.send(h11.Request(method="GET", target=target,
                                        headers=[("Host", f"{self.host}:{self.port}")]))
            + connection.send(h11.EndOfMessage())
        )
        status = 0
        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA:
                connection.receive_data(await self.reader.read(1 << 16))
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionError("the server closed the connection")
        if connection.our_state is h11.MUST_CLOSE or connection.their_state is h11.MUST_CLOSE:
            await self.close()
        else:
            connection.start_next_cycle()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()
            self.writer = None


async def _load(base: str, urls: list[str], clients: int) -> tuple[list[float], int, float]:
    """Send ``urls`` from ``clients`` concurrent clients; (latencies in s, errors, wall s)."""
    from urllib.parse import urlsplit

    address = urlsplit(base)
    queue = iter(urls)
    latencies: list[float] = []
    errors = 0

    async def client() -> None:
        nonlocal errors
        connection = _Client(address.hostname or "127.0.0.1", address.port or 80)
        try:
            for url in queue:
                started = time.perf_counter()
                try:
                    ok = await connection.get(url) == 200
                except (OSError, ConnectionError):
                    ok = False
                    await connection.close()
                latencies.append(time.perf_counter() - started)
                errors += not ok
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(base: str, server_pid: int, name: str, make: Callable[[], str], requests: int,
            warmup: int, clients: int) -> dict[str, Any]:
    import psutil

    server = psutil.Process(server_pid)

    def server_cpu() -> float:
        return sum(server.cpu_times()[:2])

    asyncio.run(_load(base, [make() for _ in range(warmup)], clients))
    urls = [make() for _ in range(requests)]
    cpu_before, client_before = server_cpu(), time.process_time()
    latencies, errors, wall = asyncio.run(_load(base, urls, clients))
    cpu = server_cpu() - cpu_before
    client_cpu = time.process_time() - client_before
    ms = [1000 * x for x in latencies]
    return {
        "endpoint": name,
        "requests": requests,
        "errors": errors,
        "p50_ms": round(_percentile(ms, 0.50), 1),
        "p95_ms": round(_percentile(ms, 0.95), 1),
        "p99_ms": round(_percentile(ms, 0.99), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
        "requests_per_s": round(requests / wall, 1),
        "server_cpu_ms_per_request": round(1000 * cpu / requests, 2),
        "client_cpu_ms_per_request": round(1000 * client_cpu / requests, 2),
        "target_p95_ms": TARGETS.get(name),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=None,
                        help="store to serve; built there when missing (default: a temporary one)")
    parser.add_argument("--articles", type=int, default=10_000, help="articles of a store built here")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=40, help="unmeasured requests per endpoint first")
    parser.add_argument("--only", nargs="*", default=None, help="endpoint names to measure")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--server-src", type=Path, default=None,
                        help="serve with the storyline package under this src folder instead")
    parser.add_argument("--section", default="web_under_load", help="section of the JSON file")
    parser.add_argument("--json", type=Path, default=None, help=f"e.g. {DEFAULT_JSON}")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        path = args.store or Path(folder) / "web.db"
        built = None
        if not path.exists():
            print(f"building a store of {args.articles:,} articles at {path}", flush=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            built = build_store(path, args.articles)
        targets = Targets(path, args.seed)
        print(f"store: {len(targets.articles):,} articles, {len(targets.stories):,} stories, "
              f"{len(targets.entities):,} entities, {targets.claims:,} claims", flush=True)
        port = _free_port()
        server = start_server(path, port, Path(folder) / "server.log", args.server_src)
        base = f"http://127.0.0.1:{port}"
        load_before = load_average()
        results = []
        try:
            for name, make in endpoints(targets):
                if args.only and name not in args.only:
                    continue
                results.append(measure(base, server.pid, name, make, args.requests,
                                       args.warmup, args.clients))
                row = results[-1]
                print(f"  {name:22s} p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f}  "
                      f"p99 {row['p99_ms']:7.1f} ms  {row['requests_per_s']:7.1f} req/s  "
                      f"CPU ms/req server {row['server_cpu_ms_per_request']:5.2f} "
                      f"client {row['client_cpu_ms_per_request']:5.2f}"
                      + (f"  ({row['errors']} errors)" if row["errors"] else ""), flush=True)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        load_after = load_average()

    print_table(
        f"{args.clients} concurrent clients, {args.requests} requests per endpoint "
        f"(load average before {load_before}, after {load_after})",
        ["endpoint", "p50 ms", "p95 ms", "p99 ms", "req/s", "server CPU ms/req", "p95 target"],
        [[r["endpoint"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["requests_per_s"],
          r["server_cpu_ms_per_request"], r["target_p95_ms"] or ""] for r in results],
    )
    baseline = next((r for r in results if r["endpoint"].startswith("baseline")), None)
    if baseline:
        for r in results:
            r["p95_vs_baseline"] = round(r["p95_ms"] / max(baseline["p95_ms"], 0.1), 2)
    payload = {
        "machine": machine(), "cpus": os.cpu_count(),
        "load_average_before": load_before, "load_average_after": load_after,
        "clients": args.clients, "requests_per_endpoint": args.requests, "warmup": args.warmup,
        "store": {"articles": len(targets.articles), "stories": len(targets.stories),
                  "entities": len(targets.entities), "claims": targets.claims, "built": built},
        "endpoints": results,
        "server_source": str(args.server_src) if args.server_src else "this checkout",
        "command": "python benchmarks/bench_web.py " + " ".join(argv or sys.argv[1:]),
    }
    if args.json:
        write_results(args.json, args.section, payload)
    checks = {
        f"{r['endpoint']} p95 < {r['target_p95_ms']:.0f} ms": r["p95_ms"] < r["target_p95_ms"]
        for r in results if r["target_p95_ms"]
    }
    checks["no failed request"] = all(r["errors"] == 0 for r in results)
    return verdict(checks, args.check)


if __name__ == "__main__":
    raise SystemExit(main())
