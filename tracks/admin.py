"""The Django admin (/beheer/) for what staff keep by hand that has no page of its own."""

from django.contrib import admin

from tracks.models import SourceChannel


@admin.register(SourceChannel)
class SourceChannelAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "collection", "order"]
    list_filter = ["collection"]
    list_select_related = ["collection"]
    search_fields = ["key", "label"]
