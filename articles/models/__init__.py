"""Articles and everything that belongs to one: experts, quotes, sources, history.

What readers may see is stated here and in `actors.models`, once, as queryset methods,
and nowhere else: `Article.objects.published()`, `Expert.objects.published()` /
`without_public_page()`, `Quote.objects.public()` (approved, by an expert with a public
profile); `Actor.objects.published()` / `without_public_page()`, `Mention.objects.counted()`
/ `public()`, `Relation.objects.public()`. An object in hand (a preview's unsaved rows) is
judged by the property beside each rule: `Article.is_public`, `Quote.is_public`,
`Mention.is_public`; `Article.objects.scheduled()` for what is due later. A new version
of a live update (`Article.new_version_of`) is never published itself;
`Article.objects.excluding_new_versions()` is every update but those, for whoever looks
one up by its slug.

article   Article (with its new version's link and the version approved), its QuerySet, ArticleRedirect,
          the content fields a save writes
taxonomy  Series, Region
people    Expert
quotes    Quote, QuoteDecision
review_links  ReviewLink (a review link emailed to an expert; revocable)
sources   Source, Citation
history   Revision, StatusChange, EditorialComment
images    Image (the picture library), Rendition (its stored sizes)
edition   Edition (the kept PDF of an update's version)
periodic  PeriodicRun (a periodic job's claimed time slot)
stamps    ChangeStamp (the numbers every process reads to know a change: page cache, gazetteer)

Imports nothing of the project but models (`actors` models by string).
"""

from .article import Article, ArticleQuerySet, ArticleRedirect
from .edition import Edition
from .history import EditorialComment, Revision, StatusChange
from .images import Image, Rendition
from .people import Expert
from .periodic import PeriodicRun
from .quotes import Quote, QuoteDecision
from .review_links import ReviewLink
from .sources import Citation, Source
from .stamps import ChangeStamp
from .taxonomy import Region, Series

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRedirect",
    "ChangeStamp",
    "Citation",
    "EditorialComment",
    "Edition",
    "Expert",
    "Image",
    "PeriodicRun",
    "Quote",
    "QuoteDecision",
    "Region",
    "Rendition",
    "ReviewLink",
    "Revision",
    "Series",
    "Source",
    "StatusChange",
]
