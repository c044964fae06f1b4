"""The three roles and the permissions each one needs.

Applied after every `migrate` (the post_migrate receiver in articles/apps.py), so
permissions of new models follow. Admins get every permission there is, and they
alone `articles.change_expert_identity`: an expert's email address and account say
who receives the expert's review links and who may sign in as the expert.
"""

EDITORS = "Editors"
EXPERTS = "Experts"
ADMINS = "Admins"

CRUD_WITHOUT_DELETE = ("add", "change", "view")
CRUD = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    EDITORS: {
        "articles": {
            "article": CRUD_WITHOUT_DELETE + ("publish_article", "import_article"),
            "quote": CRUD,
            "quotedecision": ("view",),
            # Changing a review link is revoking it (nothing else of it can change); links are made by sending them.
            "reviewlink": ("view", "change"),
            "citation": CRUD,
            "source": CRUD_WITHOUT_DELETE + ("import_source",),
            "expert": CRUD_WITHOUT_DELETE + ("import_expert",),
            "series": ("view",),
            "region": ("view",),
            "revision": ("view",),
            "statuschange": ("view",),
            "editorialcomment": ("add", "view"),
            "articleredirect": ("view",),
            # Deleting a picture an update's body may place is for Admins (a lead image is protected anyway).
            "image": CRUD_WITHOUT_DELETE,
        },
        "actors": {
            "actor": CRUD_WITHOUT_DELETE + ("import_actor",),
            "alias": CRUD,
            "relation": CRUD,
            "mention": CRUD,
        },
        "taggit": {"tag": CRUD_WITHOUT_DELETE, "taggeditem": ("view",)},
    },
    EXPERTS: {
        "articles": {"quote": ("review_own_quotes",)},
    },
    ADMINS: "__all__",
}


def codename(action, model):
    """ "add" + "quote" → "add_quote"; a custom codename is returned as it is."""
    return f"{action}_{model}" if action in {"add", "change", "delete", "view"} else action


def apply_roles(group_model, permission_model):
    """Create the groups and give each exactly its permissions."""
    for group_name, grants in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        if grants == "__all__":
            group.permissions.set(permission_model.objects.all())
            continue
        wanted = []
        for app_label, models in grants.items():
            for model, actions in models.items():
                for action in actions:
                    wanted.append(
                        permission_model.objects.get(
                            content_type__app_label=app_label,
                            content_type__model=model,
                            codename=codename(action, model),
                        )
                    )
        group.permissions.set(wanted)
