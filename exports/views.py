"""Staff views for exports: start one, follow its progress, download the zip. Analysts only."""

from typing import cast

from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from access.guards import staff_permission_required
from access.models import Perm
from exports import selectors, services
from exports.forms import ExportForm
from exports.models import Export
from tracks.filters import StoryFilterForm


@staff_permission_required(Perm.EXPORT)
def start(request: HttpRequest) -> HttpResponse:
    # Every page that shows exports settles staleness first: it never offers a download of
    # a withdrawn story, and the file goes as soon as anyone looks.
    services.exports_expire_stale()
    if request.method == "POST":
        filter_form = StoryFilterForm(request.POST)
        export_form = ExportForm(request.POST)
        if filter_form.is_valid() and export_form.is_valid():
            export = services.export_request(
                # The guard let only a signed-in analyst through.
                requested_by=cast(User, request.user),
                flt=filter_form.to_filter(),
                fmt=export_form.cleaned_data["format"],
            )
            return redirect("exports:detail", export_id=export.pk)
    else:
        # Filters may arrive in the query string, e.g. from the moderation queue.
        filter_form = StoryFilterForm(request.GET or None)
        export_form = ExportForm()
    context = {
        "filter_form": filter_form,
        "export_form": export_form,
        "exports": selectors.exports_recent(),
    }
    return render(request, "exports/start.html", context)


@staff_permission_required(Perm.EXPORT)
def detail(request: HttpRequest, export_id: int) -> HttpResponse:
    services.exports_expire_stale(export_ids=[export_id])
    export = get_object_or_404(Export.objects.select_related("requested_by"), pk=export_id)
    return render(request, "exports/detail.html", {"export": export})


@staff_permission_required(Perm.EXPORT)
def status(request: HttpRequest, export_id: int) -> JsonResponse:
    """What the status page's script polls."""
    services.exports_expire_stale(export_ids=[export_id])
    export = get_object_or_404(Export, pk=export_id)
    return JsonResponse(
        {
            "status": export.status,
            "status_display": export.get_status_display(),
            "progress": export.progress,
            "rows": export.rows,
            "finished": export.is_finished,
            "download_url": (
                reverse("exports:download", kwargs={"export_id": export.pk})
                if export.is_done
                else None
            ),
        }
    )


# The guard is typed for HttpResponse; a FileResponse streams (HttpResponseBase).
@staff_permission_required(Perm.EXPORT)
def download(request: HttpRequest, export_id: int) -> FileResponse | HttpResponse:
    # Any analyst may download any export (they may export the same stories themselves);
    # the permission check above keeps everyone else out.
    services.exports_expire_stale(export_ids=[export_id])
    export = get_object_or_404(Export.objects.select_related("requested_by"), pk=export_id)
    if export.status == Export.Status.STALE:
        # Gone for good, and why: a withdrawn story or redacted text was in it.
        return render(request, "exports/detail.html", {"export": export}, status=410)
    if not export.is_done:
        raise Http404
    folder = services.export_dir().resolve()
    path = (folder / export.file_name).resolve()
    if path.parent != folder or not path.is_file():
        raise Http404
    stamp = timezone.localtime(export.finished_at or export.created_at).strftime("%Y%m%d-%H%M")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"vertelpunt-export-{export.pk}-{stamp}.zip",
        content_type="application/zip",
    )
