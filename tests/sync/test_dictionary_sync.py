"""A worker's own dictionary reaches their other installations through real bundles, by way
of the manager, and never another worker's; hostile word lists in validly signed bundles are
refused in one line and change nothing."""

from __future__ import annotations

import pytest

from tests.services import test_sync_roles as roles
from tests.services.test_sync_roles import _refused
from visitdesk.errors import UserError
from visitdesk.services import dictionary, syncing

forge = roles.forge


@pytest.fixture
def team(make_workspace, tmp_path):
    """Sam works on two laptops, both enrolled with Morgan; Alex is another worker."""
    laptop = make_workspace(role="worker", name="Sam Worker", folder="laptop")
    spare = make_workspace(role="worker", name="Sam Worker", folder="spare")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    other = make_workspace(role="worker", name="Alex Other", folder="other")
    for ws, name in ((laptop, "laptop"), (spare, "spare"), (manager, "morgan"), (other, "alex")):
        syncing.export_card(ws, tmp_path / f"{name}.card")
    for name in ("laptop", "spare", "alex"):
        syncing.import_card(manager, tmp_path / f"{name}.card")
    for ws in (laptop, spare, other):
        syncing.import_card(ws, tmp_path / "morgan.card")
    return laptop, spare, manager, other


def _to(manager, ws, path):
    syncing.export_bundle(manager, path, to=ws.identity.device_id[:12])
    return syncing.import_bundle(ws, path)


def _from(ws, manager, path):
    syncing.export_bundle(ws, path)
    return syncing.import_bundle(manager, path)


def test_a_word_added_on_one_laptop_reaches_the_workers_other_laptop_only(team, tmp_path):
    laptop, spare, manager, other = team
    dictionary.add_word(laptop, "Wigston")
    dictionary.add_word(laptop, "genogram")
    _from(laptop, manager, tmp_path / "1.vdbundle")
    assert dictionary.personal_words(manager) == []  # kept for Sam, not in Morgan's own
    _to(manager, spare, tmp_path / "2.vdbundle")
    _to(manager, other, tmp_path / "3.vdbundle")
    assert dictionary.personal_words(spare) == ["genogram", "Wigston"]
    assert dictionary.personal_words(other) == []


def test_a_word_taken_out_is_taken_out_on_the_other_laptop_too(team, tmp_path):
    laptop, spare, manager, _ = team
    dictionary.add_word(laptop, "Wigston")
    _from(laptop, manager, tmp_path / "1.vdbundle")
    _to(manager, spare, tmp_path / "2.vdbundle")
    assert dictionary.personal_words(spare) == ["Wigston"]
    dictionary.remove_word(spare, "Wigston")
    _from(spare, manager, tmp_path / "3.vdbundle")
    _to(manager, laptop, tmp_path / "4.vdbundle")
    assert dictionary.personal_words(laptop) == []


def test_words_that_came_in_are_not_sent_back_as_new(team, tmp_path):
    laptop, spare, manager, _ = team
    dictionary.add_word(laptop, "Wigston")
    _from(laptop, manager, tmp_path / "1.vdbundle")
    _to(manager, spare, tmp_path / "2.vdbundle")
    summary = syncing.export_bundle(spare, tmp_path / "3.vdbundle")
    assert summary.counts.get("words", 0) == 0


@pytest.mark.parametrize(
    "words, match",
    [
        (
            [{"word": "two words", "removed": False, "changed_at": "2026-11-30T10:00:00"}],
            "one word",
        ),
        ([{"word": "bad\u0007", "removed": False, "changed_at": "2026-11-30T10:00:00"}], "control"),
        ([{"word": "x" * 101, "removed": False, "changed_at": "2026-11-30T10:00:00"}], "at most"),
        ([{"word": "Wigston", "removed": "no", "changed_at": "2026-11-30T10:00:00"}], "true or"),
        ([{"word": "Wigston", "removed": False, "changed_at": "soon"}], "date and time"),
        ([{"word": "Wigston", "removed": False}], "exactly"),
        ("Wigston", "must be a list"),
        (
            [
                {"word": f"w{i}x", "removed": False, "changed_at": "2026-11-30T10:00:00"}
                for i in range(dictionary.MAX_WORDS + 1)
            ],
            "more than",
        ),
    ],
)
def test_a_signed_bundle_with_a_hostile_word_list_is_refused_whole(
    team, tmp_path, forge, words, match
):
    laptop, _, manager, _ = team
    dictionary.add_word(laptop, "Wigston")
    forge(lambda payload: payload.update(words=words))
    path = tmp_path / "bad.vdbundle"
    syncing.export_bundle(laptop, path)
    _refused(manager, path, match)


def test_a_word_with_a_space_cannot_be_added_and_nothing_is_stored(workspace):
    with pytest.raises(UserError, match="one word at a time"):
        dictionary.add_word(workspace, "Signs of")
    assert dictionary.personal_words(workspace) == []


def test_a_word_dated_in_the_future_by_a_fast_clock_can_still_be_taken_out(team, tmp_path):
    from datetime import timedelta

    laptop, spare, manager, _ = team
    real = laptop.clock
    laptop.clock = lambda: real() + timedelta(days=1)  # this laptop's clock runs a day fast
    dictionary.add_word(laptop, "Wigston")
    _from(laptop, manager, tmp_path / "1.vdbundle")
    _to(manager, spare, tmp_path / "2.vdbundle")
    assert dictionary.personal_words(spare) == ["Wigston"]
    dictionary.remove_word(spare, "Wigston")
    assert dictionary.personal_words(spare) == []
    dictionary.add_word(spare, "Wigston")
    dictionary.remove_word(spare, "Wigston")
    assert dictionary.personal_words(spare) == []


def test_a_forged_far_future_date_cannot_pin_a_word(team, tmp_path, forge):
    laptop, spare, manager, _ = team
    dictionary.add_word(laptop, "Wigston")
    forge(
        lambda payload: payload.update(
            words=[{"word": "Wigston", "removed": False, "changed_at": "9999-12-31T00:00:00"}]
        )
    )
    _from(laptop, manager, tmp_path / "1.vdbundle")
    forge(lambda payload: None)
    _to(manager, spare, tmp_path / "2.vdbundle")
    dictionary.remove_word(spare, "Wigston")
    assert dictionary.personal_words(spare) == []
