"""The image library in the admin: upload (checked, cleaned, renditions made), describe, delete.

Uploading goes through `articles.images.library.save_image`, which refuses a file that is not a
real JPEG, PNG or WebP image, or too large, with the reason on the form and nothing stored; the
stored files carry no EXIF or GPS data. An image leading an update cannot be deleted (PROTECT).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from articles.admin.public_content import PublicContentAdmin
from articles.images.checks import ImageRefused, check_upload
from articles.images.library import delete_images, save_image
from articles.models import Image

THUMBNAIL_WIDTH = 480


class ImageForm(forms.ModelForm):
    upload = forms.FileField(
        label="Image file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=(
            f"JPEG, PNG or WebP, at most {filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES)} and "
            f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g} million pixels. Camera and location data (EXIF, GPS) are "
            "removed; the sizes the pages need are made once, now."
        ),
    )
    checked = None

    class Meta:
        model = Image
        fields = ["upload", "alt_text", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].required = self.instance.pk is None
        if self.instance.pk:
            self.fields["upload"].help_text = (
                "Upload a file only to replace the picture. " + self.fields["upload"].help_text
            )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                self.checked = check_upload(upload)
            except ImageRefused as refusal:
                raise forms.ValidationError(str(refusal)) from None
        return upload


@admin.register(Image)
class ImageAdmin(PublicContentAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "size", "markdown", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "size", "markdown", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["upload", "preview", "alt_text", "caption", "credit"]}),
        ("In the library", {"fields": ["markdown", "size", "uploaded_by", "created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions").select_related("uploaded_by")

    @admin.display(description="picture")
    def thumbnail(self, obj):
        return self._img(obj, 120)

    @admin.display(description="picture")
    def preview(self, obj):
        return self._img(obj, THUMBNAIL_WIDTH) if obj.pk else "—"

    def _img(self, obj, shown_width):
        rendition = obj.rendition(THUMBNAIL_WIDTH)
        if rendition is None:
            return "—"
        shown_height = round(rendition.height * shown_width / rendition.width)
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            rendition.file.url,
            shown_width,
            shown_height,
            obj.alt_text,
        )

    @admin.display(description="size")
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.pk else "—"

    @admin.display(description="Markdown (to place it in a body)")
    def markdown(self, obj):
        return format_html("<code>{}</code>", obj.markdown) if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        save_image(obj, checked=form.checked, by=request.user)
        self.content_changed()

    def delete_model(self, request, obj):
        delete_images([obj])
        self.content_changed()

    def delete_queryset(self, request, queryset):
        delete_images(queryset)
        self.content_changed()
