from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = "Actors"
    # No signal receivers: whatever changes an actor or alias calls `actors.tagging.gazetteer_changed()`.
