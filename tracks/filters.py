"""One filter set for every staff view of stories: the moderation queue, search, exports,
dashboards. It travels as URL query parameters (and as a dict into Celery tasks)."""

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from signifiers.models import QuestionnaireVersion, Role
from tracks.models import Collection, Story
from tracks.search import search_query_parses, stories_matching

# The dates a filter accepts. Far wider than any story, and far enough from date.min and
# date.max that "the day after" and a time zone never leave the calendar (OverflowError).
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)
# Longer than any story (the teller form takes 20,000 characters), and within PostgreSQL's
# integer range.
MAX_STORY_LENGTH = 1_000_000


@dataclass(frozen=True)
class StoryFilter:
    collection: str = ""
    track: str = ""
    status: str = ""
    moderation: str = ""
    region: str = ""
    since: date | None = None
    until: date | None = None
    version: int | None = None
    source: str = ""
    language: str = ""
    q: str = ""
    # Story length in characters, both ends included.
    min_length: int | None = None
    max_length: int | None = None

    def as_query(self) -> dict[str, str]:
        """Non-empty values as strings, for URLs and task arguments."""
        return {k: str(v) for k, v in asdict(self).items() if v not in ("", None)}

    @classmethod
    def from_query(cls, data: dict[str, Any]) -> "StoryFilter":
        form = StoryFilterForm(data)
        return form.to_filter() if form.is_valid() else cls()

    def is_empty(self) -> bool:
        return not self.as_query()


def stories_filtered(flt: StoryFilter, stories: QuerySet[Story] | None = None) -> QuerySet[Story]:
    qs = Story.objects.all() if stories is None else stories
    if flt.collection:
        qs = qs.filter(collection__slug=flt.collection)
    if flt.track:
        qs = qs.filter(track__role=flt.track)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.moderation:
        qs = qs.filter(moderation=flt.moderation)
    if flt.region:
        qs = qs.filter(region=flt.region)
    tz = timezone.get_current_timezone()
    if flt.since:
        qs = qs.filter(started_at__gte=datetime.combine(flt.since, time.min, tzinfo=tz))
    if flt.until and flt.until < date.max:  # until the last day: no end at all
        end = datetime.combine(flt.until + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(started_at__lt=end)
    if flt.version:
        qs = qs.filter(questionnaire_version_id=flt.version)
    if flt.source:
        qs = qs.filter(source=flt.source)
    if flt.language:
        qs = qs.filter(language=flt.language)
    if flt.min_length is not None or flt.max_length is not None:
        qs = qs.alias(text_length=Length("text"))
        if flt.min_length is not None:
            qs = qs.filter(text_length__gte=flt.min_length)
        if flt.max_length is not None:
            qs = qs.filter(text_length__lte=flt.max_length)
    if flt.q:
        qs = stories_matching(qs, flt.q)
    return qs


def _date_in_range(value: date) -> None:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise forms.ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s."),
            code="out_of_range",
            params={
                "first": formats.date_format(FIRST_DATE),
                "last": formats.date_format(LAST_DATE),
            },
        )


DATE_RANGE = [_date_in_range]
DATE_ATTRS = {"type": "date", "min": FIRST_DATE.isoformat(), "max": LAST_DATE.isoformat()}


class StoryFilterForm(forms.Form):
    collection = forms.ChoiceField(label=_("Vertelpunt"), required=False)
    track = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("Alle"))] + list(Role.choices)
    )
    status = forms.ChoiceField(
        label=_("Volledig"),
        required=False,
        choices=[("", _("Alle"))] + list(Story.Status.choices),
    )
    moderation = forms.ChoiceField(
        label=_("Moderatie"),
        required=False,
        choices=[("", _("Alle"))] + list(Story.Moderation.choices),
    )
    region = forms.CharField(label=_("Regio"), required=False, max_length=50)
    since = forms.DateField(
        label=_("Begonnen vanaf"),
        required=False,
        widget=forms.DateInput(attrs=DATE_ATTRS),
        validators=DATE_RANGE,
    )
    until = forms.DateField(
        label=_("Begonnen tot en met"),
        required=False,
        widget=forms.DateInput(attrs=DATE_ATTRS),
        validators=DATE_RANGE,
    )
    version = forms.TypedChoiceField(
        label=_("Vragenlijstversie"), required=False, coerce=int, empty_value=None
    )
    source = forms.CharField(label=_("Bron"), required=False, max_length=32)
    language = forms.ChoiceField(
        label=_("Taal"),
        required=False,
        choices=[("", _("Alle"))] + [(code, name) for code, name in settings.LANGUAGES],
    )
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    min_length = forms.IntegerField(
        label=_("Minstens tekens"), required=False, min_value=0, max_value=MAX_STORY_LENGTH
    )
    max_length = forms.IntegerField(
        label=_("Hoogstens tekens"), required=False, min_value=0, max_value=MAX_STORY_LENGTH
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        collection = cast(forms.ChoiceField, self.fields["collection"])
        collection.choices = [("", _("Alle"))] + list(
            Collection.objects.values_list("slug", "title")
        )
        version = cast(forms.ChoiceField, self.fields["version"])
        version.choices = [("", _("Alle"))] + [
            (v.pk, str(v))
            for v in QuestionnaireVersion.objects.select_related("questionnaire").filter(
                status=QuestionnaireVersion.Status.PUBLISHED
            )
        ]

    def clean_q(self) -> str:
        q: str = self.cleaned_data["q"].strip()
        if q and not search_query_parses(q):
            raise forms.ValidationError(
                _(
                    "Deze zoekopdracht kan niet worden uitgevoerd: er staan te veel tekens als"
                    ' - of ! achter elkaar. Zoek op woorden, "een zinsdeel", OR of -woord.'
                ),
                code="unparsable",
            )
        return q

    def to_filter(self) -> StoryFilter:
        d = self.cleaned_data
        return StoryFilter(
            collection=d["collection"],
            track=d["track"],
            status=d["status"],
            moderation=d["moderation"],
            region=d["region"].strip(),
            since=d["since"],
            until=d["until"],
            version=d["version"],
            source=d["source"].strip(),
            language=d["language"],
            q=d["q"].strip(),
            min_length=d["min_length"],
            max_length=d["max_length"],
        )
