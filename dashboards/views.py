"""The coordinator dashboard: counts of complete stories for one of the user's regions, with
the national figure beside each. Counts only: no story, title or answer text is read."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from access.guards import staff_permission_required
from access.models import Perm
from dashboards import scope
from dashboards.chart import week_chart
from dashboards.forms import DashboardForm
from dashboards.selectors import dashboard_counts
from dashboards.tables import dashboard_tables
from tracks.models import Collection, Track
from tracks.selectors import source_channel_labels


@staff_permission_required(Perm.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    collections = list(Collection.objects.order_by("slug"))
    if not collections:
        raise Http404
    wanted = request.GET.get("collection") or settings.VERTELPUNT_DEFAULT_COLLECTION
    collection = next((c for c in collections if c.slug == wanted), collections[0])
    regions = scope.dashboard_regions(request.user, scope.region_labels(collection))
    allowed = [key for key, _label in regions]
    region = request.GET.get("region") or (allowed[0] if allowed else "")
    if region and region not in allowed:
        # Another region's counts: not for this user, whatever the URL says.
        raise PermissionDenied
    form = DashboardForm(
        initial={"collection": collection.slug, "region": region},
        collections=[(c.slug, c.title) for c in collections],
        regions=regions,
    )
    context: dict[str, object] = {"form": form, "collection": collection, "regions": regions}
    if region:
        tracks = list(Track.objects.filter(collection=collection).order_by("order"))
        board = dashboard_tables(
            tracks,
            dashboard_counts(collection, region),
            dashboard_counts(collection),
            source_channel_labels(collection),
        )
        context |= {
            "region_label": dict(regions)[region],
            "board": board,
            "week_table": board.table("week"),
            "chart": week_chart(board.table("week").rows),
        }
    return render(request, "dashboards/dashboard.html", context)
