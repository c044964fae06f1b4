"""The public site while the database is away: a styled 503 page instead of a stack trace.

`DatabaseUnavailableMiddleware` answers a public request (anything outside the admin) whose
view could not reach the database (`OperationalError`, `InterfaceError`) with `templates/503.html`,
status 503 and `Retry-After`, and logs the error. Nothing is kept between requests: once the
database answers again, the next request is served as usual. The page is rendered without the
request (no context processor may touch the database) and with no database access of its own.
The admin keeps Django's own error handling, so staff see the failure for what it is.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if request.path.startswith(reverse("admin:index")):
            return None
        logger.error(
            "The database is unavailable (%s: %s); answered %s with 503.",
            type(exception).__name__,
            exception,
            request.path,
        )
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
