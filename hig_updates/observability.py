"""What the running site says about itself: one JSON line per request, JSON logs, bodiless HEAD answers.

- `RequestLogMiddleware` (first in `MIDDLEWARE`) logs one record per request to the logger
  `hig_updates.requests` at INFO: method, path, status, duration in ms, the number of SQL queries
  the request ran on any database (counted with `execute_wrapper`, so no DEBUG query log is needed)
  and the user id when the request resolved its user (an anonymous request, or one whose view
  never looked at `request.user`, logs null: reading the user only to log it would cost queries).
- `JsonFormatter` writes every log record as one JSON line: time, level, logger, message, the
  request fields above when present, and the traceback of a logged exception (`django.request`
  errors). `settings.LOGGING` sends everything to standard error through it.
- `HeadResponseMiddleware` empties the body of the answer to a HEAD request and keeps its
  headers, `Content-Length` included. Django's development server and test client drop that
  body themselves; gunicorn drops it too, but warns "WSGI app sent body bytes on a no-body
  response" on every HEAD.
"""

import contextlib
import datetime
import json
import logging
import time

from django.db import connections
from django.utils.functional import SimpleLazyObject, empty

request_logger = logging.getLogger("hig_updates.requests")

# The attributes `RequestLogMiddleware` puts on its records; `JsonFormatter` writes them as fields.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "queries", "user_id")


class QueryCounter:
    """A `connection.execute_wrapper` that counts the statements run through it."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def resolved_user_id(request):
    """The signed-in user's id if the request already resolved its user, else None (no query)."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCounter()
        started = time.perf_counter()
        with contextlib.ExitStack() as wrappers:
            for database in connections.all():  # the primary, and a read replica when there is one
                wrappers.enter_context(database.execute_wrapper(counter))
            response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "queries": counter.count,
            "user_id": resolved_user_id(request),
        }
        request_logger.info("%(method)s %(path)s %(status)s", fields, extra=fields)
        return response


class HeadResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # A file's closers stay registered: closing the response still closes the file.
                response.streaming_content = []
            else:
                if not response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
                response.content = b""
        return response


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the request fields when the record has them, the traceback when it has one."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)
