"""Staff roles and what each may see. Roles are Django groups (created by a migration) with
the permissions below; a coordinator is also bound to the regions they follow."""

from django.conf import settings
from django.db import models


class Perm:
    """Permission names, as `user.has_perm` takes them."""

    READ_STORIES = "access.read_stories"
    MODERATE = "access.moderate_stories"
    EXPORT = "access.export_stories"
    EDIT_QUESTIONNAIRES = "access.edit_questionnaires"
    VIEW_DASHBOARD = "access.view_dashboard"


class Group:
    MODERATOR = "Moderator"
    ANALYST = "Analist"
    EDITOR = "Vragenlijstbeheerder"
    COORDINATOR = "Regiocoördinator"


class RegionAssignment(models.Model):
    """A coordinator follows the counts of one region (a `Story.region` key)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_assignments"
    )
    region = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="regionassignment_unique"),
        ]
        permissions = [
            ("read_stories", "Kan verhalen en antwoorden lezen"),
            ("moderate_stories", "Kan verhalen modereren"),
            ("export_stories", "Kan verhalen exporteren"),
            ("edit_questionnaires", "Kan vragenlijsten bewerken en publiceren"),
            ("view_dashboard", "Kan het regiodashboard zien"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.region}"
