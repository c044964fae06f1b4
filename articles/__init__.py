"""Updates and everything that belongs to one: experts, quotes, sources, their workflow and their public pages.

models         the data, and the visibility rules as queryset methods (`published()`, …)
editorial      writing, saving (the one write path), workflow, preflight, link checks, the desk
expert_review  experts approving what is attributed to them (not the editorial review)
public         the reader's site: pages, feeds, sitemap, search, previews, the page cache
importers      briefing files and spreadsheets in, as drafts, through the write path
admin          the back office
demo           the demo content
roles          the Editors / Experts / Admins groups
markdown, signed_links, mail   one Markdown reader, one signed-link helper, one way to send mail
content_generation             the number that changes whenever public content changes (page cache; a models row)

Layers, lowest first: models → markdown, signed_links, mail, content_generation →
actors.tagging → public → editorial → expert_review, importers → demo, commands, admin.
A package imports only from the layers below it (docs/architecture.md; tests/test_layout.py).
"""
