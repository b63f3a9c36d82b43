from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from dashboards.models import ROLLUP_TIME_ZONE


@register()
def rollup_time_zone(app_configs: Any, **kwargs: Any) -> list[Error]:
    """The triggers put a story in the week of its start in ROLLUP_TIME_ZONE; the filters and
    exports use settings.TIME_ZONE. They must be the same zone or weeks would disagree."""
    if settings.TIME_ZONE != ROLLUP_TIME_ZONE:
        return [
            Error(
                f"TIME_ZONE is {settings.TIME_ZONE!r} but the dashboard counts weeks in "
                f"{ROLLUP_TIME_ZONE!r}",
                hint="Change ROLLUP_TIME_ZONE and the triggers (dashboards/migrations), then "
                "run manage.py dashboard_recount.",
                id="dashboards.E001",
            )
        ]
    return []
