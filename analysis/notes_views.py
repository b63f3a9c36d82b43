"""Analyst pages for what the scan leads to: observations (from a pair), interpretations,
and perspectives with supporting stories, printable as A4 cards."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import staff_permission_required
from access.models import Perm
from analysis import selectors, services
from analysis.captions import caption
from analysis.forms import (
    InterpretationForm,
    ObservationForm,
    PerspectiveForm,
    PerspectiveStoriesForm,
)
from analysis.models import Observation, Perspective
from analysis.params import params_from_query
from tracks.filters import StoryFilter

# The method asks for at least this many interpretations per observation.
MIN_INTERPRETATIONS = 2


@require_POST
@staff_permission_required(Perm.EXPORT)
def observation_create(request: HttpRequest) -> HttpResponse:
    form = ObservationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf eerst de observatie op."))
        return redirect("analysis:scan")
    # The filters and settings the pair was seen with come along in the query string. Only
    # what validates is kept: a hand-made URL may carry anything, even a NUL character,
    # which PostgreSQL's jsonb refuses.
    query = {
        **StoryFilter.from_query(request.GET).as_query(),
        **params_from_query(request.GET).as_query(),
    }
    observation = services.observation_create(
        text=form.cleaned_data["text"],
        pair_a=form.cleaned_data["a"],
        pair_b=form.cleaned_data["b"],
        query=query,
        actor=request.user,
    )
    return redirect("analysis:observation", observation_id=observation.pk)


@staff_permission_required(Perm.EXPORT)
def observations(request: HttpRequest) -> HttpResponse:
    items = Observation.objects.prefetch_related("interpretations")
    return render(
        request,
        "analysis/observations.html",
        {"observations": items, "minimum": MIN_INTERPRETATIONS},
    )


@staff_permission_required(Perm.EXPORT)
def observation(request: HttpRequest, observation_id: int) -> HttpResponse:
    obs = get_object_or_404(Observation, pk=observation_id)
    form = InterpretationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.interpretation_add(
            observation=obs, text=form.cleaned_data["text"], actor=request.user
        )
        return redirect("analysis:observation", observation_id=obs.pk)
    context = {
        "observation": obs,
        "interpretations": list(obs.interpretations.all()),
        "form": form,
        "minimum": MIN_INTERPRETATIONS,
        "current": _current_caption(obs),
        "pair_url": reverse("analysis:pair")
        + "?"
        + urlencode({**obs.query, "a": obs.pair_a, "b": obs.pair_b}),
    }
    return render(request, "analysis/observation.html", context)


def _current_caption(obs: Observation) -> str:
    """The pair's caption on today's stories, when it can be had without a long wait."""
    flt = services.analysis_filter(StoryFilter.from_query(obs.query))
    data = QueryDict(mutable=True)
    data.update(obs.query)
    params = params_from_query(data)
    analysis = services.analysis_cached(flt=flt, params=params)
    if analysis is None and services.analysis_size(flt) <= services.inline_limit():
        analysis = services.analysis_store(flt=flt, params=params)
    if analysis is None:
        return ""
    wanted = {obs.pair_a, obs.pair_b}
    result = next((r for r in analysis.scan.results if {r.a, r.b} == wanted), None)
    return caption(analysis, result) if result is not None else ""


@staff_permission_required(Perm.EXPORT)
def perspectives(request: HttpRequest) -> HttpResponse:
    form = PerspectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        perspective = services.perspective_create(
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            observations=list(form.cleaned_data["observations"]),
            actor=request.user,
        )
        return redirect("analysis:perspective", perspective_id=perspective.pk)
    items = Perspective.objects.prefetch_related("observations", "stories")
    return render(request, "analysis/perspectives.html", {"perspectives": items, "form": form})


@staff_permission_required(Perm.EXPORT, Perm.READ_STORIES)
def perspective(request: HttpRequest, perspective_id: int) -> HttpResponse:
    found = selectors.perspective_with_parts(perspective_id)
    if found is None:
        raise Http404
    initial = " ".join(str(s.pk) for s in found.stories.all())
    form = PerspectiveStoriesForm(request.POST or None, initial={"story_ids": initial})
    if request.method == "POST" and form.is_valid():
        services.perspective_set_stories(
            perspective=found, story_ids=form.cleaned_data["story_ids"]
        )
        return redirect("analysis:perspective", perspective_id=found.pk)
    context = {
        "perspective": found,
        "form": form,
        "cards": selectors.story_cards(list(found.stories.all())),
    }
    return render(request, "analysis/perspective.html", context)


@staff_permission_required(Perm.EXPORT, Perm.READ_STORIES)
def perspective_print(request: HttpRequest, perspective_id: int) -> HttpResponse:
    found = get_object_or_404(
        Perspective.objects.prefetch_related("observations__interpretations"),
        pk=perspective_id,
    )
    # A story moderation hid after it was chosen is not printed any more.
    printed = selectors.printable(found.stories.select_related("track"))
    context = {"perspective": found, "cards": selectors.story_cards(list(printed))}
    return render(request, "analysis/perspective_print.html", context)
