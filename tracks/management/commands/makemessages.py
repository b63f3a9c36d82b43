"""Django's makemessages, also reading `_lazy(...)`: the teller views import gettext_lazy
under that name (tracks/views/steps.py), and xgettext only knows the usual names."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
