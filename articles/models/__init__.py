"""Articles and everything that belongs to one: experts, quotes, sources, history."""

from .article import Article, ArticleQuerySet, ArticleRedirect
from .history import EditorialComment, Revision, StatusChange
from .people import Expert
from .quotes import Quote, QuoteDecision
from .sources import Citation, Source
from .taxonomy import Region, Series

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRedirect",
    "Citation",
    "EditorialComment",
    "Expert",
    "Quote",
    "QuoteDecision",
    "Region",
    "Revision",
    "Series",
    "Source",
    "StatusChange",
]
