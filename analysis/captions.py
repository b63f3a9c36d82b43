"""Plain Dutch sentences generated from a pair's numbers, for captions and the ranked list."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analysis.scan import CHI2, KRUSKAL, OK, REGION_KEY, SPARSE, SPEARMAN, PairResult
from analysis.services import Analysis, VariableInfo

_WHO = {
    "leerling": gettext_lazy("Leerlingen"),
    "ouder": gettext_lazy("Ouders"),
    "professional": gettext_lazy("Professionals"),
}


def who(analysis: Analysis) -> str:
    return str(_WHO.get(analysis.filter.track, _("Vertellers")))


def number(value: float, decimals: int = 1) -> str:
    return str(number_format(round(value, decimals), decimal_pos=decimals))


def condition(variable: VariableInfo, index: int) -> str:
    """ "'hoop' bij gevoel", "niet 'ouders' bij invloed", "in kennemerland"."""
    category = variable.categories[index]
    if variable.question == REGION_KEY:
        return category.label if index else _("in %(region)s") % {"region": category.label}
    question = variable.label.split(":")[0]
    if "=" in variable.id:  # one option of a multiple choice: gekozen / niet gekozen
        option = variable.label.split(": ", 1)[1]
        if index == 0:
            return _("'%(option)s' bij %(question)s") % {"option": option, "question": question}
        return _("niet '%(option)s' bij %(question)s") % {"option": option, "question": question}
    return _("'%(answer)s' bij %(question)s") % {"answer": category.label, "question": question}


def caption(analysis: Analysis, result: PairResult) -> str:
    a = analysis.variables[result.a]
    b = analysis.variables[result.b]
    if result.status == SPARSE:
        return _("Te weinig gegevens voor een toets (te veel kleine verwachte aantallen).")
    if result.status != OK:
        return _("Te weinig verhalen per antwoord voor een toets.")
    if result.test == CHI2:
        return _chi2_caption(analysis, result, a, b)
    if result.test == KRUSKAL:
        return _kruskal_caption(analysis, result, a, b)
    if result.test == SPEARMAN:
        direction = _("hoger") if result.rho > 0 else _("lager")
        return _("%(who)s: hoe hoger %(a)s, hoe %(dir)s %(b)s (rho = %(rho)s).") % {
            "who": who(analysis),
            "a": a.label.lower(),
            "b": b.label.lower(),
            "dir": direction,
            "rho": number(result.rho, 2),
        }
    return ""


def _chi2_caption(analysis: Analysis, result: PairResult, a: VariableInfo, b: VariableInfo) -> str:
    if not result.flags:
        return _("%(who)s: samenhang zonder opvallende combinatie (V = %(v)s).") % {
            "who": who(analysis),
            "v": number(result.effect, 2),
        }
    # "Vaker dan verwacht" reads more naturally; the strongest such cell leads when there is one.
    more = [f for f in result.flags if f.more]
    flag = more[0] if more else result.flags[0]
    values = {
        "who": who(analysis),
        "when": condition(a, result.rows[flag.row]),
        "what": condition(b, result.cols[flag.col]),
        "observed": flag.observed,
        "expected": number(flag.expected, 0),
    }
    if flag.more:
        values["ratio"] = number(flag.ratio)
        return (
            _(
                "%(who)s met %(when)s kozen %(ratio)s× vaker dan verwacht %(what)s "
                "(%(observed)s verhalen, verwacht %(expected)s)."
            )
            % values
        )
    return (
        _(
            "%(who)s met %(when)s kozen minder vaak dan verwacht %(what)s "
            "(%(observed)s verhalen, verwacht %(expected)s)."
        )
        % values
    )


def _kruskal_caption(
    analysis: Analysis, result: PairResult, group: VariableInfo, slider: VariableInfo
) -> str:
    if result.means is None or result.differs is None:
        return ""
    direction = _("hogere") if result.differs_z > 0 else _("lagere")
    return _(
        "%(who)s met %(when)s gaven %(slider)s een %(dir)s waarde: gemiddeld %(mean)s "
        "tegen %(rest)s bij de anderen."
    ) % {
        "who": who(analysis),
        "when": condition(group, result.rows[result.differs]),
        "slider": slider.label.lower(),
        "dir": direction,
        "mean": number(float(result.means[result.differs]), 0),
        "rest": number(result.rest_mean, 0),
    }
