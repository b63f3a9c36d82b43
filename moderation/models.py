"""The audit log of everything staff do to stories."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", _("Goedgekeurd")
        HIDE = "hide", _("Verborgen")
        MARK_TEST = "mark_test", _("Gemarkeerd als test")
        MARK_NONSENSE = "mark_nonsense", _("Gemarkeerd als onzin")
        REDACT = "redact", _("Tekst verwijderd")
        NOTE = "note", _("Notitie")
        # A Dutch working translation typed by a moderator; the entry names what changed,
        # never the translation itself (a removed translation is gone from here too).
        TRANSLATION_ADD = "translation_add", _("Vertaling toegevoegd")
        TRANSLATION_EDIT = "translation_edit", _("Vertaling gewijzigd")
        TRANSLATION_REMOVE = "translation_remove", _("Vertaling verwijderd")
        # A withdrawal is recorded by tracks (StoryRemoval); entries with this action are from
        # databases that logged withdrawals here, and story_withdrawn_at still reads them.
        WITHDRAW = "withdraw", _("Ingetrokken door de verteller")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    # Not a foreign key: the entry outlives a story that is withdrawn and deleted.
    story_id = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    status_before = models.CharField(max_length=10, blank=True)
    status_after = models.CharField(max_length=10, blank=True)
    # For a redaction: which field (never the removed text). For a note: the note itself.
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} story {self.story_id}"
