"""One HTTP exchange over the standard library (``urllib.request``), with no retries:
an answer of any status, or a network error."""
from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional

#: Network failures: nothing usable came back (refused, reset, timeout, truncated answer).
NETWORK_ERRORS = (OSError, http.client.HTTPException)


@dataclass
class HttpResponse:
    """An answer: its status, headers (lower-case names) and body bytes."""

    status: int
    headers: Dict[str, str] = field(default_factory=dict)
    body: bytes = b""


#: ``transport(method, url, headers, body, timeout) -> HttpResponse``; raises one of
#: :data:`NETWORK_ERRORS` when no answer arrived. Injectable into :class:`RunClient`.
Transport = Callable[[str, str, Mapping[str, str], Optional[bytes], float], HttpResponse]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # The contract has no redirects; following one would turn a POST into a GET.
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


class UrllibTransport:
    """The default transport: ``urllib.request`` (honours ``HTTPS_PROXY`` / ``NO_PROXY``),
    never following redirects. ``ssl_context`` for a private CA."""

    def __init__(self, ssl_context: Optional[object] = None) -> None:
        handlers: List[urllib.request.BaseHandler] = [_NoRedirect()]
        if ssl_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=ssl_context))  # type: ignore[arg-type]
        self._opener = urllib.request.build_opener(*handlers)

    def __call__(
        self, method: str, url: str, headers: Mapping[str, str], body: Optional[bytes], timeout: float
    ) -> HttpResponse:
        request = urllib.request.Request(url, data=body, headers=dict(headers), method=method)
        try:
            with self._opener.open(request, timeout=timeout) as answer:
                return HttpResponse(answer.status, _headers(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            try:
                data = error.read()
            except NETWORK_ERRORS:
                data = b""
            finally:
                error.close()
            return HttpResponse(error.code, _headers(error.headers), data)
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, BaseException):
                raise reason from None
            raise ConnectionError(str(reason)) from None


def _headers(message: Optional[object]) -> Dict[str, str]:
    if message is None:
        return {}
    items = message.items()  # type: ignore[attr-defined]
    return {name.lower(): value for name, value in items}
