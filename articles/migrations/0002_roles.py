from django.db import migrations

# The Editors / Experts / Admins groups are applied after every `migrate` (the post_migrate
# receiver in articles/apps.py), not here: every app's permissions exist only by then. This
# migration is kept, with no operations, because later migrations depend on it.


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("actors", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = []
