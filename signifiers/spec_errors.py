"""The one error of the questionnaire data files."""


class SpecError(ValueError):
    """The data file does not describe a valid questionnaire."""
