"""Django's makemessages without msgmerge's fuzzy guesses.

msgmerge fills a new msgid with the translation of a similar old one and marks it fuzzy
("organisation" took "Invitations"); gettext then shows the English, and the guess waits to
be mistaken for a translation. A new string stays empty until someone translates it.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
