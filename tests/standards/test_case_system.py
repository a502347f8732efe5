"""Case-system mappings: every shipped one loads, and a mapping file that cannot be used is
refused naming the file and the key, as a council writing its own would need."""

from __future__ import annotations

from pathlib import Path

import pytest

from visitdesk.errors import UserError
from visitdesk.standards.authority import shipped_authority_ids
from visitdesk.standards.case import PLANS
from visitdesk.standards.case_system import (
    DEFAULT_ID,
    REQUIRED_CASELOAD,
    MappingError,
    load_mapping,
    load_mapping_file,
    shipped_mappings,
)

GOOD = """\
id = "{id}"
system = "Eclipse"
template = true

[caseload]
date_format = "%d/%m/%Y"
delimiter = ","
flags_separator = ";"

[caseload.columns]
case_reference = "Person ID"
given_name = "Forename"
family_name = "Surname"
plan = "Plan"
plan_start = "Plan Start"
date_of_birth = "DOB"

[caseload.plans]
"CIN Plan" = "CIN"

[caseload.units]
"Weeks" = "weeks"

[caseload.flags]
"EHE" = "electively_home_educated"

[record]
kind = "form"

[record.types]
CP = "7b0c2f9e-3d1a-4e55-9a1b-2f3c4d5e6f70"

[[record.fields]]
name = "AnnexAReturn_wasTheChildSeen"
label = "Was the child seen?"
from = "seen"
codes = {{ yes = "Yes", no = "No" }}

[[record.fields]]
name = "AnnexAReturn_wasTheChildSeenAlone"
from = "seen_alone"
"""


def write(tmp_path, text: str, name: str = "eclipse-council"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_mapping_file_loads_with_what_it_says(tmp_path):
    mapping = load_mapping_file(write(tmp_path, GOOD.format(id="eclipse-council")))
    assert (mapping.id, mapping.system, mapping.template) == ("eclipse-council", "Eclipse", True)
    assert mapping.title == "Eclipse (a template for the council to fill in)"
    assert mapping.caseload.plans == {"CIN Plan": "CIN"}
    assert mapping.caseload.plan_code("CIN") == "CIN Plan"
    assert mapping.caseload.plan_code("CP") == "CP"  # no code: VisitDesk's own name
    assert mapping.record.types == {"CP": "7b0c2f9e-3d1a-4e55-9a1b-2f3c4d5e6f70"}
    seen, alone = mapping.record.fields
    assert (seen.name, seen.source, alone.label) == (
        "AnnexAReturn_wasTheChildSeen",
        "seen",
        "AnnexAReturn_wasTheChildSeenAlone",
    )
    assert seen.value({"seen": "yes"}) == "Yes" and alone.value({"seen_alone": None}) == ""


def _swap(old: str, new: str) -> str:
    text = GOOD.format(id="eclipse-council")
    assert old in text, old
    return text.replace(old, new, 1)


BAD = [
    ("not toml", "id = = 1", "file"),
    (
        "unknown setting",
        _swap('system = "Eclipse"', 'system = "Eclipse"\ncolour = "red"'),
        "colour",
    ),
    ("id not the file name", _swap('id = "eclipse-council"', 'id = "other"'), "id"),
    ("no system", _swap('system = "Eclipse"\n', ""), "system"),
    ("template not true or false", _swap("template = true", 'template = "yes"'), "template"),
    ("no caseload", _swap("[caseload]\n", "[other]\n"), "other"),
    (
        "a required column missing",
        _swap('plan_start = "Plan Start"\n', ""),
        "caseload.columns.plan_start",
    ),
    (
        "two fields in one column",
        _swap('family_name = "Surname"', 'family_name = "forename "'),
        "caseload.columns.family_name",
    ),
    (
        "not a field",
        _swap('date_of_birth = "DOB"', 'birthday = "DOB"'),
        "caseload.columns.birthday",
    ),
    (
        "bad date format",
        _swap('date_format = "%d/%m/%Y"', 'date_format = "%Q"'),
        "caseload.date_format",
    ),
    ("bad delimiter", _swap('delimiter = ","', 'delimiter = ":"'), "caseload.delimiter"),
    (
        "separator is the delimiter",
        _swap('flags_separator = ";"', 'flags_separator = ","'),
        "caseload.flags_separator",
    ),
    ("unknown plan", _swap('"CIN Plan" = "CIN"', '"CIN Plan" = "CHIN"'), "caseload.plans.CIN Plan"),
    ("unknown unit", _swap('"Weeks" = "weeks"', '"Weeks" = "fortnights"'), "caseload.units.Weeks"),
    (
        "unknown flag",
        _swap('"EHE" = "electively_home_educated"', '"EHE" = "home_schooled"'),
        "caseload.flags.EHE",
    ),
    ("no record kind", _swap('kind = "form"\n', ""), "record.kind"),
    (
        "a record type for no plan",
        _swap('CP = "7b0c', 'CPP = "7b0c'),
        "record.types.CPP",
    ),
    (
        "a field from nowhere",
        _swap('from = "seen_alone"', 'from = "seen_alone_flag"'),
        "record.fields[2].from",
    ),
    (
        "a field named twice",
        _swap(
            'name = "AnnexAReturn_wasTheChildSeenAlone"', 'name = "annexareturn_wasthechildseen"'
        ),
        "record.fields[2].name",
    ),
    (
        "codes that are not text",
        _swap('codes = { yes = "Yes", no = "No" }', "codes = { yes = 1 }"),
        "record.fields[1].codes",
    ),
    (
        "a field setting unknown",
        _swap('from = "seen_alone"', 'from = "seen_alone"\nwidth = 3'),
        "record.fields[2].width",
    ),
]


BAD.append(
    (
        "a date format without the year",
        _swap('date_format = "%d/%m/%Y"', 'date_format = "%d/%m"'),
        "caseload.date_format",
    )
)


def _cases():
    for why, text, key in BAD:
        yield pytest.param(text, key, id=why)


@pytest.mark.parametrize(("text", "key"), list(_cases()))
def test_a_bad_mapping_file_is_refused_naming_the_file_and_the_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(MappingError) as caught:
        load_mapping_file(path)
    message = str(caught.value)
    assert message.startswith(f"case-system mapping eclipse-council.toml: {key}: "), message
    assert isinstance(caught.value, UserError) and "\n" not in message


def test_a_record_without_fields_and_a_missing_file_are_refused(tmp_path):
    text = GOOD.format(id="eclipse-council").split("[[record.fields]]")[0]
    with pytest.raises(MappingError, match=r"eclipse-council.toml: record.fields: must list"):
        load_mapping_file(write(tmp_path, text))
    with pytest.raises(MappingError, match=r"nowhere.toml: file: not found"):
        load_mapping_file(tmp_path / "nowhere.toml")


@pytest.mark.parametrize("mapping_id", shipped_mappings())
def test_every_shipped_mapping_loads(mapping_id):
    mapping = load_mapping(mapping_id)
    assert mapping.id == mapping_id
    assert set(REQUIRED_CASELOAD) <= set(mapping.caseload.columns)
    assert mapping.record.fields
    # The codes name every plan type once, so that an export's codes read back.
    plans = mapping.caseload.plans
    assert len(set(plans.values())) == len(plans)
    assert {mapping.caseload.plan_code(p) for p in PLANS} >= set(plans)
    # VisitDesk's own names are the only mapping that is not a template.
    assert mapping.template == (mapping_id != DEFAULT_ID)


def test_each_shipped_authority_has_its_mapping_and_any_other_uses_visitdesks_own():
    assert set(shipped_authority_ids()) | {DEFAULT_ID} == set(shipped_mappings())
    for authority in shipped_authority_ids():
        assert load_mapping(authority).id == authority
    assert load_mapping("").id == DEFAULT_ID
    assert load_mapping("a-council-with-none").id == DEFAULT_ID
    assert load_mapping("../getting-it-right").id == DEFAULT_ID
    systems = {load_mapping(a).system for a in shipped_authority_ids()}
    assert systems == {"CareFirst", "Mosaic", "Liquidlogic LCS"}


def _docs_block(after: str, language: str) -> str:
    text = (Path(__file__).resolve().parents[2] / "docs" / "case-systems.md").read_text("utf-8")
    start = text.index(f"```{language}\n", text.index(after)) + len(language) + 4
    return text[start : text.index("```", start)]


def test_the_eclipse_example_in_the_docs_loads_as_it_says(tmp_path):
    mapping = load_mapping_file(
        write(tmp_path, _docs_block("### An Eclipse mapping", "toml"), "our-council")
    )
    assert (mapping.system, mapping.record.kind, mapping.record.type_field) == (
        "Eclipse",
        "form",
        "FormGuid",
    )
    assert set(mapping.record.types) == set(PLANS)
    seen = next(f for f in mapping.record.fields if f.name == "AnnexAReturn_wasTheChildSeen")
    alone = next(f for f in mapping.record.fields if f.name == "AnnexAReturn_wasTheChildSeenAlone")
    assert seen.value({"seen": "unborn"}) == "No"
    assert alone.value({"seen_alone": "no"}) == "No" and alone.value({}) == "Unknown"
