"""Source channels: the `?bron=` of a link is one of the channels staff keep per collection,
or "overig". Whatever else a link says is never stored, so it never reaches a dashboard."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from exports.selectors import export_story_count
from signifiers.spec import SpecError, load_file, parse
from tests.conftest import DEFAULT_FILE
from tests.teller import start_story
from tracks.filters import StoryFilter
from tracks.loading import collection_load_file
from tracks.models import SOURCE_OTHER, SourceChannel, Story


def told_with(link: str) -> Story:
    client = Client()
    client.get(link)
    start_story(client, "passend-onderwijs", "ouder")
    return Story.objects.latest("pk")


def test_the_default_collection_ships_a_list_of_channels(passend):
    channels = dict(passend.source_channels.values_list("key", "label"))
    assert {"facebook", "instagram", "whatsapp", "nieuwsbrief", "school", "website"} <= set(
        channels
    )
    assert channels["facebook"] == "Facebook"
    assert channels["nieuwsbrief"] == "Nieuwsbrief"
    assert SOURCE_OTHER not in channels  # reserved: every unknown value


def test_a_known_bron_is_kept(passend):
    assert told_with("/passend-onderwijs/?bron=facebook").source == "facebook"
    assert told_with("/passend-onderwijs/?bron=WhatsApp").source == "whatsapp"


@pytest.mark.parametrize(
    "value",
    ["Jan-de-Vries.klas-3b", "nieuwsbrief-mei", "x" * 200, "<script>", "overig", "é"],
)
def test_an_unknown_bron_is_stored_as_overig_never_verbatim(passend, value):
    story = told_with(f"/passend-onderwijs/?bron={value}")
    assert story.source == SOURCE_OTHER


def test_no_bron_stays_empty(passend):
    assert told_with("/passend-onderwijs/").source == ""


def test_a_channel_staff_add_is_kept_from_then_on(passend):
    SourceChannel.objects.create(collection=passend, key="nieuwsbrief-mei", label="Mei-brief")
    assert told_with("/passend-onderwijs/?bron=nieuwsbrief-mei").source == "nieuwsbrief-mei"


def test_channels_are_per_collection(passend, triade):
    SourceChannel.objects.create(collection=triade, key="alleen-triade", label="Alleen triade")
    assert told_with("/passend-onderwijs/?bron=alleen-triade").source == SOURCE_OTHER


def test_filtering_and_exporting_by_source_still_work(passend, staff_client):
    facebook = told_with("/passend-onderwijs/?bron=facebook")
    other = told_with("/passend-onderwijs/?bron=Jan-de-Vries.klas-3b")
    assert export_story_count(StoryFilter(source="facebook")) == 1
    assert export_story_count(StoryFilter(source=SOURCE_OTHER)) == 1
    html = staff_client("Moderator").get(reverse("moderation:queue"), {"source": "overig"})
    assert reverse("moderation:detail", args=[other.pk]) in html.content.decode()
    assert reverse("moderation:detail", args=[facebook.pk]) not in html.content.decode()


# --- Staff keep the list in the Django admin ---------------------------------------------------


@pytest.fixture
def admin_client(django_user_model) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("beheer", password="x-Secret-1"))
    return client


def test_staff_edit_the_channels_in_the_admin(passend, admin_user):
    from django.test import Client

    from tests.conftest import sign_in

    admin_client = sign_in(Client(), admin_user)  # with the second factor the admin asks
    changelist = reverse("admin:tracks_sourcechannel_changelist")
    assert "Facebook" in admin_client.get(changelist).content.decode()
    response = admin_client.post(
        reverse("admin:tracks_sourcechannel_add"),
        {"collection": passend.pk, "key": "ouderraad", "label": "Ouderraad", "order": 20},
    )
    assert response.status_code == 302
    assert passend.source_channels.filter(key="ouderraad", label="Ouderraad").exists()


@pytest.mark.parametrize("key", ["overig", "Hoofdletters", "met spatie", "x" * 33, ""])
def test_a_channel_key_is_a_short_lowercase_token_and_not_the_reserved_one(passend, key):
    channel = SourceChannel(collection=passend, key=key, label="Iets")
    with pytest.raises(ValidationError):
        channel.full_clean()


# --- The data file and its loader ------------------------------------------------------------


def test_loading_again_neither_duplicates_nor_overwrites_the_channels(passend):
    SourceChannel.objects.filter(collection=passend, key="facebook").update(label="FB-groepen")
    before = passend.source_channels.count()
    collection_load_file(path=DEFAULT_FILE)
    assert passend.source_channels.count() == before
    assert passend.source_channels.get(key="facebook").label == "FB-groepen"


def test_a_collection_that_gets_its_channels_keeps_no_source_verbatim(passend):
    """Upgrading: stories told before there was a list keep only sources on it."""
    told_with("/passend-onderwijs/?bron=facebook")
    Story.objects.update(source="jan-de-vries.klas-3b")
    told_with("/passend-onderwijs/?bron=school")
    passend.source_channels.all().delete()
    collection_load_file(path=DEFAULT_FILE)
    assert sorted(Story.objects.values_list("source", flat=True)) == [SOURCE_OTHER, "school"]


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([{"key": "overig", "label": "Overig"}], "reserved"),
        ([{"key": "Face Book", "label": "Facebook"}], "key"),
        ([{"key": "a", "label": "A"}, {"key": "a", "label": "B"}], "unique"),
        ([{"key": "a", "label": ""}], "label"),
    ],
)
def test_the_data_file_is_checked_for_its_channels(sources, message):
    raw = _raw(DEFAULT_FILE)
    raw["sources"] = sources
    with pytest.raises(SpecError, match=message):
        parse(raw)


def test_the_data_file_lists_its_channels():
    spec = load_file(DEFAULT_FILE)
    assert {"key": "facebook", "label": "Facebook"} in spec["sources"]


def _raw(path: Path) -> dict:
    import tomllib

    with path.open("rb") as fh:
        return tomllib.load(fh)
