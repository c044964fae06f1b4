"""Every public page runs the same number of queries however much there is to show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.public_content import FEEDS, PUBLIC_PAGES, add_public_bulk

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url", PUBLIC_PAGES + FEEDS + ["/sitemap.xml", "/sitemap-updates.xml", "/sitemap-topics.xml", "/robots.txt"]
)
def test_query_count_is_fixed(client, site, url, django_assert_num_queries):
    add_public_bulk(site, articles=1, actors_each=1, extras_each=1)
    small = queries_for(client, url)

    add_public_bulk(site, articles=12, actors_each=6, extras_each=5)
    cache.clear()
    with django_assert_num_queries(small):
        client.get(url)
