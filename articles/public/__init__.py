"""The public site: what readers see, and nothing that is not published.

queries       the querysets behind every public page (on top of the models' visibility rules)
rendering     Markdown body → sanitised HTML with anchors, footnotes, pull quotes and library images
article_page  the one context and template for an update's page, used by previews too
preview       any revision rendered as the public page, and signed preview links
seo           canonical URLs, OpenGraph/Twitter tags and the shared image (a 1200-wide rendition), JSON-LD
search        reader search
search_index  the search text stored on each update (PostgreSQL), computed on write
feeds         RSS and Atom
sitemaps      the sitemap index (sitemap.xml) and its sections, paginated over their limit
views, urls   the pages
cache         the page cache: pages kept under the content generation and their path plus the query parameters they read, ETag/Last-Modified, 304s

May import: `articles.models`, `articles.markdown`, `articles.signed_links`, `articles.images`, `actors.models`,
`actors.tagging` (search reads actor names). Never `articles.editorial`,
`articles.expert_review`, `articles.importers`, `articles.edition` (the PDF builds on this) or any admin.
"""
