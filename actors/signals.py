"""Keep every process's matcher in step with the gazetteer: any change to an actor or alias bumps its stamp."""

from django.db.models.signals import post_delete, post_save

from actors.models import Actor, Alias
from actors.tagging import gazetteer_changed


def _gazetteer_changed(sender, **kwargs):
    gazetteer_changed()


def connect():
    for model in (Actor, Alias):
        post_save.connect(_gazetteer_changed, sender=model, dispatch_uid=f"gazetteer-changed-save-{model.__name__}")
        post_delete.connect(_gazetteer_changed, sender=model, dispatch_uid=f"gazetteer-changed-delete-{model.__name__}")
