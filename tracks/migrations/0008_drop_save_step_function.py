"""Saving a teller's step is plain ORM code in tracks.services again: the PostgreSQL
function tracks_save_step() repeated the step-order rule of tracks.flow and had to be
rewritten for every new answer kind, for a speed the teller flow does not need."""

import importlib

from django.db import migrations

_created = importlib.import_module("tracks.migrations.0005_save_step_function")


class Migration(migrations.Migration):
    dependencies = [
        ("tracks", "0007_source_channel"),
    ]

    operations = [
        migrations.RunSQL(_created.DROP, _created.FUNCTION),
    ]
