"""How one `serve` process is set up: tiles, who may write reviews."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

ReviewMode = Literal["open", "token", "disabled"]


def is_loopback(host: str) -> bool:
    """True when only this machine can reach a server bound to `host`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WebConfig:
    tile_url: str = ""  # Leaflet URL template of the base map; empty: markers on a blank map
    tile_attribution: str = ""
    token: str | None = None  # when set, every review write must present it
    loopback_only: bool = True  # the server listens on a loopback address only

    @property
    def review_mode(self) -> ReviewMode:
        """A token, when given, is always required; beyond loopback without one, nobody may write."""
        if self.token:
            return "token"
        return "open" if self.loopback_only else "disabled"

    @property
    def tile_origin(self) -> str | None:
        """The origin the browser fetches tiles from ({s} subdomains as a wildcard), for the CSP."""
        if not self.tile_url:
            return None
        parts = urlsplit(self.tile_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
