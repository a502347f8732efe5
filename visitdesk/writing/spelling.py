"""British English spell checking of a visit record's narrative, offline.

The dictionary is the LibreOffice en_GB Hunspell dictionary shipped in
``resources/dictionaries/hunspell`` (see the README there). It is read through pyenchant
(ctypes over the Enchant 2 C library, which uses Hunspell). Measured against the pure-Python
spylls on the same files, pyenchant loads in 0.07 s against 3.4 s, checks a word in 7 µs
against 123 µs, makes a suggestion in 1 ms against 1.4 s and adds about 3 MB against 90 MB
(bench/bench_spelling.py: suggestions 10 to 35 ms, and 13.5 MB with the dictionary loaded).

Enchant is pointed at our files only: ``ENCHANT_CONFIG_DIR`` is set to
``resources/dictionaries`` before it is imported, and its Hunspell provider looks in
``<that folder>/hunspell`` before anywhere on the system; the broker is asked for the
``hunspell`` provider first, and a dictionary from any other provider is refused. Enchant's
own word lists (``en_GB.dic`` and ``en_GB.exc`` in that folder, shipped empty so that it
never makes them) are never added to: adding a word through Enchant writes it to disk in
plain text, and a word may be a family's name. The words a person and their team accept are
kept in memory here (the personal dictionary lives in the encrypted database).

On top of Hunspell, the spellings British practice writing avoids are reported although the
dictionary takes them: "-ize" where the "-ise" form is a word ("organize"), and "program"
for a plan of work. Words in no Latin script are not checked: an English dictionary cannot
judge them.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import Future
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any

from visitdesk.errors import UserError
from visitdesk.limits import MIB, read_file_within
from visitdesk.paths import resources_dir
from visitdesk.standards.fields import FIELDS, label
from visitdesk.standards.policy import POLICIES_DIR
from visitdesk.standards.results import Finding
from visitdesk.writing.words import Word, words_in

log = logging.getLogger(__name__)

LANGUAGE = "en_GB"
PROVIDER = "hunspell"
CODE = "writing.spelling"
SOURCE = "Spell check (British English)"
CONFIG_VARIABLE = "ENCHANT_CONFIG_DIR"

# The visit's free-text fields, in the catalogue's order: every text field it has.
NARRATIVE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "text")

# Hunspell takes words of up to 100 characters; a longer "word" is no word, and asking for
# suggestions for one would only take time.
MAX_WORD = 100
MAX_CACHED = 50_000  # words remembered as known or not; about 5 MB at most

# Team word lists (``<authority-id>.words.txt`` beside the authority files).
COMMON_WORDS = "common.words.txt"
WORDS_SUFFIX = ".words.txt"
MAX_WORD_LIST_BYTES = 1 * MIB
MAX_WORD_LIST_TERMS = 20_000
MAX_TERM = 100
_AUTHORITY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


class SpellingUnavailable(UserError):
    """Spelling cannot be checked here: the Enchant library or the dictionary is missing."""


def dictionaries_dir() -> Path:
    """The folder Enchant is pointed at; the Hunspell files are in its ``hunspell`` folder."""
    return resources_dir() / "dictionaries"


def _normal(word: str) -> str:
    """One spelling of one word: composed accents, and the straight apostrophe for both."""
    if word.isascii():
        return word
    return unicodedata.normalize("NFC", word).replace("\u2019", "'")


def _possessive_root(word: str) -> str | None:
    if len(word) > 3 and word[-2] == "'" and word[-1] in "sS":
        return word[:-2]
    return None


_PARTS = re.compile(r"[\s-]+")


def _stray(part: str) -> bool:
    return part.lower() == "ize" or (len(part) == 1 and part not in "aAI")


def _same_case(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# -- spellings British practice writing avoids -------------------------------------------------

_IZE = re.compile(
    r"iz(?=(?:e|es|ed|ing|er|ers|ation|ations|ational|ationals|ationally|able|ability)$)"
)
# "-ize" words whose "-ise" form is another word: a prize is not prised, nor Devizes devised.
_IZE_BOTH_WAYS = ("priz", "seiz", "mispriz", "devizes")
_AMERICAN = {"program": "programme", "programs": "programmes"}


# -- the dictionary ----------------------------------------------------------------------------


class Speller:
    """The loaded en_GB dictionary. Nothing is added to it after loading; it may be asked from
    any thread (Hunspell is asked one question at a time)."""

    def __init__(self, dictionary: Any, broker: Any) -> None:
        self._dictionary = dictionary  # an enchant.Dict of the Hunspell provider
        self._broker = broker  # kept alive as long as its dictionary
        # Hunspell is not made to answer two threads at once; re-entrant, as a check asks
        # the dictionary again for the "-ise" form.
        self._lock = threading.RLock()
        self._known: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        """Whether the dictionary holds ``word`` (as Hunspell reads case: "London" but not
        "london", "colour", "Colour" and "COLOUR")."""
        word = _normal(word)
        found = self._known.get(word)
        if found is None:
            with self._lock:
                found = self._check(word) and self._british(word)
                if len(self._known) >= MAX_CACHED:
                    self._known.clear()
                self._known[word] = found
        return found

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` spellings the worker may have meant, likeliest first."""
        word = _normal(word)
        if not word or len(word) > MAX_WORD or "\0" in word or limit <= 0:
            return []
        first = self._british_form(word)
        with self._lock:
            try:
                found = self._dictionary.suggest(word)
            except Exception:  # noqa: BLE001 - a word Enchant cannot take has no suggestions
                found = []
        out: list[str] = [first] if first else []
        # Hunspell may rank a word split in two ("ref feral") above the word meant
        # ("referral"): whole words come first, in Hunspell's order.
        found = sorted(found, key=lambda c: " " in c or "-" in c)
        for candidate in found:
            candidate = _normal(candidate)
            if candidate == word or candidate in out:
                continue
            # Hunspell also offers a word split in two ("organ ize", "children s"): never
            # with an American part or a stray letter.
            parts = _PARTS.split(candidate)
            if len(parts) > 1 and any(_stray(p) or self._is_american(p) for p in parts):
                continue
            if len(parts) == 1 and self._is_american(candidate):
                continue
            out.append(candidate)
        return out[:limit]

    def _check(self, word: str) -> bool:
        if not word or len(word) > MAX_WORD or "\0" in word:
            return False
        with self._lock:
            try:
                return bool(self._dictionary.check(word))
            except Exception:  # noqa: BLE001 - a word Enchant cannot take is not a known word
                return False

    def _british(self, word: str) -> bool:
        """False for a word the dictionary holds in its American spelling only."""
        return not self._is_american(word)

    def _is_american(self, word: str) -> bool:
        lower = word.lower()
        lower = _possessive_root(lower) or lower
        if lower in _AMERICAN:
            return True
        if "iz" not in lower or lower.startswith(_IZE_BOTH_WAYS):
            return False
        british = _IZE.sub("is", lower)
        return british != lower and self._check(british)

    def _british_form(self, word: str) -> str | None:
        lower = word.lower()
        root = _possessive_root(lower)
        tail = word[-2:] if root else ""
        lower = root or lower
        if lower in _AMERICAN:
            british = _AMERICAN[lower]
        elif "iz" in lower and not lower.startswith(_IZE_BOTH_WAYS):
            british = _IZE.sub("is", lower)
            if british == lower or not self._check(british):
                return None
        else:
            return None
        return _same_case(word, british) + tail


_ENCHANT_LOCK = threading.Lock()


def _point_enchant_at(folder: Path) -> None:
    wanted = str(folder)
    if os.environ.get(CONFIG_VARIABLE) != wanted:
        os.environ[CONFIG_VARIABLE] = wanted


# Enchant reads the variable each time a dictionary is asked for. It is set here, when this
# module is imported (on the main thread, before Enchant is), and later only if another
# folder is asked for: changing the environment while other threads read it is kept rare.
_point_enchant_at(dictionaries_dir())


def _no_library() -> str:
    if sys.platform.startswith("linux"):
        how = "Install it (on Debian or Ubuntu: sudo apt install libenchant-2-2)"
    elif sys.platform == "darwin":
        how = "Install it with 'brew install enchant'"
    else:
        how = "Reinstall VisitDesk"
    return (
        f"Spell checking needs the Enchant library, which is not installed. {how}, then "
        "start VisitDesk again."
    )


_NO_PACKAGE = (
    "Spell checking needs the pyenchant package, which is not installed. Reinstall VisitDesk, "
    "then start it again."
)
_NO_DICTIONARY = (
    "The British English dictionary is missing from this installation, so spelling cannot be "
    "checked. Reinstall VisitDesk to bring it back."
)
_BAD_DICTIONARY = (
    "The British English dictionary could not be loaded, so spelling cannot be checked. "
    "Reinstall VisitDesk to bring it back."
)


def _import_enchant() -> Any:
    try:
        import enchant
    except ModuleNotFoundError as exc:
        if exc.name == "enchant":
            raise SpellingUnavailable(_NO_PACKAGE) from None
        raise SpellingUnavailable(_no_library()) from None
    # pyenchant raises ImportError when it finds no library, checks PYENCHANT_LIBRARY_PATH
    # with an assert, and ctypes raises OSError for a file that is no library.
    except (ImportError, OSError, AssertionError):
        raise SpellingUnavailable(_no_library()) from None
    return enchant


def load_speller(folder: str | os.PathLike[str] | None = None) -> Speller:
    """Load the en_GB dictionary (from ``folder``, a folder laid out as
    ``resources/dictionaries`` is, when given). Slow (tens of milliseconds): call it off the
    GUI thread. Raises :class:`SpellingUnavailable`."""
    root = Path(folder) if folder is not None else dictionaries_dir()
    hunspell = root / "hunspell"
    if not all((hunspell / f"{LANGUAGE}{ext}").is_file() for ext in (".aff", ".dic")):
        raise SpellingUnavailable(_NO_DICTIONARY)
    with _ENCHANT_LOCK:
        _point_enchant_at(root)
        enchant = _import_enchant()
        try:
            broker = enchant.Broker()
            broker.set_ordering(LANGUAGE, PROVIDER)
            dictionary = broker.request_dict(LANGUAGE)
        except enchant.errors.Error:
            raise SpellingUnavailable(_BAD_DICTIONARY) from None
        if dictionary.provider.name != PROVIDER or dictionary.tag != LANGUAGE:
            # Another provider, or another language's dictionary: not ours.
            raise SpellingUnavailable(_BAD_DICTIONARY)
    return Speller(dictionary, broker)


_SHARED: Future[Speller] | None = None
_SHARED_LOCK = threading.Lock()


def _load_into(future: Future[Speller]) -> None:
    try:
        future.set_result(load_speller())
    except SpellingUnavailable as exc:
        log.info("spell checking is unavailable: %s", exc)
        future.set_exception(exc)
    except Exception:  # noqa: BLE001 - whoever waits on the future is told
        log.exception("the dictionary could not be loaded")
        future.set_exception(SpellingUnavailable(_BAD_DICTIONARY))


def shared_speller() -> Future[Speller]:
    """The process's one dictionary, loading in the background from the first call; every
    call returns the same future. The loading thread is a daemon: it never holds up exit."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            future: Future[Speller] = Future()
            future.set_running_or_notify_cancel()
            threading.Thread(
                target=_load_into, args=(future,), name="visitdesk-dictionary", daemon=True
            ).start()
            _SHARED = future
        return _SHARED


# -- team word lists ---------------------------------------------------------------------------


def _list_error(name: str, line: int, problem: str) -> UserError:
    return UserError(f"{name}, line {line}: {problem}. Correct the word list and try again.")


def _control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)


def read_word_list(path: str | os.PathLike[str]) -> frozenset[str]:
    """The words of a team word list: UTF-8, one term a line, ``#`` to the end of a line a
    comment, blank lines ignored; a term of several words gives each word. A file over
    1 MB, over 20,000 terms, a term over 100 characters or holding control characters is
    refused with a :class:`UserError` naming the file and the line."""
    path = Path(path)
    name = path.name
    data = read_file_within(path, MAX_WORD_LIST_BYTES, what="word list")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _list_error(name, line, "this is not UTF-8 text") from None
    words: set[str] = set()
    terms = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        term = raw.removesuffix("\r").split("#", 1)[0].strip(" ")
        if not term:
            continue
        if _control(term):
            raise _list_error(name, number, "a term holds a control character (a tab, say)")
        if len(term) > MAX_TERM:
            raise _list_error(name, number, f"a term is longer than {MAX_TERM} characters")
        terms += 1
        if terms > MAX_WORD_LIST_TERMS:
            raise _list_error(name, number, f"the list has more than {MAX_WORD_LIST_TERMS:,} terms")
        words.update(_normal(w.text) for w in words_in(term))
    return frozenset(words)


@lru_cache(maxsize=16)
def team_words(authority_id: str | None) -> frozenset[str]:
    """The words every worker's team uses (``common.words.txt``) and those of the authority,
    from ``<authority-id>.words.txt`` beside its authority file, where it has one."""
    words = set(read_word_list(POLICIES_DIR / COMMON_WORDS))
    if authority_id:
        if not _AUTHORITY_ID.fullmatch(authority_id):
            raise UserError(f"{authority_id!r} is not an authority id")
        own = POLICIES_DIR / f"{authority_id}{WORDS_SUFFIX}"
        if own.is_file():
            words |= read_word_list(own)
    return frozenset(words)


# -- checking ----------------------------------------------------------------------------------

# Longer than any word a dictionary holds (and than a personal word may be).
_LONGEST_WORD = 100
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


class Checker:
    """The speller plus the words this person and team accept."""

    def __init__(self, speller: Speller, accepted: Iterable[str] = ()) -> None:
        self._speller = speller
        # Words given here (the team's) stay; words given to accept() (a person's own, the
        # family's names) can be forgotten again.
        self._fixed: set[str] = set()
        self._added: set[str] = set()
        self._exact: dict[str, int] = {}  # accepted word -> how many of the two sets hold it
        self._upper: dict[str, int] = {}  # its UPPER form -> how many accepted words give it
        self._known: dict[str, bool] = {}
        self._include(accepted, self._fixed)

    def accept(self, words: Iterable[str]) -> None:
        """Accept more words: a personal word added, the names of the family."""
        self._include(words, self._added)

    def forget(self, word: str) -> None:
        """A word given to :meth:`accept` taken out again (the team's words stay)."""
        for w in self._words(word):
            if w in self._added:
                self._added.discard(w)
                self._count(w, -1)
        self._known.clear()

    def known(self, word: str) -> bool:
        """Whether ``word`` is right: in the dictionary or accepted, or a possessive of such
        a word ("Kai's" when "Kai" is)."""
        found = self._known.get(word)
        if found is None:
            w = _normal(word)
            found = self._right(w)
            if not found:
                root = _possessive_root(w)
                found = root is not None and self._right(root)
            if len(self._known) >= MAX_CACHED:
                self._known.clear()
            self._known[word] = found
        return found

    def misspelt(self, text: str, ignored: Collection[str] = ()) -> list[Word]:
        """The words of ``text`` that may be misspelt, in order, less those ``ignored`` (the
        record's own "Ignore": any case)."""
        skip = {_normal(w).casefold() for w in ignored} if ignored else None
        out = []
        for w in words_in(text):
            if len(w.text) > _LONGEST_WORD:
                continue  # no word: a run of letters pasted or held down, not a misspelling
            if self.known(w.text) or not _LATIN.search(w.text):
                continue
            if skip and _normal(w.text).casefold() in skip:
                continue
            out.append(w)
        return out

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        """Spellings the worker may have meant: close accepted words (a team's term, a
        name) first, then the dictionary's."""
        if limit <= 0:
            return []
        w = _normal(word)
        pool = {a.lower(): a for a in self._exact}
        close = [pool[c] for c in get_close_matches(w.lower(), pool, n=limit, cutoff=0.8)]
        out = [c for c in close if c != w]
        for candidate in self._speller.suggest(w, limit):
            if candidate not in out:
                out.append(candidate)
        return out[:limit]

    def _right(self, w: str) -> bool:
        return self._accepted(w) or self._speller.known(w)

    def _accepted(self, w: str) -> bool:
        # A word accepted in lower case is right in lower case, Capitalised or UPPER; one
        # accepted with capitals ("Ofsted") is right as given or in UPPER, never "ofsted".
        if w in self._exact:
            return True
        lower = w.lower()
        if lower != w and lower in self._exact:
            if w == lower.upper() or w == lower[:1].upper() + lower[1:]:
                return True
        return w.isupper() and w in self._upper

    @staticmethod
    def _words(item: str) -> list[str]:
        return [_normal(w.text) for w in words_in(str(item))]

    def _include(self, items: Iterable[str], into: set[str]) -> None:
        for item in items:
            for w in self._words(item):
                if w not in into:
                    into.add(w)
                    self._count(w, 1)
        self._known.clear()

    def _count(self, w: str, step: int) -> None:
        for table, key in ((self._exact, w), (self._upper, w.upper())):
            left = table.get(key, 0) + step
            if left > 0:
                table[key] = left
            else:
                table.pop(key, None)


def spelling_findings(
    values: Mapping[str, object],
    checker: Checker,
    visit_id: str | None,
    ignored: Collection[str] = (),
) -> list[Finding]:
    """A finding for each word that may be misspelt in each narrative field of a visit
    record, in the catalogue's order of fields and the text's order of words, each word once
    a field."""
    out: list[Finding] = []
    for name in NARRATIVE_FIELDS:
        text = values.get(name)
        if not isinstance(text, str) or not text:
            continue
        seen: set[str] = set()
        where = label(name)
        for word in checker.misspelt(text, ignored):
            if word.text in seen:
                continue
            seen.add(word.text)
            out.append(
                Finding(
                    CODE,
                    "info",
                    visit_id,
                    name,
                    f"'{word.text}' may be misspelt in {where}. Right-click it for suggestions.",
                    SOURCE,
                    None,
                    word=word.text,
                )
            )
    return out


__all__ = [
    "CODE",
    "NARRATIVE_FIELDS",
    "SOURCE",
    "Checker",
    "Speller",
    "SpellingUnavailable",
    "dictionaries_dir",
    "load_speller",
    "read_word_list",
    "shared_speller",
    "spelling_findings",
    "team_words",
]
