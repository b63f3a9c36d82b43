"""What must hold before a draft version may be published (in staff's words).

The editor's forms keep most of this true edit by edit; this is the last look before the
version becomes immutable. The rules are those of the data-file format (signifiers.spec).
"""

from django.utils.translation import gettext as _

from signifiers.models import QuestionnaireVersion, Role, RoleType, Signifier
from signifiers.selectors import Questions, version_questions

CHOICE_KINDS = {Signifier.Kind.SINGLE, Signifier.Kind.MULTIPLE, Signifier.Kind.SELECT}


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
    wordings = {w.role: w for w in s.wordings.all()}
    for role in Role:
        wording = wordings.get(role.value)
        if wording is None or not wording.prompt.strip():
            problems.append(_("de vraagtekst voor %(track)s ontbreekt.") % {"track": role.label})
        elif s.kind == Signifier.Kind.SLIDER and not (
            wording.left_label.strip() and wording.right_label.strip()
        ):
            problems.append(_("de uitersten voor %(track)s ontbreken.") % {"track": role.label})
    options = list(s.options.all())
    if s.kind in CHOICE_KINDS and not options:
        problems.append(_("er is geen enkele keuze."))
    if s.kind == Signifier.Kind.TRIAD and len(options) != 3:
        problems.append(_("een driehoek heeft precies drie hoeken."))
    if s.kind == Signifier.Kind.MULTIPLE and not (s.max_choices and s.max_choices >= 1):
        problems.append(_("het maximum aantal keuzes ontbreekt."))
    if s.story_attribute == Signifier.StoryAttribute.ROLE_TYPE and any(
        o.group not in RoleType.values for o in options
    ):
        problems.append(_("elke keuze heeft een roltype als groep nodig."))
    for role in Role:
        if s.kind in CHOICE_KINDS and options and not any(o.is_shown_to(role) for o in options):
            problems.append(_("%(track)s krijgt geen enkele keuze.") % {"track": role.label})
    return problems
