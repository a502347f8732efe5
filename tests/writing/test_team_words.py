"""Team word lists: the terms every worker uses, each authority's own, and what a word list
file may hold."""

from __future__ import annotations

import pytest

from visitdesk.errors import UserError
from visitdesk.standards.authority import shipped_authority_ids
from visitdesk.standards.policy import POLICIES_DIR
from visitdesk.writing import spelling
from visitdesk.writing.spelling import read_word_list, team_words


@pytest.fixture
def policies(tmp_path, monkeypatch):
    """A policies folder of our own, with a common list of two words."""
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "common.words.txt").write_text("Ofsted\ngenogram\n", "utf-8")
    monkeypatch.setattr(spelling, "POLICIES_DIR", folder)
    team_words.cache_clear()
    yield folder
    team_words.cache_clear()


def test_the_common_list_holds_the_terms_workers_use():
    words = team_words(None)
    wanted = {"Ofsted", "ICPC", "RCPC", "PLO", "LADO", "MASH", "CAMHS", "SENCO", "EHCP"}
    wanted |= {"genogram", "kinship", "paediatrician", "Signs", "Safety", "Section", "Cafcass"}
    assert wanted <= words
    assert len(words) >= 150


def test_numbers_in_a_term_are_not_words():
    words = team_words(None)
    assert "Section" in words
    assert not {"47", "s17", "s20"} & words


def test_each_shipped_authority_has_a_list_of_its_own_beside_its_file():
    for authority_id in shipped_authority_ids():
        assert (POLICIES_DIR / f"{authority_id}.words.txt").is_file(), authority_id
        assert team_words(authority_id) > team_words(None), authority_id


def test_each_authoritys_list_names_its_case_system():
    assert "CareFirst" in team_words("getting-it-right")
    assert "Mosaic" in team_words("leicestershire")
    assert "TriX" in team_words("childrens-social-care-2019")
    assert "CareFirst" not in team_words("leicestershire")


def test_leicestershires_list_holds_its_places():
    words = team_words("leicestershire")
    assert {"Loughborough", "Coalville", "Hinckley", "Oadby", "Wigston", "Mowbray"} <= words
    assert {"Ashby", "Zouch", "Harborough", "Lutterworth", "SSWOP"} <= words


def test_an_authority_added_as_data_gets_its_list_by_adding_a_file(policies):
    assert team_words("newtown") == {"Ofsted", "genogram"}
    team_words.cache_clear()
    (policies / "newtown.words.txt").write_text("Tyneview\nNewtown Hub\n", "utf-8")
    assert team_words("newtown") == {"Ofsted", "genogram", "Tyneview", "Newtown", "Hub"}


def test_no_authority_means_the_common_list_only(policies):
    assert team_words(None) == team_words("") == {"Ofsted", "genogram"}


def test_an_authority_id_that_is_no_id_is_refused(policies):
    with pytest.raises(UserError, match="not an authority id"):
        team_words("../common")


def test_a_word_list_has_comments_blank_lines_and_terms_of_several_words(tmp_path):
    path = tmp_path / "team.words.txt"
    path.write_bytes(
        "\ufeff# Our team's words\r\n\r\nOfsted   # the inspectorate\r\n"
        "Signs of Safety\r\n  genogram  \r\nA&E\r\nSection 47\r\n".encode()
    )
    assert read_word_list(path) == {"Ofsted", "Signs", "of", "Safety", "genogram", "Section"}


def test_a_word_list_over_one_megabyte_is_refused(tmp_path):
    path = tmp_path / "big.words.txt"
    path.write_text("genogram\n" * 120_000, "utf-8")
    with pytest.raises(UserError, match=r"big\.words\.txt is larger than a word list can be"):
        read_word_list(path)


def test_a_word_list_of_more_than_twenty_thousand_terms_is_refused(tmp_path):
    path = tmp_path / "many.words.txt"
    path.write_text("# many\n" + "".join(f"word{n}\n" for n in range(20_001)), "utf-8")
    with pytest.raises(UserError, match=r"many\.words\.txt, line 20002: .*20,000 terms"):
        read_word_list(path)


def test_a_term_over_a_hundred_characters_is_refused(tmp_path):
    path = tmp_path / "long.words.txt"
    path.write_text("Ofsted\n" + "a" * 101 + "\n", "utf-8")
    with pytest.raises(UserError, match=r"long\.words\.txt, line 2: .*longer than 100"):
        read_word_list(path)
    path.write_text("Ofsted\n" + "a" * 100 + "\n", "utf-8")
    assert read_word_list(path) == {"Ofsted", "a" * 100}


@pytest.mark.parametrize("control", ["\x00", "\t", "\x1b", "\x7f", "\u2028"])
def test_a_term_with_a_control_character_is_refused(tmp_path, control):
    path = tmp_path / "odd.words.txt"
    path.write_text(f"Ofsted\n\ngeno{control}gram\n", "utf-8")
    with pytest.raises(UserError, match=r"odd\.words\.txt, line 3: .*control character"):
        read_word_list(path)


def test_a_word_list_that_is_not_utf8_is_refused_at_its_line(tmp_path):
    path = tmp_path / "latin.words.txt"
    path.write_bytes(b"Ofsted\nZo\xeb\n")
    with pytest.raises(UserError, match=r"latin\.words\.txt, line 2: .*not UTF-8"):
        read_word_list(path)


def test_a_refusal_is_one_line(tmp_path):
    path = tmp_path / "long.words.txt"
    path.write_text("b" * 200, "utf-8")
    with pytest.raises(UserError) as refused:
        read_word_list(path)
    assert "\n" not in str(refused.value)
