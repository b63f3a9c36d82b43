"""The staff roles as groups, each with the least it needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# A frozen copy of access.roles.ROLES as it was when this migration was written.
ROLES = {
    "Moderator": ["read_stories", "moderate_stories"],
    "Analist": ["read_stories", "export_stories"],
    "Vragenlijstbeheerder": ["edit_questionnaires"],
    "Regiocoördinator": ["view_dashboard"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now.
    app_config = apps.get_app_config("access")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="access", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
