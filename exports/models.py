"""One export run: who asked for which stories in which format, and how far it has got."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Export(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", _("CSV (UTF-8, komma)")
        CSV_EXCEL = "csv-excel", _("CSV voor Excel (puntkomma, UTF-8 met BOM)")
        XLSX = "xlsx", _("Excel-werkmap (XLSX)")
        JSON = "json", _("JSON Lines")

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")
        EXPIRED = "expired", _("Verlopen")
        # A story in it was withdrawn, or text in it redacted, after it was made.
        STALE = "stale", _("Vervallen")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="exports",
    )
    # The StoryFilter as `StoryFilter.as_query()`: the same filters the staff pages use.
    filters = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    # The zip's name inside settings.EXPORT_DIR; empty until the export is done.
    file_name = models.CharField(max_length=100, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    # An exception class name at most: never story content.
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_range"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file_name=""), name="export_done_has_file"
            ),
        ]
        indexes = [
            # The start page lists the most recent exports.
            models.Index(fields=["-created_at"], name="export_recent_idx"),
            # The hourly purge: done exports finished before the cut-off.
            models.Index(
                fields=["finished_at"], name="export_done_idx", condition=Q(status="done")
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.format})"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.EXPIRED,
            self.Status.STALE,
        }
