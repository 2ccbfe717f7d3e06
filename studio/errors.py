"""The two ways the domain says no, each carrying a catalogue key and its placeholders.

``BadInput`` becomes "one-line reason + the command's usage"; ``Refused`` a one-line refusal.
Both are raised *before* anything is written, so the handler only has to reply.
"""


class StudioError(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


class BadInput(StudioError):
    """The arguments are wrong: the reply is ``error.<key>`` and the usage of the command."""


class Refused(StudioError):
    """Not allowed for this person or in this state: the reply is ``error.<key>`` alone."""


class Ambiguous(BadInput):
    """A name several people share: ``people`` are (staff number, name) of each, ``typed`` the
    name as typed. Where it can, the bot asks which one with a button each."""

    def __init__(self, key: str, *, typed: str, people: list[tuple[int, str]], **params):
        super().__init__(key, **params)
        self.typed = typed
        self.people = people
