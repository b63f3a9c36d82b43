"""Analyst pages: the ranked pair scan, one pair, all distributions, and the stories behind a
count. Every page takes the shared story filters plus the analysis settings from the URL."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from access.guards import staff_permission_required
from access.models import Perm
from analysis import charts, presenters, services
from analysis.forms import ObservationForm
from analysis.params import AnalysisParams, AnalysisParamsForm, params_from_query
from analysis.scan import OK, SPARSE, TOO_FEW
from analysis.selectors import BadCondition, printable, stories_behind, story_cards
from tracks.filters import StoryFilter, StoryFilterForm

PAGE_SIZE = 50


@dataclass(frozen=True)
class Settings:
    filter_form: StoryFilterForm
    params_form: AnalysisParamsForm
    flt: StoryFilter
    params: AnalysisParams
    query: str  # filters and settings, for links between the pages


def _settings(request: HttpRequest) -> Settings:
    filter_form = StoryFilterForm(request.GET or None)
    flt = (
        filter_form.to_filter()
        if filter_form.is_bound and filter_form.is_valid()
        else StoryFilter()
    )
    flt = services.analysis_filter(flt)
    params = params_from_query(request.GET)
    params_form = AnalysisParamsForm(initial=_params_initial(params))
    query = urlencode({**flt.as_query(), **params.as_query()})
    return Settings(filter_form, params_form, flt, params, query)


def _params_initial(params: AnalysisParams) -> dict[str, object]:
    return {
        "regio_vs": params.region,
        "residu": params.residual,
        "min_groep": params.min_group,
        "alfa": params.alpha,
        "samen": " ".join(params.lumps),
    }


def _analysis_or_wait(request: HttpRequest, s: Settings) -> services.Analysis | HttpResponse:
    """The cached result; else compute now (small sets) or queue it and show progress."""
    analysis = services.analysis_cached(flt=s.flt, params=s.params)
    if analysis is not None:
        return analysis
    if services.analysis_size(s.flt) <= services.inline_limit():
        return services.analysis_store(flt=s.flt, params=s.params)
    services.analysis_queue(flt=s.flt, params=s.params)
    progress = services.analysis_progress(flt=s.flt, params=s.params) or {}
    total = progress.get("total") or 0
    percent = round(100 * progress.get("done", 0) / total) if total else 0
    return render(request, "analysis/wait.html", {"s": s, "percent": percent})


@staff_permission_required(Perm.EXPORT)
def scan(request: HttpRequest) -> HttpResponse:
    s = _settings(request)
    analysis = _analysis_or_wait(request, s)
    if isinstance(analysis, HttpResponse):
        return analysis
    everything = request.GET.get("alle") == "1"
    results = analysis.scan.results
    context = {
        "s": s,
        "analysis": analysis,
        "rows": presenters.ranked_rows(analysis, everything=everything),
        "everything": everything,
        "counts": {
            "pairs": len(results),
            "tested": sum(r.status == OK for r in results),
            "sparse": sum(r.status == SPARSE for r in results),
            "few": sum(r.status == TOO_FEW for r in results),
            "ranked": len(analysis.scan.ranked),
        },
    }
    return render(request, "analysis/scan.html", context)


@staff_permission_required(Perm.EXPORT)
def pair(request: HttpRequest) -> HttpResponse:
    s = _settings(request)
    analysis = _analysis_or_wait(request, s)
    if isinstance(analysis, HttpResponse):
        return analysis
    wanted = {request.GET.get("a", ""), request.GET.get("b", "")}
    result = next((r for r in analysis.scan.results if {r.a, r.b} == wanted), None)
    if result is None:
        raise Http404
    view = presenters.pair_view(analysis, result)
    observation_form = ObservationForm(
        initial={"text": view.row.caption, "a": result.a, "b": result.b}
    )
    context = {"s": s, "analysis": analysis, "view": view, "observation_form": observation_form}
    return render(request, "analysis/pair.html", context)


@staff_permission_required(Perm.EXPORT)
def distributions(request: HttpRequest) -> HttpResponse:
    s = _settings(request)
    analysis = _analysis_or_wait(request, s)
    if isinstance(analysis, HttpResponse):
        return analysis
    context = {
        "s": s,
        "analysis": analysis,
        "views": presenters.distribution_views(analysis),
        "legend": charts.legend([g.label for g in analysis.groups]),
        "integrity": presenters.integrity_view(analysis),
    }
    return render(request, "analysis/distributions.html", context)


@staff_permission_required(Perm.EXPORT, Perm.READ_STORIES)
def stories(request: HttpRequest) -> HttpResponse:
    s = _settings(request)
    conditions = request.GET.getlist("v")
    try:
        found = stories_behind(s.flt, conditions, region=s.params.region)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    except BadCondition as exc:
        raise Http404 from exc
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "s": s,
        "page": page,
        "conditions": presenters.condition_labels(conditions),
        # The conditions stay when the analyst searches or filters within these stories.
        "keep": [("v", c) for c in conditions] + list(s.params.as_query().items()),
        "query": query.urlencode(),
    }
    return render(request, "analysis/stories.html", context)


@staff_permission_required(Perm.EXPORT, Perm.READ_STORIES)
def stories_print(request: HttpRequest) -> HttpResponse:
    """Cards for a meeting: the stories of one page of the list, one card each."""
    s = _settings(request)
    conditions = request.GET.getlist("v")
    try:
        found = printable(stories_behind(s.flt, conditions, region=s.params.region))
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    except BadCondition as exc:
        raise Http404 from exc
    context = {
        "page": page,
        "cards": story_cards(list(page)),
        "back": reverse("analysis:stories") + "?" + request.GET.urlencode(),
    }
    return render(request, "analysis/stories_print.html", context)


@require_POST
@staff_permission_required(Perm.EXPORT)
def recompute(request: HttpRequest) -> HttpResponse:
    s = _settings(request)
    services.analysis_forget(flt=s.flt, params=s.params)
    target = request.POST.get("terug", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "analysis:scan")
