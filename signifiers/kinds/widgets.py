"""What the widgets of several kinds share."""

from typing import Any


def reset_subwidget_classes(subwidgets: list[dict[str, Any]]) -> None:
    """Crispy forms adds its own classes to every subwidget; put back the ones we need."""
    for sub in subwidgets:
        classes = sub["attrs"].get("class", "").split()
        if sub["type"] == "checkbox":
            sub["attrs"]["class"] = "form-check-input"
        else:
            keep = [c for c in classes if c in {"slider-number", "triad-share", "is-invalid"}]
            sub["attrs"]["class"] = " ".join(["form-control", *keep])
