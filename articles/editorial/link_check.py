"""The link checker: is each source's URL alive?

`check_sources()` asks every URL with bounded concurrency (a thread pool of
`settings.LINK_CHECK_WORKERS`) and follows redirects. It tries HEAD first and
falls back to GET when HEAD is answered with an error, since many servers
refuse HEAD. The result — status code, final URL, time taken, error, alive or
dead — is stored on the Source. Threads only talk HTTP; the database is written
from the calling thread.

`check_sources_task` runs the same through Django's tasks API, so the admin
can hand the work to the worker (django-tasks-db in production).

Editors type these URLs, so every hop (the URL and each redirect) is held to
the same rules, before any connection is made:

- only http and https (a redirect to ftp:, file: or anything else is refused);
- the host name is resolved once, and unless `settings.LINK_CHECK_ALLOW_PRIVATE`
  (tests, intranets) every address it resolves to must be public — not
  loopback, private, link-local, cloud metadata, or such an address inside an
  IPv6 one. A refused address gets one message, `NOT_PUBLIC`, whatever listens
  there, so the checker cannot be used to scan ports;
- the connection goes to exactly the address that was checked (the Host header
  and the TLS server name and certificate check keep the host name), so a DNS
  answer that changes between the check and the connection cannot swap it.

`settings.LINK_CHECK_TIMEOUT` is the budget of a whole URL: name look-ups,
connections, TLS handshakes and every byte of the answers, across redirects and
the HEAD-then-GET fallback. Each read waits only for what is left of it, so a
server dripping its headers one line at a time cannot hold the checker longer.
Bodies are never read: the status line and headers decide.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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
WEB_SCHEMES = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 10
ONLY_WEB = "Only http and https addresses can be checked"
NOT_PUBLIC = "Not a public address: the link checker only reaches public servers"
NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class LinkCheck:
    url: str
    alive: bool
    status_code: int | None = None
    final_url: str = ""
    duration_ms: int = 0
    error: str = ""


class LinkRefused(Exception):
    """A URL the checker will not connect to; the message is what the editor sees."""


class TooManyRedirects(Exception):
    pass


def is_public(address):
    """Whether an IP address is a public one, including an IPv4 address carried inside an IPv6 one."""
    if not address.is_global or address.is_multicast:
        return False
    if address.version == 6:
        embedded = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
        if address in NAT64:
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return all(is_public(inner) for inner in embedded if inner is not None)
    return True


def _remaining(deadline):
    """Seconds left of the budget; TimeoutError once it is spent."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the link check's time budget is spent")
    return left


def _resolve(host, port, deadline):
    """getaddrinfo's TCP answers for host, waiting no longer than the budget (the resolver has no timeout)."""
    outcome = {}

    def look_up():
        try:
            outcome["answers"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            outcome["error"] = error

    thread = threading.Thread(target=look_up, daemon=True, name=f"link-check-dns-{host}")
    thread.start()
    thread.join(_remaining(deadline))
    if thread.is_alive():
        raise TimeoutError(f"no DNS answer for {host}")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answers"]


def _checked_addresses(url, deadline):
    """(host, port, TLS?, [(family, sockaddr)]) of one hop, every address already checked; LinkRefused if not."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.hostname:
        raise LinkRefused(ONLY_WEB)
    host, port = parts.hostname.encode("idna").decode("ascii"), parts.port or WEB_SCHEMES[scheme]
    answers = [(family, sockaddr) for family, _type, _proto, _name, sockaddr in _resolve(host, port, deadline)]
    if not answers:
        raise OSError(f"{host} has no address")
    # One refused address refuses the host: an answer mixing public and private ones is an attack.
    public = all(is_public(ipaddress.ip_address(sockaddr[0].split("%")[0])) for _family, sockaddr in answers)
    if not public and not settings.LINK_CHECK_ALLOW_PRIVATE:
        raise LinkRefused(NOT_PUBLIC)
    return host, port, scheme == "https", answers


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes, each read waiting only for what is left of the budget."""

    def __init__(self, sock, deadline):
        self.sock, self.deadline = sock, deadline

    def readable(self):
        return True

    def readinto(self, buffer):
        self.sock.settimeout(_remaining(self.deadline))
        return self.sock.recv_into(buffer)


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock, *args, deadline, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp.close()  # the plain makefile http.client opened; the socket stays open
        self.fp = io.BufferedReader(_DeadlineReader(sock, deadline))


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to one checked address; the Host header, TLS server name and certificate check keep the host name."""

    def __init__(self, host, port, *, tls, addresses, deadline):
        super().__init__(host, port)
        self.tls, self.addresses, self.deadline = tls, addresses, deadline
        self.default_port = WEB_SCHEMES["https" if tls else "http"]
        self.response_class = lambda sock, *args, **kwargs: _DeadlineResponse(sock, *args, deadline=deadline, **kwargs)

    def connect(self):
        error = None
        for family, sockaddr in self.addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(_remaining(self.deadline))
                sock.connect(sockaddr)
                if self.tls:
                    sock.settimeout(_remaining(self.deadline))
                    sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
            except OSError as failure:
                sock.close()
                error = failure
                if isinstance(failure, TimeoutError | ssl.SSLError):
                    break
                continue
            sock.settimeout(_remaining(self.deadline))  # for sending the request
            self.sock = sock
            return
        raise error


def _ask(url, method, deadline):
    """(status, URL) of one request, with no redirect followed."""
    host, port, tls, addresses = _checked_addresses(url, deadline)
    connection = _PinnedConnection(host, port, tls=tls, addresses=addresses, deadline=deadline)
    try:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Connection": "close"})
        response = connection.getresponse()
        status, location = response.status, response.getheader("Location")
        response.close()
    finally:
        connection.close()
    return status, location


def _request(url, method, deadline):
    """(status, final URL) of one request, following redirects; every hop is checked before it is asked."""
    for _hop in range(MAX_REDIRECTS + 1):
        status, location = _ask(url, method, deadline)
        if status not in REDIRECTS or not location:
            return status, url
        url = urljoin(url, location.strip())
        if status == 303 and method != "HEAD":
            method = "GET"
    raise TooManyRedirects(f"Too many redirects (last answer {status})")


def _describe(error, timeout):
    if isinstance(error, TimeoutError):
        return f"No answer within {timeout:g} s"
    if isinstance(error, ConnectionRefusedError):
        return "Connection refused"
    if isinstance(error, socket.gaierror):
        return "The host name could not be found"
    return str(error) or type(error).__name__


def check_url(url, *, timeout):
    """Check one URL within `timeout` seconds in all; never raises for network trouble, reported as a dead link."""
    started = time.monotonic()
    deadline = started + timeout
    try:
        status, final_url = _request(url, "HEAD", deadline)
        if status >= 400:
            status, final_url = _request(url, "GET", deadline)
    except (OSError, http.client.HTTPException, LinkRefused, TooManyRedirects, ValueError) as error:
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
