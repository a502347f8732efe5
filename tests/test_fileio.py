"""Where an export may be written: never into VisitDesk's own data."""

from __future__ import annotations


def test_a_second_spelling_of_the_data_folder_is_still_refused(tmp_path):
    """A bind mount, a case-insensitive disk or a symlinked parent names the same folder
    differently; the check goes by the folder itself."""
    import pytest

    from visitdesk.errors import UserError
    from visitdesk.fileio import check_export_target

    data = tmp_path / "real" / "data"
    data.mkdir(parents=True)
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    for spelling in (
        tmp_path / "alias" / "data" / "visitdesk.db",
        tmp_path / "alias" / "data" / "new.pdf",
        tmp_path / "alias" / "data" / "backups" / "x.pdf",
    ):
        with pytest.raises(UserError, match="data folder"):
            check_export_target(spelling, protected=(tmp_path / "alias" / "data",))
        with pytest.raises(UserError, match="data folder"):
            check_export_target(spelling, protected=(data,))
    check_export_target(tmp_path / "real" / "elsewhere.pdf", protected=(data,))
