"""Collections, their tracks, the stories told in them and the typed answers."""

import copy
import math
import uuid
from typing import TypeVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from signifiers.models import Option, QuestionnaireVersion, Role, RoleType, Signifier


class Collection(models.Model):
    """A vertelpunt: one theme, one questionnaire, three tracks."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    welcome = models.TextField(blank=True)
    questionnaire = models.ForeignKey(
        "signifiers.Questionnaire", on_delete=models.PROTECT, related_name="collections"
    )
    is_open = models.BooleanField(default=True)
    # After this date `purge_expired` deletes the collection with every story told in it.
    retention_until = models.DateField(null=True, blank=True)
    # Who is responsible for the stories (shown on the privacy page).
    controller = models.CharField(max_length=300, blank=True)
    # Maintained by the `refresh_collection_counts` task after each completed story.
    completed_story_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Language code → {"title", "welcome"} in that teller language (tracks.language).
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def in_language(self, language: str) -> "Collection":
        return _shown_in(self, language, ["title", "welcome"])


class Track(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="tracks")
    role = models.CharField(max_length=20, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    intro = models.TextField(blank=True)
    story_prompt = models.TextField()
    story_help = models.TextField(blank=True)
    title_prompt = models.CharField(max_length=200)
    # Titles of the steps in this track's wording, step 1 first.
    step_titles = models.JSONField(default=list)
    # Language code → the texts above in that teller language ("steps" for step_titles).
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["collection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "role"], name="track_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.collection.slug}/{self.role}"

    def in_language(self, language: str) -> "Track":
        track = _shown_in(self, language, TRACK_TEXTS)
        steps = self.translations.get(language, {}).get("steps")
        if steps and len(steps) == len(self.step_titles):
            track.step_titles = steps
        return track


TRACK_TEXTS = ["title", "summary", "intro", "story_prompt", "story_help", "title_prompt"]


Shown = TypeVar("Shown", Collection, Track)


def _shown_in(instance: Shown, language: str, fields: list[str]) -> Shown:
    """A copy of `instance` for pages in `language`: each of `fields` translated where the
    instance has that language, else Dutch. For showing only: the copy is never saved."""
    translated = instance.translations.get(language, {})
    if not translated:
        return instance
    shown = copy.copy(instance)
    for name in fields:
        if translated.get(name):
            setattr(shown, name, translated[name])
    return shown


# The key a story gets for any `?bron=` that is not one of its collection's channels: the
# value a link carried is never stored, since anyone can put anything in it (a name, a class).
SOURCE_OTHER = "overig"
# What a channel key may be: short, lowercase, and safe in a URL as it is.
SOURCE_KEY_PATTERN = r"^[a-z0-9_.-]{1,32}$"


class SourceChannel(models.Model):
    """A channel through which tellers reach a collection (Facebook, a newsletter), named by
    the `?bron=` of its links. Staff keep the list (Django admin); dashboards show the labels."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="source_channels"
    )
    key = models.CharField(
        _("sleutel"),
        max_length=32,
        validators=[
            RegexValidator(
                SOURCE_KEY_PATTERN,
                _("Kleine letters, cijfers, punt, streepje of liggend streepje; hoogstens 32."),
            )
        ],
        help_text=_(
            "Wat er in de link staat: ?bron=sleutel. Verander hem niet meer als er links met"
            " deze sleutel in omloop zijn."
        ),
    )
    label = models.CharField(_("naam op het dashboard"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["collection", "order", "label"]
        verbose_name = _("bronkanaal")
        verbose_name_plural = _("bronkanalen")
        constraints = [
            # Its index also serves the one query: the channels of one collection.
            models.UniqueConstraint(fields=["collection", "key"], name="sourcechannel_unique_key"),
            models.CheckConstraint(
                condition=Q(key__regex=SOURCE_KEY_PATTERN) & ~Q(key=SOURCE_OTHER),
                name="sourcechannel_key_format",
                violation_error_message=_(
                    "De sleutel „overig” is gereserveerd voor alle andere bronnen."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection.slug}: {self.label}"


class Story(models.Model):
    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", _("Onvolledig")
        COMPLETE = "complete", _("Volledig")

    class Moderation(models.TextChoices):
        NEW = "new", _("Nieuw")
        APPROVED = "approved", _("Goedgekeurd")
        HIDDEN = "hidden", _("Verborgen")
        TEST = "test", _("Test")
        NONSENSE = "nonsense", _("Onzin")

    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="stories")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="stories")
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="stories"
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    # The language the story was told in (a code of settings.LANGUAGES). Answers are the same
    # keys in every language, so stories of all languages are compared on every question.
    language = models.CharField(max_length=8, default="nl", db_default="nl")
    # A Dutch working translation of a story told in another language, typed by a moderator
    # (moderation.services.story_set_translation): staff's reading aid, never the teller's
    # words and never made by an outside service. Empty when there is none.
    translation_nl_title = models.CharField(max_length=200, blank=True, default="", db_default="")
    translation_nl_text = models.TextField(blank=True, default="", db_default="")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INCOMPLETE)
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.NEW)
    # Full-text vector over title, story and free-text answers in the story's language, and
    # the Dutch translation (tracks.search).
    search = SearchVectorField(null=True, editable=False)
    # The furthest step the teller has saved (1 = the story itself).
    step_reached = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=32, blank=True)
    region = models.CharField(max_length=50, blank=True)
    role_type = models.CharField(max_length=30, choices=RoleType.choices, blank=True)
    # Links the stories one teller shared in one visit; random, never derived from the teller.
    visit_id = models.UUIDField(default=uuid.uuid4)
    # The token of the step-1 form that created this story: a retried or double-clicked
    # submit finds the same story instead of creating a second one.
    submission_token = models.UUIDField(unique=True)
    # SHA-256 of the teller's receipt code; the code itself is shown once and never stored.
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="incomplete") | Q(completed_at__isnull=False),
                name="story_complete_has_time",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("started_at")),
                name="story_completed_after_start",
            ),
        ]
        indexes = [
            # Counting complete stories per collection/track/region (home page, dashboards).
            models.Index(fields=["collection", "status", "region"], name="story_counts_idx"),
            # The moderation queue and exports: newest first, filtered by collection.
            models.Index(fields=["collection", "-started_at"], name="story_recent_idx"),
            # Full-text search (`search @@ query`).
            GinIndex(fields=["search"], name="story_search_idx"),
        ]

    def __str__(self) -> str:
        return f"story {self.pk}"

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE

    @property
    def takes_translation(self) -> bool:
        """Whether staff may add a Dutch working translation: the story is in another language."""
        return self.language != "nl"

    @property
    def has_translation(self) -> bool:
        return bool(self.translation_nl_title or self.translation_nl_text)


class Answer(models.Model):
    """One typed answer. A multiple choice has one row per chosen option; "n.v.t." is a row
    with `is_na`; a question the teller skipped has no row at all."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="answers")
    signifier = models.ForeignKey(Signifier, on_delete=models.PROTECT, related_name="answers")
    is_na = models.BooleanField(default=False)
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    slider = models.PositiveSmallIntegerField(null=True, blank=True)
    triad_a = models.PositiveSmallIntegerField(null=True, blank=True)
    triad_b = models.PositiveSmallIntegerField(null=True, blank=True)
    triad_c = models.PositiveSmallIntegerField(null=True, blank=True)
    # NULL, not "", marks a row that is not a text answer (see answer_one_kind_of_value).
    text = models.TextField(null=True, blank=True)  # noqa: DJ001

    class Meta:
        constraints = [
            # One row per (story, signifier), or per chosen option for a multiple choice.
            models.UniqueConstraint(
                fields=["story", "signifier", "option"],
                name="answer_unique_per_option",
                nulls_distinct=False,
            ),
            # Exactly one kind of value per row.
            models.CheckConstraint(
                condition=(
                    Q(
                        is_na=True,
                        option__isnull=True,
                        slider__isnull=True,
                        triad_a__isnull=True,
                        text__isnull=True,
                    )
                    | Q(
                        is_na=False,
                        option__isnull=False,
                        slider__isnull=True,
                        triad_a__isnull=True,
                        text__isnull=True,
                    )
                    | Q(
                        is_na=False,
                        option__isnull=True,
                        slider__isnull=False,
                        triad_a__isnull=True,
                        text__isnull=True,
                    )
                    | Q(
                        is_na=False,
                        option__isnull=True,
                        slider__isnull=True,
                        triad_a__isnull=False,
                        text__isnull=True,
                    )
                    | Q(
                        is_na=False,
                        option__isnull=True,
                        slider__isnull=True,
                        triad_a__isnull=True,
                        text__isnull=False,
                    )
                ),
                name="answer_one_kind_of_value",
            ),
            models.CheckConstraint(
                condition=Q(slider__isnull=True) | Q(slider__lte=100),
                name="answer_slider_range",
            ),
            # A triad is three shares that add up to 100.
            models.CheckConstraint(
                condition=Q(triad_a__isnull=True, triad_b__isnull=True, triad_c__isnull=True)
                | (
                    Q(triad_a__isnull=False, triad_b__isnull=False, triad_c__isnull=False)
                    & Q(Exact(F("triad_a") + F("triad_b") + F("triad_c"), 100))
                ),
                name="answer_triad_sums_to_100",
            ),
        ]
        indexes = [
            # Counting stories per option / slider bin for one signifier (GROUP BY).
            models.Index(fields=["signifier", "option"], name="answer_signifier_option_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.signifier.key} of story {self.story_id}"

    def triad_xy(self) -> tuple[float, float] | None:
        """The triad point as x/y in a unit-sided triangle: corner a at (0, 0), b at (1, 0),
        c at the top (0.5, √3/2)."""
        if self.triad_a is None or self.triad_b is None or self.triad_c is None:
            return None
        total = self.triad_a + self.triad_b + self.triad_c
        b, c = self.triad_b / total, self.triad_c / total
        return (b + c / 2, c * math.sqrt(3) / 2)


class StoryRemoval(models.Model):
    """That a story, or text in it, was taken out: which story and when, never what. Anything
    built from the stories before then may still hold it: exports treat such a copy as stale,
    and moderation shows a withdrawn story's fate from here."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Ingetrokken door de verteller")
        REDACTED = "redacted", _("Tekst verwijderd door een moderator")

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="+")
    # Not a foreign key: the record outlives a withdrawn story.
    story_id = models.BigIntegerField()
    # A copy finished before the story was started cannot hold it.
    story_started_at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # exports.selectors.exports_stale: the removals since an export began.
            models.Index(fields=["at"], name="storyremoval_since_idx"),
            # moderation.selectors.story_withdrawn_at: what became of one story.
            models.Index(fields=["story_id"], name="storyremoval_story_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} story {self.story_id}"


class OutboxEvent(models.Model):
    """A task to run after a commit. The row is written in the same transaction as the story,
    so the task is never lost when the broker is down; `sweep_outbox` delivers what is left."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # The sweeper's query: events not yet done, oldest first.
            models.Index(
                fields=["created_at"], name="outbox_pending_idx", condition=Q(done_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"
