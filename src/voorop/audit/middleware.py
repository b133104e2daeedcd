"""Keeps the current request's client address at hand for the access log."""

from __future__ import annotations

from contextvars import ContextVar

_client_address: ContextVar[str | None] = ContextVar("voorop_client_address", default=None)


def current_client_address() -> str | None:
    return _client_address.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_address.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)
