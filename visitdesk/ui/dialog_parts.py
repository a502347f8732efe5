"""What the set-up, unlock and account dialogs share: error and hint lines, passphrase boxes
and what is said about a passphrase or a name as it is typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.names import MIN_PASSPHRASE, clean_name, passphrase_problem, user_words
from visitdesk.services.workspace import Workspace


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setStyleSheet("color: #a4262c; font-weight: bold;")
    label.setAccessibleName(QCoreApplication.translate("Dialogs", "Problem"))
    label.hide()
    return label


def _hint_label(name: str) -> QLabel:
    """A line under a field that says, as the person types, what is wrong or that all is well."""
    label = QLabel()
    label.setObjectName("hintText")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def _passphrase_advice() -> str:
    return QCoreApplication.translate(
        "Passphrase",
        "At least {count} characters. Three or four unrelated words are easy to remember and "
        "hard to guess.",
    ).format(count=MIN_PASSPHRASE)


def _sentence(message: str) -> str:
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


def _show_hint(label: QLabel, message: str, *, problem: bool) -> None:
    label.setText(_sentence(message) if message else "")
    label.setStyleSheet("color: #a4262c;" if problem else "")
    label.setAccessibleDescription(label.text())


def _name_hint(name: str, team: str) -> str | None:
    """What is wrong with the name or team as typed (the rule is ``visitdesk.names``)."""
    try:
        clean_name(name, "name")
        clean_name(team, "team name", required=False)
    except UserError as exc:
        return str(exc)
    return None


def _passphrase_hint(label: QLabel, passphrase: str, name: str, team: str) -> bool:
    """Show how good the passphrase is as typed; True if it is good enough."""
    if not passphrase:
        _show_hint(label, _passphrase_advice(), problem=False)
        return False
    problem = passphrase_problem(passphrase, user_words(name, team))
    strong = QCoreApplication.translate("Passphrase", "that passphrase is strong enough")
    _show_hint(label, problem or strong, problem=bool(problem))
    if not problem:
        label.setStyleSheet("color: #107c10;")
    return problem is None


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def _show_error(label: QLabel, message: str) -> None:
    label.setText(_sentence(message))
    label.setAccessibleDescription(message)
    label.show()
    label.window().adjustSize()  # room for the message: never clip it


class _OpensWorkspace(QDialog):
    """A dialog that ends with an open Workspace (or none, if the person cancelled)."""

    workspace: Workspace | None = None

    @classmethod
    def ask(cls, data_dir: Path, parent: QWidget | None = None) -> tuple[Workspace | None, bool]:
        dialog = cls(data_dir, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.workspace, accepted
