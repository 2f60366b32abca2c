"""Security headers, CSRF protection of forms, and the review token.

Pages carry no inline script or style, so the Content-Security-Policy allows scripts and styles from
this server only. Forms use a double-submit token: a random value in a SameSite=Strict cookie that
the form must echo back, and a request from another origin is refused outright.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import WebConfig

CSRF_COOKIE = "ec_csrf"
CSRF_FIELD = "csrf"


def content_security_policy(config: WebConfig) -> str:
    images = " ".join(filter(None, ["'self'", "data:", config.tile_origin]))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware adding the same security headers to every response."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(config).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(request: Request) -> str:
    """The browser's CSRF token: the one in its cookie, or a new one (set by `keep_csrf_cookie`)."""
    current = request.cookies.get(CSRF_COOKIE, "")
    return current if len(current) >= 32 else secrets.token_urlsafe(32)


def keep_csrf_cookie(response: Response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


def check_csrf(request: Request, submitted: str | None) -> None:
    """Refuse a form post that did not come from one of this server's own pages."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
        raise HTTPException(403, f"cross-origin form post from {origin} refused")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page and submit again")


def check_review_token(config: WebConfig, request: Request, submitted: str | None) -> None:
    """Review writes: open on loopback, else only with the server's token."""
    mode = config.review_mode
    if mode == "disabled":
        raise HTTPException(
            403, "review is disabled: the server listens beyond loopback without a token (restart it with --token)"
        )
    if mode == "token":
        bearer = request.headers.get("authorization", "")
        offered = submitted or (bearer[7:] if bearer.lower().startswith("bearer ") else "")
        if not offered or not hmac.compare_digest(offered.encode(), config.token.encode()):
            raise HTTPException(401, "review needs the server's token: wrong or missing token")
