"""Server mode: the emulator's WSGI app behind werkzeug's threaded HTTP server.

The socket is bound before the app is attached so that a caller can learn the real port (when
asking for port 0) and build the emulator with the exact base URL clients will use, since every
href the emulator emits must start with that base URL.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = ["ServerHandle", "serve"]

# How often serve_forever checks for a shutdown request; small so that stop() is quick.
_POLL_INTERVAL = 0.05


class _Handler(WSGIRequestHandler):
    """werkzeug's request handler, speaking HTTP/1.1."""

    # Keep-alive lets a client reuse its connection, as it would with the real service.
    protocol_version = "HTTP/1.1"


class _QuietHandler(_Handler):
    """Request handler that does not log one line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Skip the access log line."""


class _TrackingServer(ThreadedWSGIServer):
    """Threaded server that can close the keep-alive connections it is still serving.

    Without this, a client holding a pooled connection could keep talking to a stopped server.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_open_connections(self) -> None:
        """Shut down every connection a handler thread is still using."""
        with self._open_lock:
            connections = list(self._open)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by the peer
                conn.shutdown(socket.SHUT_RDWR)


class ServerHandle:
    """A bound HTTP server: `.host`, `.port`, `.base_url`; `.start(app)`, `.stop()`.

    Use :func:`serve` for the common case; use :meth:`bind` then :meth:`start` when the app
    needs the base URL before it can be built.
    """

    def __init__(self, sock: socket.socket, host: str, base_path: str) -> None:
        self._socket: socket.socket | None = sock
        self.host = host
        self.port: int = sock.getsockname()[1]
        self.base_url = f"http://{_url_host(host)}:{self.port}{base_path}"
        self._server: _TrackingServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def bind(cls, host: str = "127.0.0.1", port: int = 0, base_path: str = "/v1") -> ServerHandle:
        """Bind and listen on `host:port` (0 = any free port) without serving yet."""
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        return cls(sock, host, base_path.rstrip("/"))

    def start(self, app: WSGIApplication, *, log_requests: bool = False) -> ServerHandle:
        """Serve `app` on the bound socket from a daemon thread (one log line per request
        on the "werkzeug" logger if `log_requests`)."""
        if self._socket is None or self._server is not None:
            raise RuntimeError("this server handle was already started or stopped")
        # werkzeug adopts a duplicate of the listening descriptor; ours can then be closed.
        server = _TrackingServer(
            self.host,
            self.port,
            app,
            handler=_Handler if log_requests else _QuietHandler,
            fd=self._socket.fileno(),
        )
        self._socket.close()
        self._socket = None
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL},
            name=f"stormpath-fake-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and the socket, and join the thread."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.shutdown()
        thread.join()
        server.close_open_connections()
        server.server_close()

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<ServerHandle {self.base_url}>"


def _url_host(host: str) -> str:
    """Bracket IPv6 literals for use in a URL."""
    return f"[{host}]" if ":" in host else host


def serve(
    app: WSGIApplication,
    host: str = "127.0.0.1",
    port: int = 0,
    base_path: str = "/v1",
    *,
    log_requests: bool = False,
) -> ServerHandle:
    """Run `app` on werkzeug's threaded server in a daemon thread and return its handle.

    `port=0` picks a free port; the handle's `base_url` carries the real one. werkzeug puts
    the raw request target in the environ as `RAW_URI`/`REQUEST_URI`, which SAuthc1 needs.
    """
    return ServerHandle.bind(host, port, base_path).start(app, log_requests=log_requests)
