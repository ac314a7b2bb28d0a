"""How a workbench server runs: its database, write mode and token, limits and allowed hosts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
DEFAULT_MAX_BYTES = 5_000_000
BODY_OVERHEAD = 64_000  # multipart boundaries and form fields around an article


def new_token() -> str:
    """A random bearer token for write mode (printed once by ``claimgraph serve --write``)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class ServeConfig:
    """Everything the app factory needs; read once and passed down.

    ``token`` is required in write mode; ``allow_private`` lets URL ingest fetch private and
    loopback addresses; ``hosts``: the Host header values accepted (``("*",)`` accepts any), a
    defence against DNS rebinding."""

    db: str
    write: bool = False
    token: str | None = None
    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    fetch_timeout: float = 20.0
    model: str | None = None
    hosts: tuple[str, ...] = field(default=LOOPBACK_HOSTS)

    def __post_init__(self) -> None:
        if self.write and not self.token:
            raise ValueError("write mode needs a token")
        if self.max_bytes <= 0 or self.fetch_timeout <= 0:
            raise ValueError("max_bytes and fetch_timeout must be positive")

    @property
    def max_body(self) -> int:
        """The largest request body accepted, in bytes."""
        return self.max_bytes + BODY_OVERHEAD


def hosts_for(bind: str, port: int, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The Host values to accept when bound to ``bind``: loopback names, the bound address, and
    any host at all when bound to every interface (the user chose to expose it)."""
    if bind in ("0.0.0.0", "::", ""):
        return ("*",)
    return tuple(dict.fromkeys((*LOOPBACK_HOSTS, bind, *extra)))
