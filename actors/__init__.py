"""Actors (states, people, organisations, groups): aliases, relations, tagging and their public pages.

models        Actor, Alias, Relation, Mention, and their visibility rules
tagging       the matcher and the tagging services
gazetteer     the starter gazetteer and its loader
public        the actor pages
spreadsheets  django-import-export resource for actors
admin         the back office

May import `articles.models` and, from `public`, `articles.public`; `articles` refers to these
models by string.
"""
