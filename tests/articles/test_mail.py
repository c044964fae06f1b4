"""The one way to send mail: a template's first line is the subject; a batch goes over one connection."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from articles.mail import render_email, send_emails


@pytest.fixture
def template(tmp_path, settings):
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "hello.txt").write_text(
        "{% autoescape off %}  Hello {{ name }} & co  \nDear {{ name }},\n\nWelcome to {{ site_name }}.\n\n"
        "{% endautoescape %}\n"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return "email/hello.txt"


def test_the_first_line_is_the_subject_and_the_rest_the_body(template):
    message = render_email(template, {"name": "Ada"}, to=["ada@example.org"])
    assert message.subject == "Hello Ada & co"  # not HTML-escaped, no surrounding spaces
    assert message.body == "Dear Ada,\n\nWelcome to HIG Updates.\n"
    assert message.to == ["ada@example.org"]


def test_a_batch_goes_over_one_connection_of_the_mailer(template, monkeypatch):
    connections = []
    original_init = EmailBackend.__init__

    def counting_init(self, *args, **kwargs):
        connections.append(self)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(EmailBackend, "__init__", counting_init)
    messages = [render_email(template, {"name": name}, to=[f"{name}@example.org"]) for name in ("ada", "bob")]
    assert send_emails(messages) == 2
    assert len(connections) == 1
    assert [message.to for message in mail.outbox] == [["ada@example.org"], ["bob@example.org"]]


def test_nothing_to_send_connects_nowhere(template):
    assert send_emails([]) == 0
    assert send_emails([render_email(template, {"name": "Ada"}, to=[])]) == 0
    assert mail.outbox == []
