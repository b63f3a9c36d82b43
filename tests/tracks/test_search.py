"""Staff search finds stories of every teller language: each story's words are searched as
its own language stems them (Polish and Ukrainian word for word), Dutch queries keep their
stemming and operators, and every branch of the search is a look-up in the GIN index."""

import importlib

import pytest
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.urls import reverse

from tests.factories import tell_story
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Story
from tracks.search import CONFIGS, FALLBACK, config_for, stories_matching

DUTCH = "De wachtlijst bij de jeugdzorg duurde negen maanden."
ENGLISH = "We spent a year on the waiting list before my son got any support."
TURKISH = "Oğlum okulda hiç destek almadı ve bekleme listesi çok uzundu."
ARABIC = "لم يحصل ابني على أي مساعدة في المدرسة"
POLISH = "Rodzice nie dostali żadnej pomocy w szkole."
UKRAINIAN = "Мій син нарешті отримав допомогу в школі."


@pytest.fixture
def told(passend) -> dict[str, Story]:
    return {
        "nl": tell_story(passend, "ouder", text=DUTCH, until_step=1),
        "en": tell_story(passend, "ouder", text=ENGLISH, until_step=1, language="en"),
        "tr": tell_story(passend, "ouder", text=TURKISH, until_step=1, language="tr"),
        "ar": tell_story(passend, "ouder", text=ARABIC, until_step=1, language="ar"),
        "pl": tell_story(passend, "ouder", text=POLISH, until_step=1, language="pl"),
        "uk": tell_story(passend, "ouder", text=UKRAINIAN, until_step=1, language="uk"),
    }


def found(q: str) -> set[str]:
    """The languages of the stories a staff search for `q` finds."""
    return set(stories_filtered(StoryFilter(q=q)).values_list("language", flat=True))


@pytest.mark.django_db
def test_every_teller_language_has_a_configuration_this_postgresql_knows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        known = {row[0] for row in cursor.fetchall()}
    for code, _name in settings.LANGUAGES:
        assert config_for(code) in known, code
    assert {config_for("pl"), config_for("uk")} == {FALLBACK} == {"simple"}
    assert set(CONFIGS) <= {code for code, _ in settings.LANGUAGES}


def test_an_english_story_is_found_by_english_word_forms(told):
    assert found("waiting lists") == {"en"}
    # Only English stemming makes "waited" and "waiting" one word.
    assert found("waited") == {"en"}
    assert found('"waiting list"') == {"en"}


def test_a_turkish_story_is_found_by_another_form_of_its_word(told):
    # "okulda" (at school) and "okullar" (schools) are both "okul" in Turkish.
    assert found("okullar") == {"tr"}


def test_an_arabic_story_is_found_without_its_article(told):
    # "المدرسة" (the school) in the story, "مدرسة" (a school) in the query.
    assert found("مدرسة") == {"ar"}


def test_polish_and_ukrainian_stories_are_found_by_their_exact_words(told):
    assert found("szkole") == {"pl"}
    assert found("SZKOLE") == {"pl"}  # lowercased, diacritics kept
    assert found("школі") == {"uk"}
    # Word for word: no Dutch stemmer cutting "rodzice" (parents) to "rodzic" (a parent).
    assert found("rodzic") == set()
    assert found("rodzice") == {"pl"}


def test_a_dutch_story_is_still_found_by_its_stem_with_the_operators(told):
    assert found("wachtlijsten") == {"nl"}
    assert found('"negen maanden"') == {"nl"}
    assert found("wachtlijst -jeugdzorg") == set()
    assert found("wachtlijsten OR okullar OR szkole") == {"nl", "tr", "pl"}
    assert found("support -son") == set()


def test_a_search_in_every_language_is_answered_from_the_gin_index(told):
    """Each branch compares the stored vector with a constant query, so PostgreSQL can use
    the index for all of them (a query parsed per story would mean reading every story)."""
    sql, params = (
        stories_matching(Story.objects.all(), "wachtlijsten").only("pk").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "story_search_idx" in plan
    assert "Seq Scan" not in plan, plan
    # One index look-up per configuration: Dutch, and the others for their languages.
    assert plan.count("story_search_idx") == len(set(CONFIGS.values()) | {FALLBACK})


def test_the_migration_remakes_the_vectors_of_stories_told_before_in_another_language(told):
    """Stories told in English etc. before each language had its own configuration have a
    Dutch vector; the migration makes it again as tracks.search does now."""
    migration = importlib.import_module("tracks.migrations.0011_story_search_language")
    expected = dict(Story.objects.values_list("pk", "search"))
    Story.objects.update(search=SearchVector("title", "text", config="dutch"))
    assert found("waited") == set()
    with connection.cursor() as cursor:
        cursor.execute(migration.REVECTOR_SQL)
    assert found("waited") == {"en"}
    remade = dict(Story.objects.exclude(language="nl").values_list("pk", "search"))
    assert remade == {pk: expected[pk] for pk in remade}
    assert len(remade) == 5


def test_the_queue_highlights_the_words_as_the_storys_language_stems_them(told, staff_client):
    html = staff_client("Moderator").get(reverse("moderation:queue"), {"q": "waited"})
    page = html.content.decode()
    assert "<mark>waiting</mark>" in page
    assert 'lang="en" dir="auto"' in page
