"""The link checker: is each source's URL alive?

`check_sources()` asks every URL with bounded concurrency (a thread pool of
`settings.LINK_CHECK_WORKERS`), a timeout per request
(`settings.LINK_CHECK_TIMEOUT` seconds) and redirects followed. It tries HEAD
first and falls back to GET when HEAD is answered with an error, since many
servers refuse HEAD. The result — status code, final URL, time taken, error,
alive or dead — is stored on the Source. Threads only talk HTTP; the database
is written from the calling thread.

`check_sources_task` runs the same through Django's tasks API, so the admin
can hand the work to the worker (django-tasks-db in production).

Editors type these URLs, so the checker refuses to talk to addresses that are
not public (loopback, private networks, link-local, cloud metadata): the
address a connection actually reaches is checked, for every redirect too.
`settings.LINK_CHECK_ALLOW_PRIVATE` lifts that for tests and intranets.
"""

import http.client
import ipaddress
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from articles.models import Source

USER_AGENT = "HIG-Updates-link-checker/1.0"
CHECK_FIELDS = [
    "check_result",
    "checked_at",
    "check_status_code",
    "check_final_url",
    "check_duration_ms",
    "check_error",
]


@dataclass(frozen=True)
class LinkCheck:
    url: str
    alive: bool
    status_code: int | None = None
    final_url: str = ""
    duration_ms: int = 0
    error: str = ""


class TooManyRedirects(Exception):
    pass


class AddressNotPublic(OSError):
    pass


class PublicOnlyConnection:
    """Close a connection that reached an address that is not public, before any request is sent."""

    def connect(self):
        super().connect()
        address = ipaddress.ip_address(self.sock.getpeername()[0])
        if not address.is_global:
            self.sock.close()
            raise AddressNotPublic(f"{self.host} is not a public address ({address})")


class PublicOnlyHTTPConnection(PublicOnlyConnection, http.client.HTTPConnection):
    pass


class PublicOnlyHTTPSConnection(PublicOnlyConnection, http.client.HTTPSConnection):
    pass


class PublicOnlyHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, request):
        return self.do_open(PublicOnlyHTTPConnection, request)


class PublicOnlyHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, request):
        return self.do_open(PublicOnlyHTTPSConnection, request)


def _opener():
    if settings.LINK_CHECK_ALLOW_PRIVATE:
        return urllib.request.build_opener()
    return urllib.request.build_opener(PublicOnlyHTTPHandler, PublicOnlyHTTPSHandler)


def _request(url, method, timeout):
    """(status, final URL) of one request, following redirects."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener().open(request, timeout=timeout) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        error.close()
        if error.code < 400:
            raise TooManyRedirects(f"Too many redirects (last answer {error.code})") from None
        return error.code, error.geturl()


def _describe(error, timeout):
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError):
        return f"No answer within {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "Connection refused"
    return str(reason) or type(reason).__name__


def check_url(url, *, timeout):
    """Check one URL; never raises for network trouble, which is reported as a dead link."""
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return LinkCheck(url, alive=False, error="Only http and https addresses can be checked")
    started = time.monotonic()
    try:
        status, final_url = _request(url, "HEAD", timeout)
        if status >= 400:
            status, final_url = _request(url, "GET", timeout)
    except (OSError, http.client.HTTPException, TooManyRedirects, ValueError) as error:
        elapsed = round((time.monotonic() - started) * 1000)
        return LinkCheck(url, alive=False, duration_ms=elapsed, error=_describe(error, timeout)[:300])
    elapsed = round((time.monotonic() - started) * 1000)
    return LinkCheck(url, alive=status < 400, status_code=status, final_url=final_url[:1000], duration_ms=elapsed)


def check_sources(sources, *, timeout=None, workers=None):
    """Check and store every source that has a URL; returns [(source, LinkCheck)]."""
    timeout = timeout or settings.LINK_CHECK_TIMEOUT
    sources = [source for source in sources if source.url]
    if not sources:
        return []
    with ThreadPoolExecutor(max_workers=workers or settings.LINK_CHECK_WORKERS) as pool:
        results = list(pool.map(lambda source: check_url(source.url, timeout=timeout), sources))
    now = timezone.now()
    for source, result in zip(sources, results, strict=True):
        source.check_result = Source.CheckResult.ALIVE if result.alive else Source.CheckResult.DEAD
        source.checked_at = now
        source.check_status_code = result.status_code
        source.check_final_url = result.final_url
        source.check_duration_ms = result.duration_ms
        source.check_error = result.error
    Source.objects.bulk_update(sources, CHECK_FIELDS)
    return list(zip(sources, results, strict=True))


def sources_cited_by(articles):
    return Source.objects.filter(citations__article__in=articles).exclude(url="").distinct()


@task
def check_sources_task(source_ids):
    """Check the given sources in the background; returns how many were checked and found dead."""
    results = check_sources(Source.objects.filter(pk__in=source_ids))
    return {"checked": len(results), "dead": sum(not result.alive for _source, result in results)}
