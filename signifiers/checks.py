"""What must hold before a draft version may be published (in staff's words).

The editor's forms keep most of this true edit by edit; this is the last look before the
version becomes immutable. The rules are those of the data-file format (signifiers.spec).
"""

from django.utils.translation import gettext as _

from signifiers.kinds import AnswerKind, Problem, kind
from signifiers.models import QuestionnaireVersion, Role, RoleType, Signifier
from signifiers.selectors import Questions, version_questions


def version_problems(
    version: QuestionnaireVersion, questions: Questions | None = None
) -> list[str]:
    """What stands in the way of publishing; `questions` when the caller has them loaded."""
    signifiers = (questions or version_questions(version)).signifiers
    if not signifiers:
        return [_("De versie heeft geen vragen.")]
    problems: list[str] = []
    for signifier in signifiers:
        problems += [
            _("Vraag ‘%(key)s’: %(problem)s") % {"key": signifier.key, "problem": p}
            for p in _signifier_problems(signifier)
        ]
    return problems


def _signifier_problems(s: Signifier) -> list[str]:
    problems: list[str] = []
    answer_kind = kind(s.kind)
    wordings = {w.role: w for w in s.wordings.all()}
    poles: dict[str, tuple[str, str]] = {}
    for role in Role:
        wording = wordings.get(role.value)
        if wording is None or not wording.prompt.strip():
            problems.append(_("de vraagtekst voor %(track)s ontbreekt.") % {"track": role.label})
        else:
            poles[role.value] = (wording.left_label, wording.right_label)
    options = list(s.options.all())
    problems += [
        _problem_text(answer_kind, problem, role)
        for problem, role in answer_kind.problems(
            option_count=len(options),
            poles=poles,
            max_choices=s.max_choices,
            max_length=s.max_length,
        )
    ]
    if s.story_attribute == Signifier.StoryAttribute.ROLE_TYPE and any(
        o.group not in RoleType.values for o in options
    ):
        problems.append(_("elke keuze heeft een roltype als groep nodig."))
    # Every track must have something to choose; a fixed set (a triad's corners) is shown whole.
    choosing = answer_kind.has_options and not answer_kind.options_fixed
    for role in Role:
        if choosing and options and not any(o.is_shown_to(role) for o in options):
            problems.append(_("%(track)s krijgt geen enkele keuze.") % {"track": role.label})
    return problems


def _problem_text(answer_kind: AnswerKind, problem: Problem, role: str) -> str:
    """A kind's problem in staff's words."""
    if problem == Problem.NEEDS_POLES:
        return _("de uitersten voor %(track)s ontbreken.") % {"track": Role(role).label}
    if problem == Problem.OPTION_COUNT:
        return _("deze vraag heeft precies %(count)s keuzes nodig.") % {
            "count": answer_kind.option_count
        }
    return {
        Problem.NEEDS_OPTIONS: _("er is geen enkele keuze."),
        Problem.NO_OPTIONS: _("deze soort vraag heeft geen keuzes."),
        Problem.NEEDS_MAX_CHOICES: _("het maximum aantal keuzes ontbreekt."),
        Problem.BAD_MAX_LENGTH: _("de maximale lengte is geen geheel getal van 1 of meer."),
    }[problem]
