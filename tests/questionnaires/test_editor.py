"""The questionnaire editor: staff copy a published version into a draft, edit its wording
per track, options and order, preview each track as a teller sees it, and publish. A
published version never changes again: the views refuse and the database refuses."""

import re
from collections import Counter

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from questionnaires import services as editor_services
from signifiers import services
from signifiers.models import Option, QuestionnaireVersion, Signifier, Wording
from tests.conftest import sign_in
from tests.factories import StaffUserFactory
from tests.teller import PASSEND_EXPERIENCE, page_of, start_story, step_url
from tracks.models import Story

EDITOR = "Vragenlijstbeheerder"


@pytest.fixture
def published(passend) -> QuestionnaireVersion:
    return QuestionnaireVersion.objects.get(questionnaire=passend.questionnaire)


@pytest.fixture
def draft(published) -> QuestionnaireVersion:
    return services.questionnaire_version_copy(source=published)


@pytest.fixture
def editor(db) -> Client:
    client = sign_in(Client(), StaffUserFactory(editor=True))
    return client


def signifier(version: QuestionnaireVersion, key: str) -> Signifier:
    return Signifier.objects.get(version=version, key=key)


def wording(version: QuestionnaireVersion, key: str, role: str) -> Wording:
    return Wording.objects.get(signifier__version=version, signifier__key=key, role=role)


def edit_data(version: QuestionnaireVersion, key: str, **changes: str) -> dict[str, str]:
    """The signifier form as the page fills it, with some fields changed."""
    s = signifier(version, key)
    data = {"required": "on" if s.required else "", "allow_na": "on" if s.allow_na else ""}
    if s.max_choices:
        data["max_choices"] = str(s.max_choices)
    for w in s.wordings.all():
        data |= {
            f"{w.role}-prompt": w.prompt,
            f"{w.role}-help": w.help_text,
            f"{w.role}-left": w.left_label,
            f"{w.role}-right": w.right_label,
        }
    for o in s.options.all():
        data[f"keuze-{o.pk}-label"] = o.label
        data |= {f"keuze-{o.pk}-{role}": label for role, label in o.track_labels.items()}
    return {k: v for k, v in (data | changes).items() if v != ""}


def field_position(html: str, key: str) -> int:
    match = re.search(rf'name="{key}(_\d)?"', html)
    assert match, key
    return match.start()


def pages(published: QuestionnaireVersion, draft: QuestionnaireVersion) -> dict[str, tuple]:
    """Every editor endpoint: name → (method, url, data)."""
    gevoel = signifier(draft, "gevoel")
    option = gevoel.options.first()
    assert option is not None
    return {
        "index": ("get", reverse("questionnaires:index"), {}),
        "version": ("get", reverse("questionnaires:version", args=[published.pk]), {}),
        "copy": ("post", reverse("questionnaires:copy", args=[published.pk]), {}),
        "signifier": ("get", reverse("questionnaires:signifier", args=[draft.pk, gevoel.pk]), {}),
        "signifier_move": (
            "post",
            reverse("questionnaires:signifier_move", args=[draft.pk, gevoel.pk]),
            {"richting": "omlaag"},
        ),
        "option_add": (
            "post",
            reverse("questionnaires:option_add", args=[draft.pk, gevoel.pk]),
            {"key": "angst", "label": "angst"},
        ),
        "option_change": (
            "post",
            reverse("questionnaires:option_change", args=[draft.pk, option.pk]),
            {f"keuze-{option.pk}-actie": "omlaag"},
        ),
        "preview": ("get", reverse("questionnaires:preview", args=[draft.pk, "ouder", 2]), {}),
        # Last: they end the draft.
        "publish": ("post", reverse("questionnaires:publish", args=[draft.pk]), {}),
        "discard": ("post", reverse("questionnaires:discard", args=[draft.pk]), {}),
    }


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["Moderator", "Analist", "Regiocoördinator", None])
def test_other_roles_get_403_on_every_editor_page(db, published, draft, role):
    client = sign_in(Client(), StaffUserFactory(role=role))
    for name, (method, url, data) in pages(published, draft).items():
        assert getattr(client, method)(url, data).status_code == 403, name
    assert QuestionnaireVersion.objects.count() == 2


def test_anonymous_users_are_sent_to_the_login_page(published, draft):
    client = Client()
    for name, (method, url, data) in pages(published, draft).items():
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("access:login")), name


def test_the_editor_role_reaches_every_editor_page(editor, published, draft):
    # Writes answer with a redirect; "discard" is checked on a draft of its own below.
    expected = {"copy": 302, "publish": 302, "signifier_move": 302}
    expected |= {"option_add": 302, "option_change": 302}
    for name, (method, url, data) in pages(published, draft).items():
        if name == "discard":
            continue
        response = getattr(editor, method)(url, data)
        assert response.status_code == expected.get(name, 200), name


def test_the_staff_menu_and_home_link_to_the_editor_for_editors_only(passend):
    editor = sign_in(Client(), StaffUserFactory(editor=True))
    moderator = sign_in(Client(), StaffUserFactory(moderator=True))
    index = reverse("questionnaires:index")
    assert index in editor.get(reverse("access:home")).content.decode()
    assert index not in moderator.get(reverse("access:home")).content.decode()
    assert f'href="{index}"' in editor.get(index).content.decode()  # the staff menu
    assert reverse("access:home") in moderator.get(reverse("access:home")).content.decode()


def test_list_and_version_pages_use_a_fixed_number_of_queries(
    editor, published, draft, django_assert_max_num_queries
):
    # Session, user, and a handful of reads whatever the number of questions or versions.
    with django_assert_max_num_queries(6):
        editor.get(reverse("questionnaires:index"))
    with django_assert_max_num_queries(10):
        editor.get(reverse("questionnaires:version", args=[draft.pk]))


# --- Copy, edit, preview, publish ---------------------------------------------------------------


def test_copy_edit_preview_publish(editor, published):
    response = editor.post(
        reverse("questionnaires:copy", args=[published.pk]), {"label": "3.0-test"}
    )
    draft = QuestionnaireVersion.objects.get(status="draft")
    assert response["Location"] == reverse("questionnaires:version", args=[draft.pk])
    assert (draft.number, draft.label) == (published.number + 1, "3.0-test")

    # Edit the wording of a slider for one track; the other tracks keep theirs.
    key = "goed_onderwijs"
    url = reverse("questionnaires:signifier", args=[draft.pk, signifier(draft, key).pk])
    data = edit_data(
        draft, key, **{"ouder-prompt": "Was dit goed onderwijs, vindt u?", "ouder-left": "nee"}
    )
    assert editor.post(url, data).status_code == 302
    assert wording(draft, key, "ouder").prompt == "Was dit goed onderwijs, vindt u?"
    assert wording(draft, key, "ouder").left_label == "nee"
    assert wording(draft, key, "leerling").prompt == wording(published, key, "leerling").prompt
    assert wording(published, key, "ouder").prompt != "Was dit goed onderwijs, vindt u?"

    # The preview of that track shows the new wording, in the real teller step.
    page = signifier(draft, key).step
    preview = editor.get(reverse("questionnaires:preview", args=[draft.pk, "ouder", page]))
    html = preview.content.decode()
    assert "Was dit goed onderwijs, vindt u?" in html
    assert "Voorbeeld – niets wordt opgeslagen" in html

    response = editor.post(reverse("questionnaires:publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None


def test_a_slider_needs_both_poles(editor, draft):
    s = signifier(draft, "goed_onderwijs")
    url = reverse("questionnaires:signifier", args=[draft.pk, s.pk])
    response = editor.post(url, edit_data(draft, "goed_onderwijs", **{"leerling-right": ""}))
    assert response.status_code == 400
    assert wording(draft, "goed_onderwijs", "leerling").right_label != ""


def test_required_and_na_can_be_switched(editor, draft):
    s = signifier(draft, "gevolgen")
    assert not s.required and s.allow_na
    preview = reverse("questionnaires:preview", args=[draft.pk, "leerling", s.step])
    assert 'name="gevolgen_1"' in editor.get(preview).content.decode()  # the n.v.t. box
    url = reverse("questionnaires:signifier", args=[draft.pk, s.pk])
    assert (
        editor.post(url, edit_data(draft, "gevolgen", required="on", allow_na="")).status_code
        == 302
    )
    s.refresh_from_db()
    assert s.required and not s.allow_na
    # The teller's field follows: no "n.v.t." box, and skipping it is refused.
    assert 'name="gevolgen_1"' not in editor.get(preview).content.decode()
    response = editor.post(preview, PASSEND_EXPERIENCE | {"gevolgen_0": "", "gevolgen_1": ""})
    assert response.status_code == 400
    assert "Deze vraag is verplicht" in response.content.decode()


def test_options_can_be_relabelled_added_moved_and_removed(editor, draft):
    s = signifier(draft, "aspect")
    first, second = list(s.options.order_by("order"))[:2]
    change = reverse("questionnaires:option_change", args=[draft.pk, first.pk])
    p = f"keuze-{first.pk}"
    edit = reverse("questionnaires:signifier", args=[draft.pk, s.pk])
    editor.post(edit, edit_data(draft, "aspect", **{f"{p}-label": "regels en geld"}))
    editor.post(change, {f"{p}-actie": "omlaag"})
    add = reverse("questionnaires:option_add", args=[draft.pk, s.pk])
    editor.post(add, {"key": "omgeving", "label": "de omgeving"})
    keys = list(s.options.order_by("order").values_list("key", flat=True))
    assert keys[:2] == [second.key, first.key] and keys[-1] == "omgeving"
    assert Option.objects.get(pk=first.pk).label == "regels en geld"
    editor.post(change, {f"{p}-actie": "verwijder"})
    assert not Option.objects.filter(pk=first.pk).exists()
    # Every track's preview shows the new choice and not the removed one.
    for role in ("leerling", "ouder", "professional"):
        html = editor.get(
            reverse("questionnaires:preview", args=[draft.pk, role, page_of("aspect")])
        ).content.decode()
        assert "de omgeving" in html and "regels en geld" not in html


def test_an_option_key_must_be_new_and_a_slug(editor, draft):
    s = signifier(draft, "aspect")
    add = reverse("questionnaires:option_add", args=[draft.pk, s.pk])
    before = s.options.count()
    editor.post(add, {"key": "systeem", "label": "dubbel"})
    editor.post(add, {"key": "Met Spatie", "label": "fout"})
    assert s.options.count() == before


def test_signifiers_move_within_their_step(editor, draft):
    # The page with the most questions.
    (step, _), *_ = Counter(
        Signifier.objects.filter(version=draft).values_list("step", flat=True)
    ).most_common(1)
    before = list(
        Signifier.objects.filter(version=draft, step=step)
        .order_by("order")
        .values_list("key", flat=True)
    )
    assert len(before) >= 3
    move = reverse("questionnaires:signifier_move", args=[draft.pk, signifier(draft, before[0]).pk])
    editor.post(move, {"richting": "omlaag"})
    after = list(
        Signifier.objects.filter(version=draft, step=step)
        .order_by("order")
        .values_list("key", flat=True)
    )
    assert after[:2] == [before[1], before[0]] and after[2:] == before[2:]
    # The teller's page asks them in the new order.
    html = editor.get(
        reverse("questionnaires:preview", args=[draft.pk, "ouder", step])
    ).content.decode()
    assert field_position(html, before[1]) < field_position(html, before[0])
    # Moving the first question up, or the last down, changes nothing.
    last = signifier(draft, after[-1])
    editor.post(
        reverse("questionnaires:signifier_move", args=[draft.pk, last.pk]), {"richting": "omlaag"}
    )
    assert Signifier.objects.get(pk=last.pk).step == step


def test_only_one_draft_at_a_time(editor, published, draft):
    response = editor.post(reverse("questionnaires:copy", args=[published.pk]))
    assert response.status_code == 302
    assert QuestionnaireVersion.objects.filter(status="draft").count() == 1
    page = editor.get(response["Location"]).content.decode()
    assert "Er is al een conceptversie" in page


def test_a_draft_can_be_discarded(editor, draft):
    response = editor.post(reverse("questionnaires:discard", args=[draft.pk]))
    assert response["Location"] == reverse("questionnaires:index")
    assert not QuestionnaireVersion.objects.filter(pk=draft.pk).exists()


def test_a_draft_with_problems_is_not_published(editor, draft):
    Wording.objects.filter(signifier__version=draft, signifier__key="gevoel", role="ouder").update(
        prompt=""
    )
    response = editor.post(reverse("questionnaires:publish", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert not draft.is_published
    assert "gevoel" in response.content.decode()


# --- Preview --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leerling", "ouder", "professional"])
def test_preview_shows_each_tracks_wording_of_the_draft(editor, draft, role):
    for s in Signifier.objects.filter(version=draft):
        Wording.objects.filter(signifier=s, role=role).update(prompt=f"CONCEPT-{role}-{s.key}")
    steps = sorted(set(Signifier.objects.filter(version=draft).values_list("step", flat=True)))
    for number in steps:
        response = editor.get(reverse("questionnaires:preview", args=[draft.pk, role, number]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Voorbeeld – niets wordt opgeslagen" in html
        for s in Signifier.objects.filter(version=draft, step=number):
            assert f"CONCEPT-{role}-{s.key}" in html
        assert "CONCEPT-" + ("ouder" if role != "ouder" else "leerling") not in html


def test_preview_renders_the_teller_template_and_posts_to_itself(editor, draft, passend):
    url = reverse("questionnaires:preview", args=[draft.pk, "ouder", 1])
    html = editor.get(url).content.decode()
    teller = Client().get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    # Same story form as the teller's step 1 (the prompt of the track and the same fields).
    assert passend.tracks.get(role="ouder").story_prompt in html
    assert re.findall(r'name="(\w+)"', teller) == re.findall(r'name="(\w+)"', html)
    # The form has no action: it posts back to the preview, never to the teller flow.
    match = re.search(r"<form method=\"post\"[^>]*class=\"teller-form\"[^>]*>", html)
    assert match is not None
    form = match.group(0)
    assert "action" not in form


def test_preview_validates_like_the_teller_flow_and_stores_nothing(editor, draft):
    page = signifier(draft, "goed_onderwijs").step
    url = reverse("questionnaires:preview", args=[draft.pk, "ouder", page])
    bad = editor.post(url, PASSEND_EXPERIENCE | {"goed_onderwijs_0": "150"})
    assert bad.status_code == 400
    assert "Kies een getal van 0 tot en met 100." in bad.content.decode()
    good = editor.post(url, PASSEND_EXPERIENCE)
    assert good["Location"] == reverse("questionnaires:preview", args=[draft.pk, "ouder", page + 1])
    story = editor.post(
        reverse("questionnaires:preview", args=[draft.pk, "ouder", 1]),
        {
            "text": "Een verhaal dat lang genoeg is om door te gaan, maar niet wordt bewaard.",
            "title": "x",
            "token": "0c6e4b8e-8d0a-4d0e-9f3a-111111111111",
        },
    )
    assert story.status_code == 302
    assert Story.objects.count() == 0


def test_preview_of_an_unknown_step_or_track_is_404(editor, draft):
    assert (
        editor.get(reverse("questionnaires:preview", args=[draft.pk, "opa", 2])).status_code == 404
    )
    beyond = max(Signifier.objects.filter(version=draft).values_list("step", flat=True)) + 1
    assert (
        editor.get(reverse("questionnaires:preview", args=[draft.pk, "ouder", beyond])).status_code
        == 404
    )


# --- Published versions are immutable -------------------------------------------------------------


def test_the_views_refuse_to_change_a_published_version(editor, published):
    gevoel = signifier(published, "gevoel")
    option = gevoel.options.first()
    assert option is not None
    before = (
        list(Wording.objects.filter(signifier__version=published).values_list("prompt", flat=True)),
        list(
            Option.objects.filter(signifier__version=published).values_list("key", "label", "order")
        ),
        list(Signifier.objects.filter(version=published).values_list("key", "order", "required")),
    )
    attempts = [
        ("get", reverse("questionnaires:signifier", args=[published.pk, gevoel.pk]), {}),
        (
            "post",
            reverse("questionnaires:signifier", args=[published.pk, gevoel.pk]),
            edit_data(published, "gevoel", **{"ouder-prompt": "Anders"}),
        ),
        (
            "post",
            reverse("questionnaires:signifier_move", args=[published.pk, gevoel.pk]),
            {"richting": "omlaag"},
        ),
        (
            "post",
            reverse("questionnaires:option_add", args=[published.pk, gevoel.pk]),
            {"key": "angst", "label": "angst"},
        ),
        (
            "post",
            reverse("questionnaires:option_change", args=[published.pk, option.pk]),
            {f"keuze-{option.pk}-actie": "verwijder"},
        ),
        ("post", reverse("questionnaires:publish", args=[published.pk]), {}),
        ("post", reverse("questionnaires:discard", args=[published.pk]), {}),
    ]
    for method, url, data in attempts:
        response = getattr(editor, method)(url, data)
        assert response.status_code == 400, url
        assert "kan niet meer veranderen" in response.content.decode(), url
    after = (
        list(Wording.objects.filter(signifier__version=published).values_list("prompt", flat=True)),
        list(
            Option.objects.filter(signifier__version=published).values_list("key", "label", "order")
        ),
        list(Signifier.objects.filter(version=published).values_list("key", "order", "required")),
    )
    assert after == before


def test_a_published_draft_is_refused_by_the_services_and_the_database(draft):
    services.questionnaire_version_publish(version=draft, check=True)
    s = signifier(draft, "gevoel")
    with pytest.raises(services.VersionPublished):
        editor_services.signifier_move(signifier=s, up=False)
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        Wording.objects.filter(signifier=s).update(prompt="Toch anders")
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        Option.objects.filter(signifier=s).delete()
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        Signifier.objects.filter(pk=s.pk).update(order=99)


# --- Publishing a new version: new stories use it, old stories keep theirs ------------------------


def test_new_stories_use_the_new_version_and_old_stories_keep_theirs(editor, published, draft):
    old_client = Client()
    start_story(old_client, "passend-onderwijs", "ouder")
    old = Story.objects.get()
    key = "gevoel"
    data = edit_data(draft, key, **{"ouder-prompt": "NIEUWE-VRAAG: hoe voelde u zich?"})
    editor.post(
        reverse("questionnaires:signifier", args=[draft.pk, signifier(draft, key).pk]), data
    )
    editor.post(reverse("questionnaires:publish", args=[draft.pk]))

    new_client = Client()
    start_story(new_client, "passend-onderwijs", "ouder")
    new = Story.objects.exclude(pk=old.pk).get()
    assert new.questionnaire_version_id == draft.pk
    assert old.questionnaire_version_id == published.pk
    # The story already under way keeps asking the old wording; a new one gets the new.
    old_step = old_client.get(step_url("passend-onderwijs", "ouder", 2)).content.decode()
    new_step = new_client.get(step_url("passend-onderwijs", "ouder", 2)).content.decode()
    assert "NIEUWE-VRAAG" not in old_step
    assert "NIEUWE-VRAAG" in new_step


def test_the_one_button_saves_the_options_texts_with_the_question(editor, draft):
    """Changing an option's text and pressing the page's "Opslaan" keeps the change, and a
    pupil's own words for it too; an emptied text is refused, and nothing is saved."""
    s = signifier(draft, "aspect")
    first = s.options.order_by("order").first()
    assert first is not None
    url = reverse("questionnaires:signifier", args=[draft.pk, s.pk])
    page = editor.get(url).content.decode()
    assert (
        f'form="signifier-form" class="form-control form-control-sm" name="keuze-{first.pk}-label"'
        in page
    )
    assert "data-unsaved-warning" in page
    changes = {
        f"keuze-{first.pk}-label": "regels, geld en organisatie",
        f"keuze-{first.pk}-leerling": "de regels of het geld",
        "ouder-prompt": "Waar ging het vooral over?",
    }
    response = editor.post(url, edit_data(draft, "aspect", **changes))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.label == "regels, geld en organisatie"
    assert first.track_labels == {"leerling": "de regels of het geld"}
    assert wording(draft, "aspect", "ouder").prompt == "Waar ging het vooral over?"

    refused = editor.post(
        url, edit_data(draft, "aspect", **{f"keuze-{first.pk}-label": "", "ouder-prompt": "X?"})
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Niet opgeslagen" in html and "Een keuze heeft een tekst nodig." in html
    assert wording(draft, "aspect", "ouder").prompt == "Waar ging het vooral over?"
