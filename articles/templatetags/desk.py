"""`{% editorial_desk as desk %}`: the panels of the admin's index page (see `articles.editorial.desk`)."""

from django import template

from articles.editorial.desk import desk_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def editorial_desk(context):
    return desk_panels(context["request"].user)
