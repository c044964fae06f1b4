"""The public pages of actors: an actor, a pair of actors, the list; relations as a timeline and a graph.

graph      questions across published updates (co-mentions, updates naming both)
relations  the dated timeline and the server-laid-out SVG graph
views, urls  the pages

May import: `actors.models`, `articles.models`, `articles.public` (queries, SEO, the page cache,
feeds). Never an admin or the editorial services.
"""
