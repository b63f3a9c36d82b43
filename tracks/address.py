"""How a teller page speaks to its reader: pupils with "je", parents and professionals with
"u" (DOMAIN.md), and a page that does not know the reader's track with neither.

A message that addresses the teller is written once per form of address (`Addressed`); the
page picks one with the track's role, so no page says "je" to a parent or "u" to a pupil.
"""

from dataclasses import dataclass

from django.utils.functional import Promise

from signifiers.models import Role

INFORMAL = "je"
FORMAL = "u"
NEUTRAL = ""


def address_of(role: str | None) -> str:
    """The form of address for a teller of `role`; NEUTRAL when the track is not known."""
    if not role:
        return NEUTRAL
    return INFORMAL if role == Role.LEERLING else FORMAL


@dataclass(frozen=True)
class Addressed:
    """One message in each form of address. Without a neutral wording, a page that does not
    know the track uses the formal one: a pupil may read "u", a parent never reads "je"."""

    je: str | Promise
    u: str | Promise
    neutral: str | Promise | None = None

    def to(self, address: str) -> str:
        if address == INFORMAL:
            return str(self.je)
        if address == NEUTRAL and self.neutral is not None:
            return str(self.neutral)
        return str(self.u)

    def to_role(self, role: str | None) -> str:
        return self.to(address_of(role))
