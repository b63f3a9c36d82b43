"""Observations, interpretations and perspectives with supporting stories and print cards."""

import pytest
from django.urls import reverse

from analysis.models import Interpretation, Observation, Perspective
from tests.factories import stories_bulk
from tracks.models import Story


@pytest.fixture
def stories(passend):
    return stories_bulk(
        passend,
        [{"gevoel": "hopeloosheid", "aspect": "systeem", "onderwijssoort": "vmbo"}] * 30
        + [{"gevoel": "hoop", "aspect": "relaties", "advies": "Luister naar ouders."}] * 30,
    )


@pytest.mark.django_db
def test_an_analyst_saves_a_pair_as_an_observation_with_its_filters(staff_client, stories):
    client = staff_client("Analist")
    response = client.post(
        reverse("analysis:observation_create") + "?moderation=approved&residu=2.5",
        {"text": "Hopeloosheid gaat samen met het systeem.", "a": "gevoel", "b": "aspect"},
    )
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert observation.query == {"moderation": "approved", "residu": "2.5"}
    assert (observation.pair_a, observation.pair_b) == ("gevoel", "aspect")
    # Its page shows today's numbers for the pair and asks for two interpretations.
    page = client.get(response["Location"]).content.decode()
    assert "vaker dan verwacht" in page
    assert "minstens 2 interpretaties" in page


@pytest.mark.django_db
def test_an_observation_keeps_only_the_filters_and_settings_that_validate(staff_client, stories):
    # A filter set that does not validate is left out whole, as the analysis pages do.
    response = staff_client("Analist").post(
        reverse("analysis:observation_create")
        + "?moderation=approved&region=%00&until=9999-12-31&pagina=3&residu=2.5",
        {"text": "Opvallend", "a": "gevoel", "b": "aspect"},
    )
    assert response.status_code == 302
    assert Observation.objects.get().query == {"residu": "2.5"}


@pytest.mark.django_db
def test_interpretations_are_added_to_an_observation(staff_client, stories):
    client = staff_client("Analist")
    observation = Observation.objects.create(text="x", pair_a="gevoel", pair_b="aspect")
    url = reverse("analysis:observation", kwargs={"observation_id": observation.pk})
    client.post(url, {"text": "Regels voelen als muren."})
    client.post(url, {"text": "Wie vastloopt, ziet vooral het systeem."})
    assert Interpretation.objects.filter(observation=observation).count() == 2
    assert "minstens 2 interpretaties" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_perspective_groups_observations_and_prints_story_cards(staff_client, stories):
    client = staff_client("Analist")
    observation = Observation.objects.create(text="Patroon", pair_a="gevoel", pair_b="aspect")
    response = client.post(
        reverse("analysis:perspectives"),
        {"title": "Vastlopen in het systeem", "summary": "Kort.", "observations": [observation.pk]},
    )
    perspective = Perspective.objects.get()
    assert response.status_code == 302
    assert list(perspective.observations.all()) == [observation]
    first, second = stories[0], stories[-1]
    hidden = stories_bulk(stories[0].collection, [{}], moderation=Story.Moderation.HIDDEN)[0]
    url = reverse("analysis:perspective", kwargs={"perspective_id": perspective.pk})
    client.post(url, {"story_ids": f"{first.pk}, {second.pk} {hidden.pk}"})
    # Hidden stories never become supporting stories.
    assert set(perspective.stories.values_list("pk", flat=True)) == {first.pk, second.pk}
    printed = client.get(
        reverse("analysis:perspective_print", kwargs={"perspective_id": perspective.pk})
    ).content.decode()
    assert "cards-a4.css" in printed
    assert printed.count('class="print-card story-card"') == 2
    assert "Luister naar ouders." in printed and "Vmbo (met of zonder lwoo)" in printed


@pytest.mark.django_db
def test_story_ids_must_be_numbers(staff_client, stories):
    perspective = Perspective.objects.create(title="P")
    url = reverse("analysis:perspective", kwargs={"perspective_id": perspective.pk})
    response = staff_client("Analist").post(url, {"story_ids": "1; DROP"})
    assert response.status_code == 200
    assert not perspective.stories.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Moderator", "Regiocoördinator"])
def test_notes_are_for_analysts_only(staff_client, passend, role):
    perspective = Perspective.objects.create(title="P")
    observation = Observation.objects.create(text="x", pair_a="a", pair_b="b")
    client = staff_client(role)
    for url in [
        reverse("analysis:observations"),
        reverse("analysis:observation", kwargs={"observation_id": observation.pk}),
        reverse("analysis:perspectives"),
        reverse("analysis:perspective", kwargs={"perspective_id": perspective.pk}),
        reverse("analysis:perspective_print", kwargs={"perspective_id": perspective.pk}),
    ]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("analysis:observation_create"), {}).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_cannot_see_notes(client):
    response = client.get(reverse("analysis:perspectives"))
    assert response.status_code == 302 and reverse("access:login") in response["Location"]
