"""Stories answer different questionnaire versions; the columns stay the same and stable: the
union of keys, in the newest version's order."""

import copy

from exports.columns import plan_build
from exports.selectors import export_versions
from signifiers import services as signifier_services
from signifiers.selectors import latest_published_version, version_spec
from tests.exports.archive import by_story, wide
from tests.factories import tell_story
from tracks.filters import StoryFilter


def publish_next_version(collection) -> tuple[str, str]:
    """The version after the file's: drops `aspect`, adds a slider `nieuw` after `gevoel`, adds
    an option to `invloed`, and rewords `gevoel`. Returns the labels of both versions."""
    current = latest_published_version(collection.questionnaire)
    assert current is not None
    spec = copy.deepcopy(version_spec(current))
    spec = [s for s in spec if s["key"] != "aspect"]
    gevoel = next(s for s in spec if s["key"] == "gevoel")
    gevoel["wording"]["ouder"]["prompt"] = "Welk gevoel gaf deze ervaring u?"
    nieuw = copy.deepcopy(next(s for s in spec if s["key"] == "goed_onderwijs"))
    nieuw["key"] = "nieuw"
    spec.insert(spec.index(gevoel) + 1, nieuw)
    invloed = next(s for s in spec if s["key"] == "invloed")
    invloed["options"].append({"key": "ai_assistent", "label": "AI", "roles": [], "group": ""})
    number = current.number + 1
    following = signifier_services.questionnaire_version_create(
        questionnaire=collection.questionnaire, number=number, label=f"{number}.0", signifiers=spec
    )
    signifier_services.questionnaire_version_publish(version=following)
    return current.label, following.label


def test_columns_are_the_union_of_keys_in_the_newest_order(passend, tmp_path):
    old = tell_story(passend, "ouder", {"aspect": "relaties", "invloed": "ikzelf"})
    old_label, new_label = publish_next_version(passend)
    new = tell_story(passend, "ouder", {"nieuw": 40, "invloed": "ai_assistent"})
    rows = by_story(wide(tmp_path))
    header = list(rows[old.pk])
    start = header.index("gevoel")
    assert header[start : start + 8] == [
        "gevoel",
        "nieuw",
        "nieuw__nvt",
        "goed_onderwijs",
        "goed_onderwijs__nvt",
        "gevolgen",
        "gevolgen__nvt",
        # Only the older version has it: after the key it followed there.
        "aspect",
    ]
    assert header.index("invloed__ai_assistent") == header.index("invloed__anders") + 1

    assert rows[old.pk]["questionnaire_version"] == old_label
    assert rows[old.pk]["aspect"] == "relaties"
    assert rows[old.pk]["nieuw"] == rows[old.pk]["nieuw__nvt"] == ""
    # The older version never offered the new option: empty, not "not chosen".
    assert rows[old.pk]["invloed__ai_assistent"] == ""
    assert rows[old.pk]["invloed__ikzelf"] == "1"

    assert rows[new.pk]["questionnaire_version"] == new_label
    assert (rows[new.pk]["nieuw"], rows[new.pk]["nieuw__nvt"]) == ("40", "0")
    assert rows[new.pk]["invloed__ai_assistent"] == "1"
    assert rows[new.pk]["aspect"] == ""


def test_the_columns_do_not_depend_on_which_stories_are_selected(passend, tmp_path):
    tell_story(passend, "ouder")
    old_label, new_label = publish_next_version(passend)
    tell_story(passend, "leerling")
    everything = list(wide(tmp_path / "a")[0])
    only_pupils = list(wide(tmp_path / "b", flt=StoryFilter(track="leerling"))[0])
    assert everything == only_pupils
    # The newest wording leads in the codebook.
    plan = plan_build(export_versions(StoryFilter()))
    gevoel = next(q for q in plan.questions if q.key == "gevoel")
    assert gevoel.wording["ouder"][0] == "Welk gevoel gaf deze ervaring u?"
    assert gevoel.versions == [new_label, old_label]
