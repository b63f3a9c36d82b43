"""Test data: stories, their answers and staff accounts.

Answers are given as a dict of signifier key → plain value and stored through the answer
kinds (signifiers.kinds), exactly as the teller flow stores them:

    {"gevoel": "hoop",                     # single choice or select: an option key
     "invloed": ["ouders", "gemeente"],    # multiple choice: option keys (or one key)
     "goed_onderwijs": 72,                 # slider: 0-100
     "balans": (20, 30, 50),               # triad: three shares that add up to 100
     "advies": "Luister eerder.",          # free text
     "gevolgen": NA}                       # n.v.t., where the question allows it

A key left out is a skipped question; a value the kind does not take is a ValueError.
`StoryFactory` writes rows directly (fast, for tests that read stories), `tell_story` goes
through tracks/services.py (for tests of what the teller flow leaves behind), and
`stories_bulk` makes thousands of stories in a few queries.
"""

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.utils import timezone
from factory.django import DjangoModelFactory, Password

from access.demo import DEMO_REGION
from access.models import Group as Role
from access.models import RegionAssignment
from access.roles import roles_ensure
from signifiers import kinds
from signifiers.answers import NA, AnswerValue
from signifiers.models import QuestionnaireVersion, Signifier
from signifiers.selectors import Questions, latest_published_version, version_questions
from tests.conftest import DEFAULT_FILE
from tracks import services
from tracks.loading import collection_load_file
from tracks.models import Answer, Collection, Story, Track
from tracks.search import search_vector, story_refresh_search

__all__ = [
    "NA",
    "PASSWORD",
    "AnswerFactory",
    "StaffUserFactory",
    "StoryFactory",
    "answer_value",
    "from_crosstab",
    "stories_bulk",
    "tell_story",
]

STORY_TITLE = "Eindelijk hulp"
STORY_TEXT = "Mijn zoon kreeg eindelijk de begeleiding die hij nodig had."
PASSWORD = "x-Secret-123"


# --- answers ---------------------------------------------------------------------------------
def answer_value(signifier: Signifier, value: Any) -> AnswerValue | None:
    """The AnswerValue a teller's form would give for a plain value (None: skipped). Which
    values fit is the kind's to say, when it stores them."""
    if value is None or isinstance(value, AnswerValue):
        return value
    if value == NA:
        return AnswerValue(na=True)
    if isinstance(value, bool):
        raise ValueError(f"{signifier.key}: no answer is a yes/no")
    if isinstance(value, int):
        return AnswerValue(slider=value)
    if isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, int) for v in value):
        return AnswerValue(triad=value)
    if isinstance(value, str):
        if kinds.kind(signifier.kind).has_options:
            return AnswerValue(option_keys=(value,))
        return AnswerValue(text=value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return AnswerValue(option_keys=tuple(value))
    raise ValueError(f"{signifier.key}: no answer kind takes {value!r}")


def _stored(signifier: Signifier, value: Any) -> list[kinds.StoredAnswer]:
    answer = answer_value(signifier, value)
    return [] if answer is None else kinds.kind(signifier.kind).store(signifier, answer)


def _one_stored(signifier: Signifier | None, value: Any) -> kinds.StoredAnswer:
    """The one row that stores `value`; an answer of several rows (several options) is a
    story's, given through StoryFactory(answers=...)."""
    if value is None or signifier is None:
        return kinds.StoredAnswer()
    rows = _stored(signifier, value)
    if len(rows) != 1:
        raise ValueError(f"{signifier.key}: {value!r} takes {len(rows)} rows, not one")
    return rows[0]


def _signifiers(version: QuestionnaireVersion) -> dict[str, Signifier]:
    return {s.key: s for s in version_questions(version).signifiers}


def _signifier(signifiers: Mapping[str, Signifier], key: str) -> Signifier:
    try:
        return signifiers[key]
    except KeyError:
        raise ValueError(f"the questionnaire has no question {key!r}") from None


def _story_attributes(signifiers: Mapping[str, Signifier], answers: Mapping[str, Any]) -> dict:
    """What the region and role-type questions put on the story, as story_answer_step does:
    the option key for a region, the option's group for a role."""
    attributes: dict[str, str] = {}
    for key, value in answers.items():
        signifier = _signifier(signifiers, key)
        answer = answer_value(signifier, value)
        if not signifier.story_attribute or answer is None:
            continue
        option = next(
            (o for o in signifier.options.all() if answer.option_keys[:1] == (o.key,)), None
        )
        if option is None:
            attributes[signifier.story_attribute] = ""
        elif signifier.story_attribute == Signifier.StoryAttribute.ROLE_TYPE:
            attributes[signifier.story_attribute] = option.group
        else:
            attributes[signifier.story_attribute] = option.key
    return attributes


def _answer_rows(
    story: Story, signifiers: Mapping[str, Signifier], answers: Mapping[str, Any]
) -> list[Answer]:
    """Unsaved answer rows of one story, through AnswerFactory.build."""
    return [
        AnswerFactory.build(story=story, signifier=signifier, **vars(row))
        for key, value in answers.items()
        for signifier in [_signifier(signifiers, key)]
        for row in _stored(signifier, value)
    ]


# --- stories ---------------------------------------------------------------------------------
def default_collection() -> Collection:
    """The default "Passend onderwijs" collection, loaded from its data file if not there."""
    collection = Collection.objects.filter(slug="passend-onderwijs").first()
    return collection or collection_load_file(path=DEFAULT_FILE).collection


def _version(collection: Collection) -> QuestionnaireVersion:
    version = latest_published_version(collection.questionnaire)
    if version is None:
        raise ValueError(f"{collection.slug} has no published questionnaire")
    return version


class StoryFactory(DjangoModelFactory[Story]):
    """A story in a collection's track, on its latest published questionnaire version:
    complete and new in the moderation queue unless traits say otherwise.
    StoryFactory(collection=passend, role="leerling", answers={"gevoel": "hoop"})."""

    if TYPE_CHECKING:
        # Calling a factory creates the model instance (factory_boy leaves __new__ untyped).
        def __new__(cls, *args: Any, **kwargs: Any) -> Story: ...  # type: ignore[misc]

    class Meta:
        model = Story
        skip_postgeneration_save = True

    class Params:
        role = "ouder"
        # The version's questions, when the caller has them already (stories_bulk).
        questions = factory.LazyAttribute(lambda o: version_questions(o.questionnaire_version))
        incomplete = factory.Trait(
            status=Story.Status.INCOMPLETE, completed_at=None, step_reached=1
        )
        approved = factory.Trait(moderation=Story.Moderation.APPROVED)
        hidden = factory.Trait(moderation=Story.Moderation.HIDDEN)

    collection = factory.LazyFunction(default_collection)
    track = factory.LazyAttribute(lambda o: Track.objects.get(collection=o.collection, role=o.role))
    questionnaire_version = factory.LazyAttribute(lambda o: _version(o.collection))
    title = STORY_TITLE
    text = STORY_TEXT
    status = Story.Status.COMPLETE
    moderation = Story.Moderation.NEW
    step_reached = factory.LazyAttribute(lambda o: o.questions.last_step)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=20))
    completed_at = factory.LazyAttribute(lambda o: o.started_at + timedelta(minutes=20))
    submission_token = factory.LazyFunction(uuid.uuid4)

    @factory.post_generation
    def answers(
        story: Story, create: bool, extracted: Mapping[str, Any] | None, **kwargs: Any
    ) -> None:
        """Store `answers` through the kinds, with the region and role they carry copied
        onto the story."""
        if not create or not extracted:
            return
        signifiers = _signifiers(story.questionnaire_version)
        Answer.objects.bulk_create(_answer_rows(story, signifiers, extracted))
        attributes = _story_attributes(signifiers, extracted)
        if attributes:
            for name, value in attributes.items():
                setattr(story, name, value)
            story.save(update_fields=list(attributes))

    @classmethod
    def _after_postgeneration(cls, instance: Story, create: bool, results: Any = None) -> None:
        # The search vector covers title, text and free-text answers, as the services keep it.
        if create:
            story_refresh_search(story_id=instance.pk)


class AnswerFactory(DjangoModelFactory[Answer]):
    """One stored answer row: AnswerFactory(story=story, key="goed_onderwijs", value=72).
    The row's columns come from the kind's storage; a multiple choice of several options is
    several rows, so give those through StoryFactory(answers=...)."""

    if TYPE_CHECKING:
        # Calling a factory creates the model instance (factory_boy leaves __new__ untyped).
        def __new__(cls, *args: Any, **kwargs: Any) -> Answer: ...  # type: ignore[misc]

    class Meta:
        model = Answer

    class Params:
        key = None
        value = None
        stored = factory.LazyAttribute(lambda o: _one_stored(o.signifier, o.value))

    story = factory.SubFactory(StoryFactory)
    signifier = factory.LazyAttribute(
        lambda o: (
            Signifier.objects.get(version_id=o.story.questionnaire_version_id, key=o.key)
            if o.key
            else None
        )
    )
    is_na = factory.LazyAttribute(lambda o: o.stored.is_na)
    option_id = factory.LazyAttribute(lambda o: o.stored.option_id)
    slider = factory.LazyAttribute(lambda o: o.stored.slider)
    triad_a = factory.LazyAttribute(lambda o: o.stored.triad_a)
    triad_b = factory.LazyAttribute(lambda o: o.stored.triad_b)
    triad_c = factory.LazyAttribute(lambda o: o.stored.triad_c)
    text = factory.LazyAttribute(lambda o: o.stored.text)


def stories_bulk(
    collection: Collection,
    answers: Sequence[Mapping[str, Any]],
    *,
    role: str = "ouder",
    version: QuestionnaireVersion | None = None,
    moderation: str = Story.Moderation.APPROVED,
    **fields: Any,
) -> list[Story]:
    """One complete story per dict of answers, built by StoryFactory and saved with
    bulk_create (the teller flow is too slow for thousands). Approved by default, as the
    analysis only counts approved stories; the first is the newest, a minute apart."""
    version = version or _version(collection)
    questions = version_questions(version)
    signifiers = {s.key: s for s in questions.signifiers}
    track = Track.objects.get(collection=collection, role=role)
    now = timezone.now()
    stories = Story.objects.bulk_create(
        [
            StoryFactory.build(
                collection=collection,
                track=track,
                questionnaire_version=version,
                questions=questions,
                moderation=moderation,
                started_at=now - timedelta(minutes=i + 1),
                completed_at=now - timedelta(minutes=i),
                **{**_story_attributes(signifiers, given), **fields},
            )
            for i, given in enumerate(answers)
        ]
    )
    Answer.objects.bulk_create(
        row
        for story, given in zip(stories, answers, strict=True)
        for row in _answer_rows(story, signifiers, given)
    )
    Story.objects.filter(pk__in=[s.pk for s in stories]).update(search=search_vector())
    return stories


def from_crosstab(
    table: list[list[int]], row_key: str, row_values: list[Any], col_key: str, col_values: list[Any]
) -> list[dict[str, Any]]:
    """Answer dicts that reproduce a contingency table cell by cell (for stories_bulk)."""
    result: list[dict[str, Any]] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            result.extend({row_key: row_values[i], col_key: col_values[j]} for _ in range(count))
    return result


def tell_story(
    collection: Collection,
    role: str = "ouder",
    answers: Mapping[str, Any] | None = None,
    *,
    until_step: int | None = None,
    title: str = STORY_TITLE,
    text: str = STORY_TEXT,
    source: str = "",
    visit_id: uuid.UUID | None = None,
    started_at: datetime | None = None,
    language: str = "nl",
) -> Story:
    """A story told through tracks/services.py, step by step, as the teller flow stores it.
    The teller sends steps 1 to `until_step` (None: every step, so the story is complete;
    1: only the story itself) and skips every question not in `answers`."""
    track = Track.objects.get(collection=collection, role=role)
    questions: Questions = version_questions(_version(collection))
    last = questions.last_step if until_step is None else until_step
    signifiers = {s.key: s for s in questions.signifiers}
    values = {
        key: answer_value(_signifier(signifiers, key), value)
        for key, value in (answers or {}).items()
    }
    unsent = [key for key in values if signifiers[key].step > last]
    if unsent:
        raise ValueError(f"answers on steps the teller does not send: {unsent}")
    visit = visit_id or uuid.uuid4()
    story = services.story_start(
        track=track,
        questions=questions,
        text=text,
        title=title,
        submission_token=uuid.uuid4(),
        source=source,
        visit_id=visit,
        started_at=started_at or timezone.now() - timedelta(minutes=20),
        language=language,
    )
    for step in range(2, last + 1):
        services.story_answer_step(
            story_id=story.pk,
            visit_id=visit,
            questions=questions,
            step=step,
            values={s.key: values[s.key] for s in questions.of_step(step) if s.key in values},
            complete=step == questions.last_step,
        )
    story.refresh_from_db()
    return story


# --- staff -----------------------------------------------------------------------------------
class StaffUserFactory(DjangoModelFactory[User]):
    """A staff account in one role group (access/roles.py), or in none:
    StaffUserFactory(moderator=True), StaffUserFactory(coordinator=True, regions=["apeldoorn"]).
    A coordinator follows the demo region unless `regions` names others."""

    if TYPE_CHECKING:
        # Calling a factory creates the model instance (factory_boy leaves __new__ untyped).
        def __new__(cls, *args: Any, **kwargs: Any) -> User: ...  # type: ignore[misc]

    class Meta:
        model = get_user_model()

    class Params:
        moderator = factory.Trait(role=Role.MODERATOR)
        analyst = factory.Trait(role=Role.ANALYST)
        editor = factory.Trait(role=Role.EDITOR)
        coordinator = factory.Trait(role=Role.COORDINATOR, regions=[DEMO_REGION])

    # Not model fields: _create grants them, as access.demo grants a demo account its role.
    role: Any = None
    regions: Any = factory.List([])
    username = factory.LazyAttributeSequence(lambda o, n: f"{(o.role or 'geen').lower()}-{n}")
    password = Password(PASSWORD)

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("role")
        kwargs.pop("regions")
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        role, regions = kwargs.pop("role"), kwargs.pop("regions")
        user = super()._create(model_class, *args, **kwargs)
        if role:
            roles_ensure()
            user.groups.add(Group.objects.get(name=role))
        RegionAssignment.objects.bulk_create(
            RegionAssignment(user=user, region=region) for region in regions or []
        )
        return user
