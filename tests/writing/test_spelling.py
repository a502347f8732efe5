"""The British English spell check: which words it reports, what it suggests, and that it
reads our dictionary only and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from visitdesk.errors import UserError
from visitdesk.standards.fields import BY_NAME
from visitdesk.writing.spelling import (
    CODE,
    NARRATIVE_FIELDS,
    SOURCE,
    Checker,
    Speller,
    SpellingUnavailable,
    dictionaries_dir,
    load_speller,
    shared_speller,
    spelling_findings,
    team_words,
)

ROOT = Path(__file__).resolve().parents[2]
ACCEPTANCE = (
    "recieved the refferal about the colour of the paediatrician's programme, discussed at the ICPC"
)


@pytest.fixture(scope="module")
def speller() -> Speller:
    return shared_speller().result(timeout=60)


@pytest.fixture
def checker(speller) -> Checker:
    return Checker(speller, team_words(None))


def misspelt(checker: Checker, text: str, **kwargs) -> list[str]:
    return [w.text for w in checker.misspelt(text, **kwargs)]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **env},
    )


# -- what is reported --------------------------------------------------------------------------


def test_british_spellings_are_not_reported(checker):
    text = (
        "Colour, organise, programme, paediatrician, recognise, travelled, behaviour, centre, "
        "COLOUR and Organisation were all fine."
    )
    assert misspelt(checker, text) == []


def test_american_spellings_are_reported(checker):
    text = "The color of the program; organize, Organized, recognize, traveled, behavior, center."
    assert misspelt(checker, text) == [
        "color",
        "program",
        "organize",
        "Organized",
        "recognize",
        "traveled",
        "behavior",
        "center",
    ]


def test_ize_words_whose_ise_form_is_another_word_are_not_reported(checker):
    assert misspelt(checker, "She won a prize; they seized it; the size of it; Devizes.") == []


def test_only_the_misspelt_words_of_the_issue_sentence_are_reported(checker):
    assert misspelt(checker, ACCEPTANCE) == ["recieved", "refferal"]


def test_without_the_team_words_icpc_is_reported_too(speller):
    assert misspelt(Checker(speller), ACCEPTANCE) == ["recieved", "refferal", "ICPC"]


def test_misspelt_words_come_with_where_they_are(checker):
    text = "We recieved it."
    (word,) = checker.misspelt(text)
    assert (word.start, word.end, word.text) == (3, 11, "recieved")
    assert text[word.start : word.end] == "recieved"


def test_numbers_and_words_holding_digits_are_never_checked(checker):
    assert misspelt(checker, "Section 47 on 12/03/2024 at 10am under s17 and s20, 2nd visit") == []


def test_each_part_of_a_hyphenated_word_is_checked(checker):
    assert misspelt(checker, "a well-recieved plan, well-being") == ["recieved"]


def test_words_in_other_scripts_are_not_checked(checker):
    assert misspelt(checker, "Kai said नमस्ते and Ахмед waved; reciept") == ["reciept"]


def test_words_ignored_for_the_record_are_not_reported_in_any_case(checker):
    text = "Kaiyah and KAIYAH came; reciept"
    assert misspelt(checker, text) == ["Kaiyah", "KAIYAH", "reciept"]
    assert misspelt(checker, text, ignored={"kaiyah"}) == ["reciept"]


# -- accepted words and their case -------------------------------------------------------------


def test_a_word_accepted_in_lower_case_is_right_capitalised_and_in_capitals(speller):
    checker = Checker(speller, ["genogram"])
    assert misspelt(checker, "genogram Genogram GENOGRAM gEnogram") == ["gEnogram"]


def test_a_word_accepted_with_capitals_is_right_only_so_or_in_capitals(speller):
    checker = Checker(speller, ["Cafcass", "CareFirst"])
    assert misspelt(checker, "Cafcass CAFCASS cafcass CareFirst CAREFIRST Carefirst") == [
        "cafcass",
        "Carefirst",
    ]


def test_names_accepted_are_not_reported_and_forgotten_ones_are_again(speller):
    checker = Checker(speller)
    text = "Aaliyah and Tymon visited"
    assert misspelt(checker, text) == ["Aaliyah", "Tymon"]
    checker.accept(["Aaliyah", "Tymon"])
    assert misspelt(checker, text) == []
    checker.forget("Tymon")
    assert misspelt(checker, text) == ["Tymon"]


def test_forgetting_a_personal_word_keeps_the_teams_word(speller):
    checker = Checker(speller, ["genogram"])
    checker.accept(["genogram"])
    checker.forget("genogram")
    assert checker.known("genogram")


def test_a_term_of_several_words_accepts_each_word(speller):
    checker = Checker(speller, ["Tymon Wójcik-Nowak"])
    assert misspelt(checker, "Tymon Wójcik-Nowak") == []


def test_straight_and_curly_apostrophes_are_the_same(speller):
    checker = Checker(speller, ["D'Souza"])
    assert checker.known("D’Souza")
    assert checker.known("o’clock") and checker.known("o'clock")


def test_a_possessive_is_right_when_the_word_is(speller):
    checker = Checker(speller, ["Kaiyah", "Ofsted"])
    assert (
        misspelt(checker, "the paediatrician's note, the paediatrician’s, Kaiyah's, Ofsted's") == []
    )
    assert misspelt(checker, "Tymon's coat") == ["Tymon's"]


# -- suggestions -------------------------------------------------------------------------------


def test_suggestions_offer_the_word_meant_first(checker):
    assert checker.suggest("recieved")[0] == "received"
    assert checker.suggest("refferal")[0] == "referral"
    assert checker.suggest("organize")[0] == "organise"
    assert checker.suggest("Program")[0] == "Programme"


def test_suggestions_never_offer_american_spellings(checker):
    for word in ("organzie", "realze", "colr", "programm"):
        found = checker.suggest(word, limit=10)
        assert not {"organize", "realize", "color", "program"} & set(found), (word, found)


def test_suggestions_offer_the_teams_words_and_accepted_names(speller):
    checker = Checker(speller, team_words(None))
    checker.accept(["Aaliyah"])
    assert checker.suggest("Ofstead")[0] == "Ofsted"
    assert checker.suggest("Aaliya")[0] == "Aaliyah"


def test_suggestions_keep_to_the_limit(checker):
    assert len(checker.suggest("recieved", limit=2)) == 2
    assert checker.suggest("recieved", limit=0) == []


# -- findings ----------------------------------------------------------------------------------


def test_narrative_fields_are_the_catalogues_free_text_fields():
    assert {"findings", "analysis", "purpose", "observations", "childs_voice"} <= set(
        NARRATIVE_FIELDS
    )
    assert {"conclusion", "recommendations", "not_seen_alone_reason", "present"} <= set(
        NARRATIVE_FIELDS
    )
    assert {"home_conditions"} <= set(NARRATIVE_FIELDS)
    assert all(BY_NAME[name].kind == "text" for name in NARRATIVE_FIELDS)
    assert "outcome" not in NARRATIVE_FIELDS and "visited_at" not in NARRATIVE_FIELDS


def test_each_misspelt_word_is_one_finding_a_field_in_text_order(checker):
    values = {
        "findings": ACCEPTANCE + " We recieved it again.",
        "analysis": "The refferal was right.",
        "outcome": "visited",
        "seen_alone": True,
    }
    found = spelling_findings(values, checker, "visit-1")
    assert [(f.field, f.word) for f in found] == [
        ("findings", "recieved"),
        ("findings", "refferal"),
        ("analysis", "refferal"),
    ]
    first = found[0]
    assert (first.code, first.severity, first.visit, first.source, first.rule) == (
        CODE,
        "info",
        "visit-1",
        SOURCE,
        None,
    )
    assert first.code == "writing.spelling" and first.source == "Spell check (British English)"
    assert first.message == (
        "'recieved' may be misspelt in Findings and outcome. Right-click it for suggestions."
    )
    assert first.to_json()["word"] == "recieved"


def test_words_ignored_for_the_record_give_no_findings(checker):
    found = spelling_findings({"findings": ACCEPTANCE}, checker, None, ignored={"refferal"})
    assert [f.word for f in found] == ["recieved"]


def test_a_record_with_nothing_misspelt_has_no_spelling_findings(checker):
    assert spelling_findings({"findings": "All well.", "analysis": None}, checker, None) == []


# -- loading: our dictionary only, nothing written ---------------------------------------------


def tiny_dictionary(folder: Path, words: list[str]) -> Path:
    hunspell = folder / "hunspell"
    hunspell.mkdir(parents=True)
    (hunspell / "en_GB.aff").write_text("SET UTF-8\nTRY esianrtolcdugmphbyfvkwz\n", "utf-8")
    (hunspell / "en_GB.dic").write_text(f"{len(words)}\n" + "\n".join(words) + "\n", "utf-8")
    return folder


def test_the_dictionary_in_the_folder_given_is_the_only_one_read(tmp_path, speller):
    tiny = load_speller(tiny_dictionary(tmp_path / "tiny", ["zorblat", "hello"]))
    assert tiny.known("zorblat") and tiny.known("hello")
    assert not tiny.known("colour")  # neither our real dictionary nor the system's
    assert not speller.known("zorblat")
    assert speller.known("colour")


def test_the_shipped_dictionary_is_found_through_the_resources_folder():
    assert dictionaries_dir() == ROOT / "resources" / "dictionaries"
    assert (dictionaries_dir() / "hunspell" / "en_GB.dic").is_file()
    assert (dictionaries_dir() / "LICENSE-en_GB.txt").is_file()


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_loading_and_checking_write_nothing_in_the_dictionaries_folder():
    before = snapshot(dictionaries_dir())
    speller = load_speller()
    checker = Checker(speller, ["Tymon"])
    checker.accept(["Aaliyah"])
    checker.misspelt("recieved the refferal for Aaliyah and Tymon")
    checker.suggest("recieved")
    del checker, speller
    assert snapshot(dictionaries_dir()) == before


def test_the_users_own_enchant_folder_is_never_read_or_written(tmp_path):
    home = tmp_path / "home"
    config = home / ".config"
    users = config / "enchant"
    (users / "hunspell").mkdir(parents=True)
    (users / "en_GB.dic").write_text("recieved\n", "utf-8")  # a personal word list there
    before = snapshot(home)
    code = (
        "import os; os.environ.pop('ENCHANT_CONFIG_DIR', None)\n"
        "from visitdesk.writing.spelling import Checker, load_speller\n"
        "c = Checker(load_speller()); c.accept(['Aaliyah'])\n"
        "print(c.known('recieved'), c.known('Aaliyah'))\n"
    )
    done = run_python(code, HOME=str(home), XDG_CONFIG_HOME=str(config))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
    assert snapshot(home) == before


def test_a_missing_enchant_library_makes_spelling_unavailable_with_what_to_install(tmp_path):
    code = (
        "import json\n"
        "from visitdesk.writing.spelling import SpellingUnavailable, load_speller, "
        "shared_speller\n"
        "try:\n"
        "    load_speller()\n"
        "except SpellingUnavailable as exc:\n"
        "    direct = str(exc)\n"
        "error = shared_speller().exception(timeout=60)\n"
        "print(json.dumps([direct, type(error).__name__, str(error)]))\n"
    )
    done = run_python(code, PYENCHANT_LIBRARY_PATH=str(tmp_path / "no-such-libenchant.so"))
    assert done.returncode == 0, done.stderr
    direct, kind, shared = json.loads(done.stdout)
    assert kind == "SpellingUnavailable" and shared == direct
    assert "\n" not in direct
    assert "Enchant library" in direct
    if sys.platform.startswith("linux"):
        assert "libenchant-2-2" in direct


def test_a_missing_dictionary_makes_spelling_unavailable(tmp_path):
    with pytest.raises(SpellingUnavailable, match="dictionary is missing"):
        load_speller(tmp_path)
    assert issubclass(SpellingUnavailable, UserError)


def test_the_shared_speller_is_loaded_once_for_the_process():
    first = shared_speller()
    assert shared_speller() is first
    assert isinstance(first.result(timeout=60), Speller)


def test_the_speller_answers_the_same_from_many_threads_at_once(speller):
    words = ["colour", "recieved", "organize", "paediatrician", "refferal", "programme"] * 200
    expected = [speller.known(w) for w in words[:6]] * 200
    fresh = load_speller()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(fresh.known, words))
        suggestions = list(pool.map(fresh.suggest, ["recieved"] * 16))
    assert answers == expected
    assert all(s[0] == "received" for s in suggestions)


def test_the_writing_aids_load_no_qt():
    code = (
        "import sys\n"
        "import visitdesk.writing, visitdesk.writing.words, visitdesk.writing.spelling\n"
        "from visitdesk.writing.spelling import load_speller\n"
        "load_speller()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
