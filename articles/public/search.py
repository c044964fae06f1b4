"""Reader search over the published updates.

`search_articles(query)` starts from `public.article_listing()`, so only what
`Article.objects.published()` returns can ever match. An update matches when

- its text matches the whole query: on PostgreSQL full-text search (`websearch`
  syntax, 'english' configuration) against the vector stored on write
  (`articles.public.search_index`: title weighs most, then standfirst and research
  question, then body, then approved quotes, actor names and aliases, topics; GIN-indexed);
  best rank first, then newest; elsewhere (SQLite, which has
  no full-text search here) every word occurs in the title, standfirst, research
  question or body, in any case ("-word": in none of them), newest first; or
- it names an actor the query names, by name or alias in any case ("DPRK",
  "pyongyang"; not "-DPRK"; public mentions only, never a rejected one), and its text matches
  the rest of the query ("dprk nuclear": mentions North Korea and says "nuclear").

The actors come from the tagging matcher (`actors.tagging.current_matcher()`), run
on the query in capitals so a reader's lower case still names them; so a bare
"us" names the United States.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q
from django.db.models.lookups import Exact

from actors.tagging import current_matcher
from articles.public import queries as public
from articles.public.search_index import CONFIG

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
TEXT_FIELDS = ("title", "standfirst", "research_question", "body")


def search_articles(query):
    """Published updates matching `query`, best first; none for a query without a word in it."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    articles = public.article_listing()
    if not re.search(r"\w", query):
        return articles.none()
    actor_ids, rest = _named_actors(query)
    if connection.vendor == "postgresql":
        return _full_text(articles, query, actor_ids, rest)
    return _every_word(articles, query, actor_ids, rest)


def _named_actors(query):
    """The ids of the actors `query` names, and the query with their names taken out."""
    capitals = "".join(up if len(up := char.upper()) == 1 else char for char in query)
    # "-DPRK" excludes in websearch syntax, so it names no actor to include.
    hits = [hit for hit in current_matcher().find(capitals) if not _negated(query, hit.start)]
    pieces, start = [], 0
    for hit in hits:
        pieces.append(query[start : hit.start])
        start = hit.end
    pieces.append(query[start:])
    rest = " ".join("".join(pieces).split())
    return {hit.actor_id for hit in hits}, rest if re.search(r"\w", rest) else ""


def _negated(query, start):
    return start > 0 and query[start - 1] == "-" and (start == 1 or query[start - 2].isspace())


def _mentioning(actor_ids):
    return Exists(public.public_mentions().filter(article=OuterRef("pk"), actor_id__in=actor_ids))


def _full_text(articles, query, actor_ids, rest):
    whole = SearchQuery(query, search_type="websearch", config=CONFIG)
    ranked_by = whole
    match = Q(search_vector=whole)
    if actor_ids:
        also = Q(_mentioning(actor_ids))
        if rest:
            rest_query = SearchQuery(rest, search_type="websearch", config=CONFIG)
            ranked_by = whole | rest_query
            # A rest of stop words only ("the", "or") is an empty tsquery, which matches nothing.
            empty = Exact(Func(rest_query, function="numnode", output_field=IntegerField()), 0)
            also &= Q(search_vector=rest_query) | Q(empty)
        match |= also
    return (
        articles.annotate(rank=SearchRank(F("search_vector"), ranked_by))
        .filter(match)
        .order_by("-rank", "-publish_at", "-pk")
    )


def _words_match(text):
    """Each word in one of the fields; a word written "-word" in none of them."""
    match = Q()
    for token in text.split()[:MAX_WORDS]:
        for word in re.findall(r"\w+", token):
            found = Q.create([(f"{field}__icontains", word) for field in TEXT_FIELDS], connector=Q.OR)
            match &= ~found if token.startswith("-") else found
    return match


def _every_word(articles, query, actor_ids, rest):
    match = _words_match(query)
    if actor_ids:
        match |= Q(_mentioning(actor_ids)) & _words_match(rest)
    return articles.filter(match)
