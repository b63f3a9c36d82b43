"""Questionnaires, their versions and the signifiers (questions) a teller answers."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from signifiers.kinds import kind, kind_choices


class Role(models.TextChoices):
    """The role a track is written for. Wording differs per role; the questions do not."""

    LEERLING = "leerling", _("Leerling")
    OUDER = "ouder", _("Ouder")
    PROFESSIONAL = "professional", _("Professional")


class RoleType(models.TextChoices):
    """The five role types a teller's own answer on the role question maps to."""

    LEERLING = "leerling", _("Leerling")
    OUDER = "ouder", _("Ouder")
    PROFESSIONAL_IN_SCHOOL = "professional_in_school", _("Professional in de school")
    PROFESSIONAL_ROND_SCHOOL = "professional_rond_school", _("Professional rond de school")
    PROFESSIONAL_BUITEN_SCHOOL = "professional_buiten_school", _("Professional buiten de school")


class Questionnaire(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(models.Model):
    """One version of a questionnaire. Published versions are immutable (a database trigger
    refuses changes to their signifiers, options and wording)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaireversion_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="questionnaireversion_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.label}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Signifier(models.Model):
    class StoryAttribute(models.TextChoices):
        """Some answers are copied onto the story so counting by them needs no join."""

        NONE = "", _("Geen")
        REGION = "region", _("Regio")
        ROLE_TYPE = "role_type", _("Roltype")

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="signifiers"
    )
    key = models.SlugField(max_length=50)
    # The registry is the one list of kinds: a callable, so a new kind needs no migration.
    kind = models.CharField(max_length=10, choices=kind_choices)
    step = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField()
    required = models.BooleanField(default=False)
    allow_na = models.BooleanField(default=False)
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)
    story_attribute = models.CharField(
        max_length=20, choices=StoryAttribute.choices, default=StoryAttribute.NONE, blank=True
    )
    # About the teller rather than the story (their role, their region): when the same visit
    # tells another story, the answer is offered again instead of asked anew.
    carry_over = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "step", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="signifier_unique_key"),
            # Step 1 is the story itself; signifiers start at step 2.
            models.CheckConstraint(condition=Q(step__gte=2), name="signifier_step_after_story"),
            models.CheckConstraint(
                condition=~Q(kind="multiple") | Q(max_choices__gte=1),
                name="signifier_multiple_has_max",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def has_options(self) -> bool:
        return kind(self.kind).has_options


class Wording(models.Model):
    """How a signifier is put to the tellers of one track (je/u, uw kind/de leerling)."""

    signifier = models.ForeignKey(Signifier, on_delete=models.CASCADE, related_name="wordings")
    role = models.CharField(max_length=20, choices=Role.choices)
    prompt = models.TextField()
    help_text = models.TextField(blank=True)
    left_label = models.CharField(max_length=100, blank=True)
    right_label = models.CharField(max_length=100, blank=True)
    # Language code → {"prompt", "help", "left", "right"}: this wording in another teller
    # language. The fields above are the Dutch; whatever a language lacks is shown in Dutch.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signifier", "role"], name="wording_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.signifier.key} ({self.role})"

    def text(self, field: str, language: str) -> str:
        """`field` ("prompt", "help", "left" or "right") in `language`, else in Dutch."""
        dutch = {
            "prompt": self.prompt,
            "help": self.help_text,
            "left": self.left_label,
            "right": self.right_label,
        }[field]
        return str(self.translations.get(language, {}).get(field) or dutch)

    def is_in(self, language: str) -> bool:
        """Whether the prompt is written in `language` (Dutch always is)."""
        return language == "nl" or bool(self.translations.get(language, {}).get("prompt"))


class Option(models.Model):
    """A choice of a choice signifier, or one corner of a triad."""

    signifier = models.ForeignKey(Signifier, on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    # Empty: shown on every track. Otherwise only on the listed roles (e.g. the role question).
    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices), default=list, blank=True
    )
    # A category: the role type on the role question, the province on the region question.
    group = models.CharField(max_length=100, blank=True)
    # Role → the label that track's tellers read instead of `label` (plain words for pupils).
    # `label` stays the canonical text: staff pages, the analysis and exports show it, and
    # every track's answer is stored under the same key.
    track_labels = models.JSONField(default=dict, blank=True)
    # Language code → {"label", "labels": {role: label}}: the option in another teller
    # language, the same way round as `label` and `track_labels` are in Dutch.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["signifier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["signifier", "key"], name="option_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label

    def is_shown_to(self, role: str) -> bool:
        return not self.roles or role in self.roles

    def label_for(self, role: str, language: str = "nl") -> str:
        """The label a teller of `role` reads in `language` (Dutch where it has none)."""
        translated = self.translations.get(language, {})
        return str(
            translated.get("labels", {}).get(role)
            or translated.get("label")
            or self.track_labels.get(role)
            or self.label
        )
