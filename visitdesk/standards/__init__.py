"""Practice standards: working-day calendar, policy profiles, authorities and the rule engine.

Pure Python (no Qt, no database), so the storage, the GUI and the command line all ask the
same engine the same questions.
"""

from visitdesk.standards.ages import age_on, birthday
from visitdesk.standards.authority import (
    Authority,
    AuthorityInfo,
    DueJudgement,
    Judgement,
    UnknownAuthority,
    authority_for_policy,
    authority_of,
    choose_standards,
    judge,
    judge_due,
    judge_form,
    list_authorities,
    load_authority,
)
from visitdesk.standards.calendar import WorkingCalendar, calendar_for
from visitdesk.standards.case import (
    CaseError,
    ChildFacts,
    HolidayFacts,
    MeetingFacts,
    VisitFacts,
    VisitInterval,
    parse_case,
)
from visitdesk.standards.engine import check_form, due_status, evaluate
from visitdesk.standards.policy import (
    Policy,
    PolicyError,
    PolicyInfo,
    Rule,
    UnknownPolicy,
    list_policies,
    load_policy,
    load_policy_file,
)
from visitdesk.standards.results import (
    DueStatus,
    Evaluation,
    Finding,
    ScheduleItem,
    VisitResult,
)

__all__ = [
    "Authority",
    "AuthorityInfo",
    "CaseError",
    "DueJudgement",
    "Judgement",
    "UnknownAuthority",
    "authority_for_policy",
    "authority_of",
    "choose_standards",
    "judge",
    "judge_due",
    "judge_form",
    "list_authorities",
    "load_authority",
    "ChildFacts",
    "DueStatus",
    "HolidayFacts",
    "MeetingFacts",
    "Evaluation",
    "Finding",
    "Policy",
    "PolicyError",
    "PolicyInfo",
    "Rule",
    "ScheduleItem",
    "UnknownPolicy",
    "VisitFacts",
    "VisitInterval",
    "VisitResult",
    "WorkingCalendar",
    "age_on",
    "birthday",
    "calendar_for",
    "check_form",
    "due_status",
    "evaluate",
    "list_policies",
    "load_policy",
    "load_policy_file",
    "parse_case",
]
