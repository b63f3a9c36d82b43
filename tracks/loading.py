"""Load a collection, its tracks and its questionnaire from a data file (signifiers.spec).

Loading is idempotent. A collection and its tracks are created when missing and then left
alone, so wording that staff change later is not overwritten on the next deploy; only the
page titles follow a new questionnaire version from the file, since they name its pages. A
questionnaire version is created and published when its number is new; when the number
exists and the file says something else, loading refuses: a published version is immutable,
so the file must get a new version number.

Wording in other teller languages comes from the language files beside the data file
(signifiers.spec_translations): a question's with its version, a collection's and a track's
when the stored one lacks that language.

Source channels are loaded when the collection has none yet (a new collection, or one from
before there were channels); after that the list is staff's, edited in the Django admin.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from signifiers import selectors as signifier_selectors
from signifiers import services as signifier_services
from signifiers.models import Questionnaire, QuestionnaireVersion
from signifiers.spec import SpecError, load_file
from tracks.models import SOURCE_OTHER, Collection, SourceChannel, Story, Track


@dataclass(frozen=True)
class LoadResult:
    collection: Collection
    version: QuestionnaireVersion
    created: list[str]


@transaction.atomic
def collection_load_file(*, path: Path) -> LoadResult:
    spec = load_file(path)
    created: list[str] = []
    q_spec = spec["questionnaire"]

    questionnaire, made = Questionnaire.objects.get_or_create(
        slug=q_spec["slug"], defaults={"title": q_spec["title"]}
    )
    if made:
        created.append(f"questionnaire {questionnaire.slug}")

    version = QuestionnaireVersion.objects.filter(
        questionnaire=questionnaire, number=q_spec["version"]
    ).first()
    new_version = version is None
    if version is None:
        version = signifier_services.questionnaire_version_create(
            questionnaire=questionnaire,
            number=q_spec["version"],
            label=q_spec["label"],
            signifiers=q_spec["signifiers"],
        )
        signifier_services.questionnaire_version_publish(version=version)
        created.append(f"version {version.label}")
    elif signifier_selectors.version_spec(version) != q_spec["signifiers"]:
        raise SpecError(
            f"{path}: version {q_spec['version']} of {questionnaire.slug} is already stored "
            "with different questions; a published version cannot change, so give the file "
            "a new version number"
        )

    c_spec = spec["collection"]
    collection, made = Collection.objects.get_or_create(
        slug=c_spec["slug"],
        defaults={
            "title": c_spec["title"],
            "welcome": c_spec["welcome"],
            "controller": c_spec["controller"],
            "retention_until": c_spec["retention_until"],
            "questionnaire": questionnaire,
            "translations": c_spec["translations"],
        },
    )
    if made:
        created.append(f"collection {collection.slug}")
    elif _add_languages(collection, c_spec["translations"]):
        created.append(f"collection {collection.slug} in more languages")
    for order, t_spec in enumerate(spec["tracks"], start=1):
        track, made = Track.objects.get_or_create(
            collection=collection,
            role=t_spec["role"],
            defaults={
                "order": order,
                "title": t_spec["title"],
                "summary": t_spec["summary"],
                "intro": t_spec["intro"],
                "story_prompt": t_spec["story_prompt"],
                "story_help": t_spec["story_help"],
                "title_prompt": t_spec["title_prompt"],
                "step_titles": t_spec["steps"],
                "translations": t_spec["translations"],
            },
        )
        if made:
            created.append(f"track {t_spec['role']}")
            continue
        if _add_languages(track, t_spec["translations"]):
            created.append(f"track {t_spec['role']} in more languages")
        if new_version and track.step_titles != t_spec["steps"]:
            # The page titles belong to the pages of the version the file brings: a new
            # version from the file may split or join pages, so its titles come along.
            track.step_titles = t_spec["steps"]
            track.save(update_fields=["step_titles"])
    if spec["sources"] and not collection.source_channels.exists():
        _channels_create(collection, spec["sources"])
        created.append(f"{len(spec['sources'])} source channels")
    return LoadResult(collection=collection, version=version, created=created)


def _add_languages(obj: Collection | Track, translations: dict[str, dict]) -> bool:
    """Give a stored collection or track the languages the file has and it has not yet; a
    language it has already is left as staff may have changed it."""
    missing = {code: texts for code, texts in translations.items() if code not in obj.translations}
    if not missing:
        return False
    obj.translations = obj.translations | missing
    obj.save(update_fields=["translations"])
    return True


def _channels_create(collection: Collection, sources: list[dict[str, str]]) -> None:
    SourceChannel.objects.bulk_create(
        SourceChannel(collection=collection, key=s["key"], label=s["label"], order=i * 10)
        for i, s in enumerate(sources, start=1)
    )
    # Stories told before the collection had a list kept their ?bron= as written, which may
    # be anything (a name, a class): from now on only keys on the list are kept.
    Story.objects.filter(collection=collection).exclude(source="").exclude(
        source__in=[SOURCE_OTHER, *(s["key"] for s in sources)]
    ).update(source=SOURCE_OTHER)
