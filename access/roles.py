"""The staff roles as groups, each with the least it needs. A coordinator sees counts only."""

from django.contrib.auth.models import Group, Permission

from access.models import Group as G

ROLES: dict[str, list[str]] = {
    G.MODERATOR: ["read_stories", "moderate_stories"],
    G.ANALYST: ["read_stories", "export_stories"],
    G.EDITOR: ["edit_questionnaires"],
    G.COORDINATOR: ["view_dashboard"],
}


def roles_ensure() -> None:
    """Create or repair the role groups (idempotent)."""
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="access", codename__in=codenames)
        )
