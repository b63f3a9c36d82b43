"""The analysis settings that travel beside the story filter set in the URL."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from analysis.questions import Lumps

DEFAULT_RESIDUAL = 2.0
DEFAULT_MIN_GROUP = 20
DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class AnalysisParams:
    # Flag a cell when |adjusted residual| reaches this (and its expected count is ≥ 5).
    residual: float = DEFAULT_RESIDUAL
    # Answers (groups, rows, columns) with fewer stories than this are left out of a test.
    min_group: int = DEFAULT_MIN_GROUP
    # False discovery rate for Benjamini-Hochberg across the whole scan.
    alpha: float = DEFAULT_ALPHA
    # Compare this region with the rest of the country (a `Story.region` key).
    region: str = ""
    # Merged options: "gevoel:angst+boosheid" → {"gevoel": [("angst", "boosheid")]}.
    lumps: tuple[str, ...] = field(default_factory=tuple)

    def lump_map(self) -> Lumps:
        result: Lumps = {}
        for item in self.lumps:
            key, _sep, members = item.partition(":")
            keys = tuple(m for m in members.split("+") if m)
            if key and len(keys) > 1:
                result.setdefault(key, []).append(keys)
        return result

    def as_query(self) -> dict[str, str]:
        query: dict[str, str] = {}
        if self.residual != DEFAULT_RESIDUAL:
            query["residu"] = str(self.residual)
        if self.min_group != DEFAULT_MIN_GROUP:
            query["min_groep"] = str(self.min_group)
        if self.alpha != DEFAULT_ALPHA:
            query["alfa"] = str(self.alpha)
        if self.region:
            query["regio_vs"] = self.region
        if self.lumps:
            query["samen"] = " ".join(self.lumps)
        return query


class AnalysisParamsForm(forms.Form):
    regio_vs = forms.CharField(label=_("Regio tegen de rest"), required=False, max_length=50)
    residu = forms.FloatField(
        label=_("Drempel residu"), required=False, min_value=1.0, max_value=5.0
    )
    min_groep = forms.IntegerField(
        label=_("Minimale groepsgrootte"), required=False, min_value=1, max_value=10000
    )
    alfa = forms.FloatField(
        label=_("Foutenmarge (FDR)"), required=False, min_value=0.001, max_value=0.5
    )
    samen = forms.CharField(
        label=_("Antwoorden samenvoegen"),
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld gevoel:angst+boosheid+verdriet; meerdere met een spatie."),
    )

    def to_params(self) -> AnalysisParams:
        d = self.cleaned_data
        return AnalysisParams(
            residual=d["residu"] if d["residu"] is not None else DEFAULT_RESIDUAL,
            min_group=d["min_groep"] if d["min_groep"] is not None else DEFAULT_MIN_GROUP,
            alpha=d["alfa"] if d["alfa"] is not None else DEFAULT_ALPHA,
            region=d["regio_vs"].strip(),
            lumps=tuple(sorted(set(d["samen"].split()))),
        )


def params_from_query(data: Any) -> AnalysisParams:
    values = {k: data.get(k, "") for k in ("regio_vs", "residu", "min_groep", "alfa")}
    samen = data.getlist("samen") if hasattr(data, "getlist") else [data.get("samen", "")]
    values["samen"] = " ".join(s for s in samen if s)
    form = AnalysisParamsForm(values)
    return form.to_params() if form.is_valid() else AnalysisParams()
