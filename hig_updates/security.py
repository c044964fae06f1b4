"""The project's own pieces of request security: the Permissions-Policy header and login throttling.

Django's middleware sends the other headers (SecurityMiddleware: Referrer-Policy, nosniff, HSTS;
ContentSecurityPolicyMiddleware: `SECURE_CSP`, or `SECURE_CSP_ADMIN` under /admin/; XFrameOptionsMiddleware: X-Frame-Options).
django-axes counts failed sign-ins (settings: the AXES_* block); it asks this module for the
client's address and for the page that refuses a locked-out login.
"""

import ipaddress

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

LOCKOUT_TEMPLATE = "lockout.html"


class AdminContentSecurityPolicyMiddleware:
    """Give pages under /admin/ `settings.SECURE_CSP_ADMIN` instead of `SECURE_CSP`, unless a view chose its own.

    Sits just inside Django's ContentSecurityPolicyMiddleware, which reads the `_csp_config` a
    response carries (the attribute Django's own `csp_override` decorator sets).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(reverse("admin:index")) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response


class PermissionsPolicyMiddleware:
    """Deny every browser feature in `settings.PERMISSIONS_POLICY` on every response, unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def client_ip_address(request):
    """The address a login attempt comes from (AXES_CLIENT_IP_CALLABLE).

    Behind the HTTPS proxy every request arrives from the proxy, so the client is the entry the
    last `TRUSTED_PROXY_COUNT` proxies appended to X-Forwarded-For; entries further left are
    whatever the client sent and are never trusted.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        count = settings.TRUSTED_PROXY_COUNT
        if count and len(forwarded) >= count and _is_address(forwarded[-count]):
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def lockout_response(request, original_response=None, credentials=None):
    """The page refusing a locked-out sign-in (AXES_LOCKOUT_CALLABLE): status 429, in the look of the page tried.

    Every try during the lockout restarts the cool-off, so "again after" counts from now.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    in_admin = request.path.startswith(reverse("admin:index"))
    context = {
        "base_template": "admin/base_site.html" if in_admin else "review/base.html",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.localtime(timezone.now() + cool_off),
        "login_url": request.path,
        **(admin.site.each_context(request) if in_admin else {}),
    }
    response = render(request, LOCKOUT_TEMPLATE, context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
