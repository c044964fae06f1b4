"""Actors (states, people, organisations, groups): aliases, relations, tagging and their public pages.

models        Actor, Alias, Relation, Mention, and their visibility rules
tagging       the matcher and the tagging services
gazetteer     the starter gazetteer and its loader
public        the actor pages
spreadsheets  django-import-export resource for actors
admin         the back office

`models` and `tagging` import only models and the lowest helpers (`articles.content_generation`);
`public` also imports `articles.public`; `spreadsheets` and `gazetteer` are importers and may use
`articles.importers.spreadsheets`; `admin` shares the bases of `articles.admin`. `articles`
refers to these models by string. docs/architecture.md has the layers.
"""
