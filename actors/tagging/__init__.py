"""Tagging updates with the actors they name.

matching  the automaton over every name and alias (no database)
service   tag an update, reject or add a mention, retag everything, the gazetteer stamp

May import `actors.models`, `articles.models` and `articles.content_generation` (to mark public
content changed); nothing here imports the public site or the admin.
"""

from actors.tagging.service import (
    add_mention,
    current_matcher,
    find_actors,
    gazetteer_changed,
    reject_mention,
    retag_articles,
    tag_article,
)

__all__ = [
    "add_mention",
    "current_matcher",
    "find_actors",
    "gazetteer_changed",
    "reject_mention",
    "retag_articles",
    "tag_article",
]
