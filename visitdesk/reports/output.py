"""Saving a rendered PDF: whole or not at all, and encrypted in memory when a password is given."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from visitdesk.errors import UserError
from visitdesk.fileio import check_export_target, write_atomically
from visitdesk.names import pdf_password_problem


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """The same PDF locked with AES-256: it opens only with ``password``.

    Every way of saving a locked PDF comes through here, so here a weak password is refused
    (see ``visitdesk.names.pdf_password_problem``): a guessable password locks nothing.
    """
    problem = pdf_password_problem(password)
    if problem:
        raise UserError(f"{problem[:1].upper()}{problem[1:]}.")
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    except PyPdfError as exc:
        raise UserError(
            "The PDF could not be read for encryption; print the record again."
        ) from exc
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pdf(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    password: str | None = None,
    overwrite: bool = False,
    protected: Iterable[Path] = (),
) -> None:
    """Write ``data`` to ``path`` atomically: the old file or the complete new one, never half.

    With ``password`` the PDF is encrypted in memory first, so the readable version never
    reaches the disk. Any failure leaves nothing behind and raises :class:`UserError`. The
    target is checked before anything is rendered or encrypted (see ``check_export_target``).
    """
    check_export_target(path, protected=protected, overwrite=overwrite, what="PDF")
    if password is not None:
        data = encrypt_pdf(data, password)
    write_atomically(path, data, what="PDF", overwrite=overwrite, protected=protected)
