"""Saving a PDF: whole or not at all, a plain message when it fails, encrypted when asked."""

from __future__ import annotations

import errno
import io
import os

import pytest
from pypdf import PasswordType, PdfReader

from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.reports import output as output_module
from visitdesk.reports import render_visit, write_pdf


@pytest.fixture
def pdf(child, visit) -> bytes:
    return render_visit(child, visit)


def _only_file(folder) -> list[str]:
    return sorted(os.listdir(folder))


def test_pdf_is_written_whole(pdf, tmp_path):
    target = tmp_path / "record.pdf"
    write_pdf(target, pdf)

    assert target.read_bytes() == pdf
    assert _only_file(tmp_path) == ["record.pdf"], "no temporary file is left behind"


def test_an_existing_file_is_replaced_only_when_asked(pdf, tmp_path):
    target = tmp_path / "record.pdf"
    target.write_bytes(b"old")
    with pytest.raises(TargetExists):
        write_pdf(str(target), pdf)
    assert target.read_bytes() == b"old"
    write_pdf(str(target), pdf, overwrite=True)

    assert target.read_bytes() == pdf
    assert _only_file(tmp_path) == ["record.pdf"]


def test_encrypted_pdf_opens_only_with_its_password(pdf, tmp_path):
    target = tmp_path / "locked.pdf"
    write_pdf(target, pdf, password="kettle-43-lantern")

    reader = PdfReader(target)
    assert reader.is_encrypted
    encryption = reader.trailer["/Encrypt"].get_object()
    assert (encryption["/V"], encryption["/R"]) == (5, 6), "AES-256"
    assert reader.decrypt("wrong password") == PasswordType.NOT_DECRYPTED

    reader = PdfReader(target)
    assert reader.decrypt("kettle-43-lantern") != PasswordType.NOT_DECRYPTED
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Zoë Nguyễn Łucja Ó Briain" in text
    assert len(reader.pages) == len(PdfReader(io.BytesIO(pdf)).pages)


def test_unencrypted_bytes_never_reach_the_disk(pdf, tmp_path, monkeypatch):
    written: list[bytes] = []
    real_fdopen = os.fdopen

    class Spy(io.RawIOBase):
        def __init__(self, handle):
            self._handle = handle

        def write(self, data):
            written.append(bytes(data))
            return self._handle.write(data)

        def flush(self):
            self._handle.flush()

        def fileno(self):
            return self._handle.fileno()

        def close(self):
            self._handle.close()

    monkeypatch.setattr(output_module.os, "fdopen", lambda *a, **k: Spy(real_fdopen(*a, **k)))
    write_pdf(tmp_path / "locked.pdf", pdf, password="kettle-43-lantern")

    assert written, "the spy saw the write"
    on_disk = b"".join(written)
    assert on_disk != pdf
    assert on_disk == (tmp_path / "locked.pdf").read_bytes()
    assert b"/Encrypt" in on_disk


def test_empty_password_is_refused(pdf, tmp_path):
    with pytest.raises(UserError, match="password is empty"):
        write_pdf(tmp_path / "locked.pdf", pdf, password="")
    assert _only_file(tmp_path) == []


def test_missing_folder_is_reported_and_nothing_is_left(pdf, tmp_path):
    with pytest.raises(UserError) as raised:
        write_pdf(tmp_path / "no such folder" / "record.pdf", pdf)

    assert "does not exist" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert _only_file(tmp_path) == []


def test_a_file_in_place_of_the_folder_is_reported(pdf, tmp_path):
    # Tests run as root, where a read-only folder is still writable; a file where the folder
    # should be fails for everyone.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    with pytest.raises(UserError) as raised:
        write_pdf(blocker / "record.pdf", pdf)

    assert "is not a folder" in str(raised.value)
    assert _only_file(tmp_path) == ["notes.txt"]
    assert blocker.read_text() == "not a folder"


def test_a_folder_as_the_target_is_reported(pdf, tmp_path):
    (tmp_path / "record.pdf").mkdir()
    with pytest.raises(UserError, match="is a folder"):
        write_pdf(tmp_path / "record.pdf", pdf)


def test_a_full_disk_leaves_the_old_file_and_no_partial_file(pdf, tmp_path, monkeypatch):
    target = tmp_path / "record.pdf"
    target.write_bytes(b"the previous version")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_module.os, "fsync", full)
    with pytest.raises(UserError) as raised:
        write_pdf(target, pdf, password="kettle-43-lantern", overwrite=True)

    assert str(raised.value).startswith("The disk is full, so record.pdf was not saved")
    assert target.read_bytes() == b"the previous version"
    assert _only_file(tmp_path) == ["record.pdf"]


def test_a_refused_rename_leaves_no_partial_file(pdf, tmp_path, monkeypatch):
    def refused(_source, _target):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output_module.os, "replace", refused)
    with pytest.raises(UserError, match="may not save in"):
        write_pdf(tmp_path / "record.pdf", pdf)

    assert _only_file(tmp_path) == []


def test_an_unreadable_pdf_cannot_be_encrypted(tmp_path):
    with pytest.raises(UserError, match="could not be read"):
        write_pdf(tmp_path / "record.pdf", b"this is not a PDF", password="kettle-43-lantern")
    assert _only_file(tmp_path) == []
