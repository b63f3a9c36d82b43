"""The coordinator dashboard: counts of complete stories for the coordinator's own regions,
by track, week, source and role type, with the national figure beside each; small counts
suppressed; the same numbers as the export; never a word of a story."""

import re
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from dashboards.selectors import dashboard_counts, dashboard_filter
from tests.conftest import sign_in
from tests.factories import StaffUserFactory, tell_story
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Collection, Story, Track

COORDINATOR = "Regiocoördinator"
AMS = ZoneInfo("Europe/Amsterdam")
SECRET_TEXT = "GEHEIMVERHAAL over de school van mijn dochter in Haarlem."
SECRET_TITLE = "GEHEIMETITEL"
SECRET_ADVICE = "GEHEIMADVIES luister beter"
ROLE_OPTION = {"leerling": "leerling_vo", "ouder": "ouder_verzorger", "professional": "leraar"}

# Three Mondays: week 10, 11 (no stories) and 12 of 2025.
WEEK_10, WEEK_11, WEEK_12 = date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17)


def tell_secret(
    collection: Collection,
    role: str,
    *,
    region: str,
    started: datetime,
    source: str = "",
    complete: bool = True,
    language: str = "nl",
) -> Story:
    """A story told through the teller services with the role and region answered, in words
    that must never reach a coordinator."""
    answers = {"advies": SECRET_ADVICE, "rol": ROLE_OPTION[role], "regio": region or None}
    return tell_story(
        collection,
        role,
        answers if complete else None,
        until_step=None if complete else 1,
        title=SECRET_TITLE,
        text=SECRET_TEXT,
        source=source,
        started_at=started,
        language=language,
    )


def at(monday: date, days: int = 1, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(monday + timedelta(days=days), datetime.min.time(), AMS).replace(
        hour=hour, minute=minute
    )


@pytest.fixture
def stories(passend) -> Collection:
    """Kennemerland: 7 parents (facebook, week 10), 3 pupils (no source, week 12), 6
    professionals (nieuwsbrief, 3 in week 10 and 3 in week 12); one incomplete story.
    Amsterdam-Diemen: 2 parents through a channel only used there. One story without region."""
    for i in range(7):
        tell_secret(
            passend, "ouder", region="kennemerland", started=at(WEEK_10, i % 7), source="facebook"
        )
    for _i in range(3):
        tell_secret(passend, "leerling", region="kennemerland", started=at(WEEK_12))
    for i in range(6):
        week = WEEK_10 if i < 3 else WEEK_12
        tell_secret(
            passend, "professional", region="kennemerland", started=at(week), source="nieuwsbrief"
        )
    tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10), complete=False)
    for _i in range(2):
        tell_secret(
            passend, "ouder", region="amsterdam_diemen", started=at(WEEK_12), source="alleen-ams"
        )
    tell_secret(passend, "ouder", region="", started=at(WEEK_12), source="facebook")
    return passend


@pytest.fixture
def coordinator(db) -> Client:
    client = sign_in(Client(), StaffUserFactory(coordinator=True, regions=["kennemerland"]))
    return client


def table(html: str, title: str) -> dict[str, tuple[str, str]]:
    """label → (region cell, national cell) of the table under the heading `title`."""
    section = html.split(f">{title}</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<tr data-row="([^"]*)">.*?data-cell="region">([^<]*)</td>'
        r'.*?data-cell="national">([^<]*)</td>',
        section,
        flags=re.S,
    )
    return {
        label: (region.replace("&lt;", "<"), national.replace("&lt;", "<"))
        for label, region, national in rows
    }


def url(**query: str) -> str:
    base = reverse("dashboards:dashboard")
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["Moderator", "Analist", "Vragenlijstbeheerder", None])
def test_other_roles_get_403(passend, role):
    client = sign_in(Client(), StaffUserFactory(role=role, regions=["kennemerland"]))
    assert client.get(url()).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(passend):
    response = Client().get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:login"))


def test_a_coordinator_sees_the_dashboard_and_the_menu_links_to_it(coordinator, passend):
    response = coordinator.get(url())
    assert response.status_code == 200
    assert f'href="{reverse("dashboards:dashboard")}"' in response.content.decode()
    home = coordinator.get(reverse("access:home")).content.decode()
    assert reverse("dashboards:dashboard") in home


def test_a_coordinator_without_a_region_is_told_so(passend):
    client = sign_in(Client(), StaffUserFactory(role=COORDINATOR))
    response = client.get(url())
    assert response.status_code == 200
    assert "aan geen regio gekoppeld" in response.content.decode()


# --- Scope --------------------------------------------------------------------------------------


def test_a_coordinator_never_sees_another_regions_counts(coordinator, stories):
    html = coordinator.get(url()).content.decode()
    assert "Kennemerland" in html
    assert "alleen-ams" not in html and "Amsterdam-Diemen" not in html
    assert coordinator.get(url(region="amsterdam_diemen")).status_code == 403
    assert coordinator.get(url(region="onbekend")).status_code == 403


def test_a_coordinator_of_two_regions_can_switch_between_them(stories):
    client = sign_in(
        Client(), StaffUserFactory(coordinator=True, regions=["kennemerland", "amsterdam_diemen"])
    )
    html = client.get(url(region="amsterdam_diemen")).content.decode()
    # Two stories through a channel that is not on the list: counted, never named.
    assert table(html, "Per bron (kanaal)") == {"Overige bronnen": ("<5", "<5")}
    assert "Nieuwsbrief" not in html and "alleen-ams" not in html


def test_a_superuser_may_pick_any_region_of_the_questionnaire(django_user_model, stories):
    client = sign_in(
        Client(), django_user_model.objects.create_superuser("admin", password="x-Secret-123")
    )
    html = client.get(url(region="amsterdam_diemen")).content.decode()
    assert client.get(url(region="amsterdam_diemen")).status_code == 200
    assert 'value="oost_groningen"' in html and 'value="kennemerland"' in html


# --- Counts, suppression, national totals ------------------------------------------------------


def test_counts_by_track_with_suppression_and_the_national_figure(coordinator, stories):
    html = coordinator.get(url()).content.decode()
    # Kennemerland: 3 pupils (<5), 7 parents, 6 professionals. With one "<5" the total would
    # give it away, so the smallest other count is hidden too ("•").
    # National: 3 pupils, 7 + 2 + 1 = 10 parents, 6 professionals.
    assert table(html, "Per track") == {
        "Leerling": ("<5", "<5"),
        "Ouder": ("7", "10"),
        "Professional": ("•", "•"),
    }
    assert "Volledige verhalen in deze regio: <strong>16</strong> (landelijk: 19)" in html


def test_counts_by_week_show_empty_weeks_as_zero(coordinator, stories):
    weeks = table(coordinator.get(url()).content.decode(), "Per week")
    values = list(weeks.values())
    assert [label.split(" (")[0] for label in weeks] == [
        "week 10-2025",
        "week 11-2025",
        "week 12-2025",
    ]
    # Week 10: 7 parents + 3 professionals; week 12: 3 pupils + 3 professionals.
    assert values == [("10", "10"), ("0", "0"), ("6", "9")]


def test_counts_by_source_and_role_type(coordinator, stories):
    html = coordinator.get(url()).content.decode()
    assert table(html, "Per bron (kanaal)") == {
        "Facebook": ("7", "8"),
        "Nieuwsbrief": ("•", "6"),  # nationally two "<5" (2 and 3) protect each other
        "geen bron (directe link)": ("<5", "<5"),
    }
    roles = table(html, "Per rol")
    assert roles["Ouder"] == ("7", "10")
    assert roles["Leerling"] == ("<5", "<5")
    assert roles["Professional in de school"] == ("•", "•")
    assert roles["Professional rond de school"] == ("0", "0")
    assert roles["niet ingevuld"] == ("0", "0")


def test_a_small_channel_and_any_unlisted_source_are_counted_without_a_name(coordinator, stories):
    """A channel with 1-4 stories in the region would say through which link someone came:
    it joins "Overige bronnen" with the sources that are on no list (stored before there was
    one), whose text a teller chose and which never shows."""
    for _i in range(3):
        tell_secret(
            stories, "ouder", region="kennemerland", started=at(WEEK_12), source="instagram"
        )
    for _i in range(6):
        tell_secret(
            stories,
            "ouder",
            region="kennemerland",
            started=at(WEEK_12),
            source="jan-de-vries.klas-3b",
        )
    html = coordinator.get(url()).content.decode()
    # Kennemerland: 7 Facebook, 6 Nieuwsbrief, 3 Instagram + 6 unlisted = 9 others, 3 without.
    # Nationally the others are 3 + 6 + 2 (alleen-ams) = 11.
    assert table(html, "Per bron (kanaal)") == {
        "Facebook": ("7", "8"),
        "Nieuwsbrief": ("•", "•"),
        "Overige bronnen": ("9", "11"),
        "geen bron (directe link)": ("<5", "<5"),
    }
    assert "Instagram" not in html and "instagram" not in html
    assert "jan-de-vries" not in html.lower()


def test_zero_is_shown_and_one_to_four_are_suppressed():
    from dashboards.suppression import suppress, suppress_one

    assert [c.text for c in suppress([0, 1, 2, 3, 4])] == ["0", "<5", "<5", "<5", "<5"]
    assert [c.text for c in suppress([5, 6, 100])] == ["5", "6", "100"]
    assert (
        suppress_one(0).text == "0" and suppress_one(4).text == "<5" and suppress_one(5).text == "5"
    )


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        # One "<5" would be the total minus the rest: hide the smallest other count too.
        ([3, 50, 20], ["<5", "50", "•"]),
        # Hiding 5 beside a 1 still gives 1 (hidden sum 6 = 1 + 5): hide one more.
        ([1, 5, 100], ["<5", "•", "•"]),
        # Two "<5" of 2 and 3: their sum 5 could be 1+4, 2+3, ...: nothing more to hide.
        ([2, 3, 40], ["<5", "<5", "40"]),
        # Every cell 1 and the total known: each "<5" is exactly 1, so everything is withheld.
        ([1, 1, 1, 1, 1, 0], ["•", "•", "•", "•", "•", "•"]),
        # A total below 5 is itself "<5": the cells cannot be worked out.
        ([3, 0, 0], ["<5", "0", "0"]),
    ],
)
def test_a_suppressed_count_cannot_be_worked_out_from_the_total(counts, shown):
    from dashboards.suppression import suppress

    assert [c.text for c in suppress(counts)] == shown


def test_the_chart_draws_the_weeks_without_revealing_small_counts(coordinator, passend):
    for _i in range(8):
        tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10))
    for _i in range(2):
        tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_12))
    html = coordinator.get(url()).content.decode()
    match = re.search(r"<svg.*?</svg>", html, flags=re.S)
    assert match is not None
    svg = match.group(0)
    assert 'role="img"' in svg and "<title" in svg
    bars = re.findall(r'<g class="bar bar-(\w+)">\s*<title>([^<]*)</title>', svg)
    # Week 10: 8; week 11: 0; week 12: 2 → "<5" (a dashed band, no height of its own) and the
    # 8 hidden too, since the total (10) minus 8 would give the 2.
    assert [kind for kind, _title in bars] == ["hidden", "count", "small"]
    assert bars[2][1].endswith(": &lt;5")
    drawn = "".join(re.findall(r'<g class="bar .*?</g>', svg, flags=re.S))
    assert ">2<" not in drawn and ": 2" not in drawn  # the axis's own numbers aside
    assert "<table" in html.split("</svg>", 1)[1]  # the same numbers as a table


# --- The same numbers as the export ----------------------------------------------------------


def rows_counted(flt: StoryFilter) -> dict[str, Counter]:
    """Count the rows stories_filtered gives, one by one in Python, not with GROUP BY."""
    result: dict[str, Counter] = {d: Counter() for d in ("track", "week", "source", "role_type")}
    for story in stories_filtered(flt):
        local = story.started_at.astimezone(AMS).date()
        result["track"][story.track_id] += 1
        result["week"][local - timedelta(days=local.weekday())] += 1
        result["source"][story.source] += 1
        result["role_type"][story.role_type] += 1
    return result


@pytest.mark.parametrize("region", ["kennemerland", "amsterdam_diemen", ""])
def test_counts_equal_the_rows_of_the_shared_story_filter(stories, region):
    counts = dashboard_counts(stories, region)
    expected = rows_counted(dashboard_filter(stories, region))
    for dimension, counter in expected.items():
        assert counts.by[dimension] == dict(counter), dimension
    assert counts.total == stories_filtered(dashboard_filter(stories, region)).count()


def test_a_week_equals_the_period_filter_of_that_week_in_dutch_time(passend):
    # Sunday 23:30 in Amsterdam is still week 10 there (22:30 UTC); Monday 00:30 is week 11.
    tell_secret(
        passend, "ouder", region="kennemerland", started=at(WEEK_10, days=6, hour=23, minute=30)
    )
    tell_secret(
        passend, "ouder", region="kennemerland", started=at(WEEK_11, days=0, hour=0, minute=30)
    )
    weeks = dashboard_counts(passend, "kennemerland").by["week"]
    assert weeks == {WEEK_10: 1, WEEK_11: 1}
    for monday in (WEEK_10, WEEK_11):
        flt = StoryFilter(
            collection=passend.slug,
            status=Story.Status.COMPLETE,
            region="kennemerland",
            since=monday,
            until=monday + timedelta(days=6),
        )
        assert stories_filtered(flt).count() == weeks[monday]


def test_counts_equal_the_rows_of_the_export(stories, tmp_path):
    from tests.exports.archive import wide

    for region in ("kennemerland", ""):
        rows = wide(tmp_path, "csv", flt=dashboard_filter(stories, region))
        counts = dashboard_counts(stories, region)
        tracks = dict(Track.objects.filter(collection=stories).values_list("role", "pk"))
        assert Counter(tracks[r["track"]] for r in rows) == Counter(counts.by["track"])
        assert Counter(r["source"] for r in rows) == Counter(counts.by["source"])
        assert Counter(r["role_type"] for r in rows) == Counter(counts.by["role_type"])
        assert len(rows) == counts.total


# --- Never a word of a story --------------------------------------------------------------------


def test_no_story_text_title_or_free_text_answer_reaches_a_coordinator(stories):
    client = sign_in(
        Client(), StaffUserFactory(coordinator=True, regions=["kennemerland", "amsterdam_diemen"])
    )
    pages = [
        url(),
        url(region="kennemerland"),
        url(region="amsterdam_diemen"),
        url(collection=stories.slug, region="kennemerland"),
        reverse("access:home"),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        for secret in ("GEHEIMVERHAAL", "GEHEIMETITEL", "GEHEIMADVIES", "Haarlem"):
            assert secret not in html, (page, secret)


def test_the_dashboard_reads_counts_only(coordinator, stories, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Session, user, permissions, collections, region names, tracks, the source channels'
    # labels, and one GROUP BY per breakdown for the region and for the country (10),
    # whatever the number of stories.
    with django_assert_max_num_queries(19), CaptureQueriesContext(connection) as queries:
        coordinator.get(url())
    sqls = [q["sql"] for q in queries]
    counts = [sql for sql in sqls if 'FROM "dashboards_storycount"' in sql]
    assert len(counts) == 10 and all("GROUP BY" in sql for sql in counts)
    # The stories table itself is never read: no text can come along by accident.
    assert not [sql for sql in sqls if '"tracks_story"' in sql]


def test_counts_by_language(coordinator, stories):
    tell_secret(stories, "ouder", region="kennemerland", started=at(WEEK_12), language="tr")
    html = coordinator.get(url()).content.decode()
    languages = table(html, "Per taal")
    # One Turkish story is a suppressed "<5", and the Dutch figure is hidden with it ("•"):
    # the total minus the Dutch count would give the Turkish one away.
    assert languages["Nederlands"] == ("•", "•")
    assert languages["Türkçe"] == ("<5", "<5")
    assert languages["Polski"] == ("0", "0")
    assert list(languages) == ["Nederlands", "English", "العربية", "Türkçe", "Polski", "Українська"]


def test_the_chart_has_a_value_axis_and_marks_the_running_week_as_partial():
    from dashboards.chart import week_chart
    from dashboards.suppression import Cell
    from dashboards.tables import Row

    counts = {WEEK_10: 34, WEEK_11: 41, WEEK_12: 6}
    rows = [
        Row(monday, f"week {monday.isocalendar().week}", Cell(n, str(n)), Cell(n, str(n)))
        for monday, n in counts.items()
    ]
    chart = week_chart(rows, today=WEEK_12 + timedelta(days=2))
    assert chart is not None
    assert [t.label for t in chart.ticks] == ["0", "10", "20", "30", "40", "50"]
    assert [b.partial for b in chart.bars] == [False, False, True]
    assert chart.bars[2].title == "week 12: 6 (deze week, nog niet voorbij)"
    # A week that is over is not partial, even the last one.
    later = week_chart(rows, today=WEEK_12 + timedelta(days=7))
    assert later is not None and not any(b.partial for b in later.bars)


def test_the_dashboard_draws_gridlines_with_their_numbers(coordinator, stories):
    html = coordinator.get(url()).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, flags=re.S)
    assert svg is not None
    assert svg.group(0).count('class="gridline"') == 5
    assert len(re.findall(r'class="axis-label"[^>]*text-anchor="end"', svg.group(0))) == 6
