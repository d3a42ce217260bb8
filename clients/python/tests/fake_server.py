"""A tiny stand-in for the arena: http.server in a thread, answers set per test, requests recorded."""

from __future__ import annotations

import json
import threading
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional, Tuple, Union
from urllib.parse import parse_qs, urlsplit

Answer = Tuple[int, Union[dict, bytes, str, None], Dict[str, str]]


class Request:
    """One request as the server saw it."""

    def __init__(self, method: str, path: str, query: dict, headers: dict, body: bytes) -> None:
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body

    def json(self) -> dict:
        return json.loads(self.body)

    def form(self) -> Dict[str, Tuple[Optional[str], bytes]]:
        """A multipart body as {field: (filename or None, bytes)}."""
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        msg = BytesParser(policy=policy.default).parsebytes(head + self.body)
        out = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            out[name] = (part.get_filename(), part.get_payload(decode=True))
        return out


class FakeArena:
    """Routes ``(METHOD, path)`` to answers: a tuple ``(status, body, headers)``, a list of them
    (served in order, the last one repeated), or a function of the :class:`Request`."""

    def __init__(self) -> None:
        self.routes: Dict[Tuple[str, str], Union[Answer, List[Answer], Callable[[Request], Answer]]] = {}
        self.requests: List[Request] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                url = urlsplit(self.path)
                req = Request(
                    self.command,
                    url.path,
                    {k: v[0] for k, v in parse_qs(url.query).items()},
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                fake.requests.append(req)
                route = fake.routes.get((self.command, url.path))
                if route is None:
                    answer: Answer = (404, {"error": {"code": "not_found", "message": "No route."}}, {})
                elif callable(route):
                    answer = route(req)
                elif isinstance(route, list):
                    answer = route.pop(0) if len(route) > 1 else route[0]
                else:
                    answer = route
                status, payload, headers = answer
                if payload is None:
                    data = b""
                elif isinstance(payload, bytes):
                    data = payload
                elif isinstance(payload, str):
                    data = payload.encode()
                    headers = {"Content-Type": "text/html", **headers}
                else:
                    data = json.dumps(payload).encode()
                    headers = {"Content-Type": "application/json", **headers}
                truncate = headers.pop("X-Fake-Truncate", None)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if truncate is not None:
                    # Send part of the body and drop the connection, as a broken download would.
                    self.wfile.write(data[: int(truncate)])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        class Server(ThreadingHTTPServer):
            # Keep-alive handler threads must not hold up shutdown between tests.
            daemon_threads = True
            block_on_close = False

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> "FakeArena":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, method: str, path: str, answer) -> None:
        self.routes[(method, path)] = answer

    def last(self, method: str, path: str) -> Request:
        matches = [r for r in self.requests if r.method == method and r.path == path]
        if not matches:
            raise AssertionError(f"no {method} {path}; got {[(r.method, r.path) for r in self.requests]}")
        return matches[-1]
