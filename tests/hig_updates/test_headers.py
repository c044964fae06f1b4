"""Every response carries the security headers: CSP, Referrer-Policy, Permissions-Policy, frame denial.

The policy has no 'unsafe-inline' anywhere; the admin's only addition (SECURE_CSP_ADMIN) is three
hashes for django-import-export's export page, and only under /admin/.
"""

import pytest
from django.test import Client
from django.urls import path, reverse

from articles.editorial.revisions import record_revision
from articles.public.preview import preview_token
from hig_updates import urls as project_urls
from tests.factories import AdminUserFactory, ArticleFactory

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug in a view")


# The project's URLs plus a view that fails, for the 500 page.
urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]


def assert_secure_headers(response, *, admin=False):
    policy = response["Content-Security-Policy"]
    directives = dict(directive.strip().partition(" ")[::2] for directive in policy.split(";"))
    assert "unsafe-inline" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].split()[0] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert ("script-src-attr" in directives) == admin  # the export page's hashes, in the admin only
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    features = {item.strip() for item in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "interest-cohort=()", "payment=()"} <= features


@pytest.fixture
def public_client(site):
    return Client()


def test_a_public_page_fresh_and_from_the_cache(public_client):
    fresh = public_client.get("/")
    cached = public_client.get("/")

    assert fresh.status_code == cached.status_code == 200
    assert_secure_headers(fresh)
    assert_secure_headers(cached)
    # The one policy of the middleware, no longer a hand-written copy on cached pages.
    assert cached["Content-Security-Policy"] == fresh["Content-Security-Policy"]
    assert "connect-src 'self'" in cached["Content-Security-Policy"]


def test_a_not_modified_answer(public_client):
    etag = public_client.get("/")["ETag"]
    response = public_client.get("/", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert_secure_headers(response)


def test_the_admin_sign_in_page(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_secure_headers(response, admin=True)
    # The admin's inline <style>/<script> elements carry the nonce the header allows.
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_an_admin_change_page(client):
    client.force_login(AdminUserFactory())
    article = ArticleFactory()

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert_secure_headers(response, admin=True)


def test_a_preview_link_page(site):
    url = reverse("article-preview", args=[preview_token(record_revision(site.article, by=None))])

    response = Client().get(url)

    assert response.status_code == 200
    assert_secure_headers(response)


def test_the_review_sign_in_page(client):
    response = client.get("/review/login/")

    assert response.status_code == 200
    assert_secure_headers(response)


def test_a_page_not_found(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_secure_headers(response)


def test_a_server_error_page(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__

    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_secure_headers(response)


def test_a_login_lockout_page(client, settings):
    settings.AXES_FAILURE_LIMIT = 1

    response = client.post("/review/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code == 429
    assert_secure_headers(response)
