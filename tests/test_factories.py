"""The test data factories store answers exactly as the teller flow does."""

import pytest

from access.models import Group as Role
from access.models import Perm
from tests.factories import (
    NA,
    AnswerFactory,
    StaffUserFactory,
    StoryFactory,
    stories_bulk,
    tell_story,
)
from tests.teller import last_page
from tracks.models import Answer, Story

ANSWERS = {
    "gevoel": "hoop",
    "goed_onderwijs": 72,
    "gevolgen": NA,
    "invloed": ["leraar_mentor", "ib_zorgcoordinator"],
    "advies": "Luister eerder naar ouders.",
    "rol": "ouder_verzorger",
    "regio": "kennemerland",
}
COLUMNS = ("signifier__key", "is_na", "option__key", "slider", "triad_a", "text")


def stored(story: Story) -> list[tuple]:
    return sorted(Answer.objects.filter(story=story).values_list(*COLUMNS))


def test_factory_stories_hold_the_rows_and_columns_the_teller_flow_stores(passend):
    told = tell_story(passend, "ouder", ANSWERS)
    made = StoryFactory(collection=passend, role="ouder", answers=ANSWERS)
    (bulk,) = stories_bulk(passend, [ANSWERS])

    assert stored(made) == stored(told) == stored(bulk)
    assert len(stored(told)) == 8  # two rows for the two chosen influences
    for story in (told, made, bulk):
        story.refresh_from_db()
        assert (story.status, story.step_reached) == (Story.Status.COMPLETE, last_page())
        assert (story.region, story.role_type) == ("kennemerland", "ouder")
    assert Story.objects.filter(search="ouders").count() == 3


def test_a_triad_is_stored_as_three_shares(triade):
    story = StoryFactory(collection=triade, answers={"balans": (20, 30, 50)})
    row = Answer.objects.get(story=story)
    assert (row.triad_a, row.triad_b, row.triad_c) == (20, 30, 50)


@pytest.mark.parametrize(
    "answers",
    [{"gevoel": "bestaat_niet"}, {"goed_onderwijs": 101}, {"gevoel": NA}, {"onbekend": 1}],
)
def test_an_answer_the_question_does_not_take_is_refused(passend, answers):
    with pytest.raises(ValueError):
        StoryFactory(collection=passend, answers=answers)


def test_one_answer_row_from_its_value(passend):
    story = StoryFactory(collection=passend)
    assert AnswerFactory(story=story, key="goed_onderwijs", value=40).slider == 40
    with pytest.raises(ValueError):
        AnswerFactory(story=story, key="invloed", value=["ikzelf", "leerling"])


def test_a_teller_who_stops_after_the_story_leaves_an_incomplete_story(passend):
    story = tell_story(passend, "leerling", until_step=1)
    assert (story.status, story.step_reached, story.answers.count()) == ("incomplete", 1, 0)


def test_staff_traits_grant_one_role_each(db):
    coordinator = StaffUserFactory(coordinator=True)
    analyst = StaffUserFactory(analyst=True)
    nobody = StaffUserFactory()

    assert coordinator.has_perm(Perm.VIEW_DASHBOARD) and not coordinator.has_perm(Perm.READ_STORIES)
    assert list(coordinator.region_assignments.values_list("region", flat=True)) == ["kennemerland"]
    assert analyst.has_perm(Perm.EXPORT) and not analyst.has_perm(Perm.MODERATE)
    assert [g.name for g in analyst.groups.all()] == [Role.ANALYST]
    assert not nobody.groups.exists()
    assert nobody.check_password("x-Secret-123")
