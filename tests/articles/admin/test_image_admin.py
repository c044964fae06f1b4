"""The image library in the admin, and an update's lead image saved through the one write path."""

import pytest
from django.urls import reverse

from articles.editorial.new_versions import restore_revision
from articles.models import Image
from tests.factories import ArticleFactory, EditorFactory
from tests.pictures import library_image, picture, png_declaring, upload

pytestmark = pytest.mark.django_db


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def test_an_editor_uploads_an_image_with_its_words(client, media_root):
    client.force_login(EditorFactory())
    response = client.post(
        reverse("admin:articles_image_add"),
        {"upload": upload(picture(1300, 700, gps=True)), "alt_text": "The border bridge", "credit": "Photo: AP"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert (image.alt_text, image.credit, image.width) == ("The border bridge", "Photo: AP", 1300)
    assert len(stored_files(media_root)) == 1 + 4
    listing = client.get(reverse("admin:articles_image_changelist")).content.decode()
    assert f"![The border bridge](image:{image.pk})" in listing


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_declaring(50_000, 50_000), "bomb.png", "declares far too many pixels"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.jpg", "is not a JPEG, PNG or WebP image"),
    ],
    ids=["decompression bomb", "renamed non-image"],
)
def test_a_refused_upload_shows_why_and_stores_nothing(client, media_root, data, name, message):
    client.force_login(EditorFactory())
    response = client.post(reverse("admin:articles_image_add"), {"upload": upload(data, name), "alt_text": "Anything"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files(media_root) == [] and not Image.objects.exists()


def test_alternative_text_is_required(client, media_root):
    client.force_login(EditorFactory())
    response = client.post(reverse("admin:articles_image_add"), {"upload": upload(picture(600, 300)), "alt_text": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert stored_files(media_root) == []


def test_an_image_leading_an_update_cannot_be_deleted(client):
    image = library_image(600, 300)
    ArticleFactory(lead_image=image)
    client.force_login(EditorFactory(groups=["Admins"]))
    response = client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})
    assert "would require deleting the following protected related objects" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_lead_image_is_saved_through_the_write_path_with_revisions(client):
    editor = EditorFactory()
    image = library_image(600, 300, alt_text="Kim at the parade")
    article = ArticleFactory(title="With a picture")
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(change).context["adminform"].form
    assert "lead_image" in form.fields
    data = {
        **{name: value for name, value in form.initial.items() if value is not None and name in form.fields},
        "lead_image": image.pk,
        "expected_version": article.version,
        "topics": "",
        "authors": [],
        **management_forms(),
    }
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article.refresh_from_db()
    assert article.lead_image == image
    latest = article.revisions.first()
    assert latest.data["fields"]["lead_image"] == {"id": image.pk, "name": str(image)}

    article.lead_image = None
    article.save()  # as if someone cleared it; the restore brings it back through the write path
    restored = restore_revision(latest, by=editor, expected_version=article.version)
    article.refresh_from_db()
    assert article.lead_image == image and restored.data["fields"]["lead_image"]["id"] == image.pk


def management_forms():
    """Empty inline formsets of the article change form."""
    prefixes = ["quotes", "citations", "mentions"]
    return {
        f"{prefix}-{field}": value
        for prefix in prefixes
        for field, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}.items()
    }
