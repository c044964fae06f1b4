from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = "Actors"

    def ready(self):
        from actors import signals

        signals.connect()
