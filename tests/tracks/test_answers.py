"""Answers are stored typed: counting per option or per slider bin is a plain GROUP BY."""

import pytest
from django.db import IntegrityError, connection, transaction

from tests.teller import (
    PASSEND_EXPERIENCE,
    page_of,
    passend_about_you,
    send_pages,
    start_story,
    step_url,
)
from tracks.models import Answer, Story


def complete(client, role, step2):
    start_story(client, "passend-onderwijs", role)
    send_pages(client, "passend-onderwijs", role, step2 | passend_about_you(role))


def test_counting_stories_per_option_is_a_sql_group_by(passend, django_user_model):
    from django.test import Client

    for gevoel in ["hoop", "hoop", "boosheid"]:
        complete(Client(), "ouder", {**PASSEND_EXPERIENCE, "gevoel": gevoel})
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT o.key, COUNT(DISTINCT a.story_id)
            FROM tracks_answer a
            JOIN signifiers_signifier s ON s.id = a.signifier_id
            JOIN signifiers_option o ON o.id = a.option_id
            WHERE s.key = 'gevoel'
            GROUP BY o.key ORDER BY o.key
            """
        )
        assert cursor.fetchall() == [("boosheid", 1), ("hoop", 2)]


def test_counting_stories_per_slider_bin_is_a_sql_group_by(passend):
    from django.test import Client

    for value in ["5", "15", "95", "100"]:
        complete(Client(), "leerling", {"goed_onderwijs_0": value})
    complete(Client(), "leerling", {"goed_onderwijs_1": "on"})
    complete(Client(), "leerling", {})
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT width_bucket(a.slider, 0, 101, 5) AS bin, COUNT(*)
            FROM tracks_answer a JOIN signifiers_signifier s ON s.id = a.signifier_id
            WHERE s.key = 'goed_onderwijs' AND NOT a.is_na
            GROUP BY bin ORDER BY bin
            """
        )
        assert cursor.fetchall() == [(1, 2), (5, 2)]
    assert Answer.objects.filter(signifier__key="goed_onderwijs", is_na=True).count() == 1
    # The skipped one has no row: not answered is not a value.
    assert Story.objects.filter(status="complete").count() == 6
    assert Answer.objects.filter(signifier__key="goed_onderwijs").count() == 5


def test_the_database_refuses_a_triad_that_does_not_sum_to_100(triade, client):
    start_story(client, "triade-test", "ouder")
    story = Story.objects.get()
    balans = story.questionnaire_version.signifiers.get(key="balans")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(story=story, signifier=balans, triad_a=50, triad_b=30, triad_c=30)
    Answer.objects.create(story=story, signifier=balans, triad_a=50, triad_b=30, triad_c=20)


def test_the_database_refuses_a_slider_above_100_and_mixed_values(triade, client):
    start_story(client, "triade-test", "ouder")
    story = Story.objects.get()
    nut = story.questionnaire_version.signifiers.get(key="nut")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(story=story, signifier=nut, slider=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(story=story, signifier=nut, slider=10, is_na=True)


def test_the_service_refuses_too_many_choices_even_without_the_form(triade, client):
    from signifiers.answers import AnswerValue
    from signifiers.selectors import version_questions
    from tracks import services

    start_story(client, "triade-test", "ouder")
    story = Story.objects.get()
    with pytest.raises(ValueError, match="too many"):
        services.story_answer_step(
            story_id=story.pk,
            visit_id=story.visit_id,
            questions=version_questions(story.questionnaire_version),
            step=2,
            complete=False,
            values={
                "wie": AnswerValue(option_keys=("a", "b", "c")),
                "tevreden": AnswerValue(slider=5),
            },
        )


def test_a_pupil_reads_plain_option_words_while_the_answer_keeps_its_key_and_staff_label(
    passend, staff_client
):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    start_story(client, "passend-onderwijs", "leerling")
    answers = {"aspect": "werksituatie", "gevoel": "onverschilligheid"}
    send_pages(client, "passend-onderwijs", "leerling", answers, last=page_of("aspect") - 1)
    page = client.get(step_url("passend-onderwijs", "leerling", page_of("aspect")))
    assert "de lessen en hoe het gaat in de klas" in page.content.decode()
    assert "werksituatie (in de klas" not in page.content.decode()
    send_pages(
        client,
        "passend-onderwijs",
        "leerling",
        answers,
        first=page_of("aspect"),
        last=page_of("aspect"),
    )
    story = Story.objects.get()
    chosen = Answer.objects.filter(story=story, option__isnull=False).values_list(
        "option__key", flat=True
    )
    assert set(chosen) == {"werksituatie", "onverschilligheid"}
    detail = staff_client("Moderator").get(reverse("moderation:detail", args=[story.pk]))
    html = detail.content.decode()
    assert "de werksituatie (in de klas, op school)" in html
    assert "onverschilligheid" in html and "het maakte me niet uit" not in html
