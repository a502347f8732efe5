"""Errors that carry a message fit to show a user as it is."""


class UserError(Exception):
    """Bad input or a refused operation: one plain line for the user, nothing changed.

    The command line prints it and exits 2; the GUI shows it in a calm dialog.
    """

    exit_code = 2


class PassphraseRequired(UserError):
    """No passphrase was given and there is nobody to ask."""


class WrongPassphrase(UserError):
    """The passphrase does not open the database."""
