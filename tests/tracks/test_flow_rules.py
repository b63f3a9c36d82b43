"""The teller flow's rules as pure functions of a state (tracks.flow), without HTTP."""

import pytest

from tracks import flow
from tracks.flow import THANKS, FlowState, Move, Open, Refuse, Save

LAST = 4


def telling(reached: int, role: str = "ouder") -> FlowState:
    return FlowState(story_id=7, role=role, version_id=3, step_reached=reached)


def completed(role: str = "ouder") -> FlowState:
    return flow.story_completed(telling(LAST - 1, role), receipt="ABCD")


@pytest.mark.parametrize(
    ("step", "reached", "allowed"),
    [(2, 1, True), (3, 1, False), (3, 2, True), (2, 3, True), (4, 3, True), (5, 4, False)],
)
def test_a_step_may_be_sent_once_the_one_before_it_was_saved(step, reached, allowed):
    assert flow.may_send(step, reached, LAST) is allowed


def test_step_one_is_never_a_question_step():
    assert not flow.may_send(1, 1, LAST)


def test_opening_a_reached_step_shows_it_and_a_later_one_leads_to_the_next_step():
    assert flow.open_step(telling(2), role="ouder", step=3, last=LAST) == Open(7)
    assert flow.open_step(telling(2), role="ouder", step=2, last=LAST) == Open(7)
    assert flow.open_step(telling(1), role="ouder", step=4, last=LAST) == Move(2)


def test_without_a_story_a_question_step_leads_to_the_story():
    assert flow.open_step(FlowState(), role="ouder", step=2, last=LAST) == Move(1)
    # Another track's story does not count for this track.
    assert flow.open_step(telling(3, "leerling"), role="ouder", step=2, last=LAST) == Move(1)


def test_after_sending_the_back_button_shows_the_thank_you_page():
    assert flow.open_step(completed(), role="ouder", step=LAST, last=LAST) == Move(THANKS)
    assert flow.open_step(completed(), role="ouder", step=2, last=LAST) == Move(THANKS)


def test_sending_a_step_saves_it_and_goes_on():
    assert flow.send_step(telling(1), role="ouder", step=2, last=LAST, back=False) == Save(
        7, complete=False, then=3
    )


def test_only_the_last_step_sent_forward_completes_the_story():
    forward = flow.send_step(telling(3), role="ouder", step=LAST, last=LAST, back=False)
    assert forward == Save(7, complete=True, then=THANKS)


@pytest.mark.parametrize("step", [2, 3, LAST])
def test_back_saves_and_goes_back_on_every_step_the_last_one_too(step):
    sent = flow.send_step(telling(3), role="ouder", step=step, last=LAST, back=True)
    assert sent == Save(7, complete=False, then=step - 1)


def test_a_step_beyond_the_next_one_is_refused_with_the_step_to_go_on_with():
    assert flow.send_step(telling(1), role="ouder", step=3, last=LAST, back=False) == Refuse(2)


def test_a_step_sent_after_completion_makes_nothing_new():
    assert flow.send_step(completed(), role="ouder", step=LAST, last=LAST, back=False) == Move(
        THANKS
    )
    assert flow.send_step(FlowState(), role="ouder", step=LAST, last=LAST, back=False) == Refuse(1)


def test_completing_keeps_the_code_and_the_story_for_the_thank_you_page():
    state = completed()
    assert state.receipt == "ABCD" and state.completed_story_id == 7
    assert state.telling("ouder") is None and state.completed("ouder")
    assert not state.completed("leerling")


def test_another_story_keeps_the_visit_the_about_you_answers_and_the_last_code():
    state = flow.step_saved(completed(), reached=0)
    state = flow.FlowState(**(vars(state) | {"about_you": {"regio": {"option_keys": ["x"]}}}))
    following = flow.next_story(state)
    assert following.visit_id == state.visit_id
    assert following.about_you == state.about_you and following.receipt == "ABCD"
    assert following.telling("ouder") is None and following.started_at is None


def test_a_story_saved_again_keeps_how_far_the_teller_got():
    state = flow.story_saved(telling(3), story_id=7, role="ouder", version_id=3)
    assert state.step_reached == 3
    new = flow.story_saved(FlowState(), story_id=8, role="ouder", version_id=3)
    assert new.step_reached == 1 and new.telling("ouder") == 8


def test_a_source_is_one_of_the_channels_or_overig_never_what_the_link_says():
    channels = {"facebook", "nieuwsbrief"}
    assert flow.with_source(FlowState(), "Facebook", channels).source == "facebook"
    assert flow.with_source(FlowState(), "Jan-de-Vries.klas-3b", channels).source == "overig"
    assert flow.with_source(FlowState(source="facebook"), "", channels).source == "facebook"
