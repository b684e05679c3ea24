"""A real chat-completions server on loopback for the briefing's language-model tests
(imported as ``from briefing_llm_server import ...``).

The first path segment picks the behaviour: ``/echo/…`` answers with the briefing it was
sent (its sections only), ``/canned/NAME/…`` with ``answers[NAME]``, ``/slow/…`` waits
longer than any test timeout, ``/error/…`` answers HTTP 500, ``/garbage/…`` answers JSON
that is no chat completion. Every request is recorded (path, headers, body).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeModel:
    answers: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


def echo_sections(prompt: str) -> str:
    """The briefing's sections from the prompt: title line and source list dropped."""
    body = re.sub(r"^# .*\n", "", prompt, flags=re.MULTILINE)
    return body.split("## Sources", 1)[0].strip() + "\n"


def _handler(model: FakeModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            model.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            kind, _, rest = self.path.strip("/").partition("/")
            if kind == "slow":
                time.sleep(2.0)
            if kind == "error":
                self._send(500, {"error": "model overloaded"})
                return
            if kind == "garbage":
                self._send(200, {"result": "no choices here"})
                return
            if kind == "canned":
                content = model.answers[rest.partition("/")[0]]
            else:
                content = echo_sections(body["messages"][-1]["content"])
            self._send(200, {"id": "cmpl-1", "object": "chat.completion",
                             "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant", "content": content}}]})

    return Handler


@contextmanager
def fake_model() -> Iterator[FakeModel]:
    model = FakeModel()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(model))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    model.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield model
    finally:
        server.shutdown()
        server.server_close()
