"""Hand-checked cases for `visitdesk check`, written from the seed texts (tests/standards/test_seed_cases.py runs them).

Each case: id, policy, as_of, child, visits, expect, note (the hand arithmetic).
expect keys:
  next      expected next_visit_due (omit = not checked; None = null)
  overdue   expected visit_overdue
  visits    {visit_id: {statutory, record_due, recorded_late, reattempt_due}} (only keys given are checked)
  codes     finding codes that must be present; "code@v1" = on visit v1; "code@v1:field" = and that field
  absent    finding codes that must NOT be present (same syntax)
  rc        expected exit code (default 0); for rc 2 also stderr one line containing `err`
Bank holidays England & Wales used by hand:
  2026: Thu 1 Jan, Fri 3 Apr, Mon 6 Apr, Mon 4 May, Mon 25 May, Mon 31 Aug, Fri 25 Dec, Mon 28 Dec
  2027: Fri 1 Jan, Fri 26 Mar, Mon 29 Mar, Mon 3 May, Mon 31 May, Mon 30 Aug, Mon 27 Dec, Tue 28 Dec
  2028: Mon 3 Jan, Fri 14 Apr, Mon 17 Apr ...
Scotland 2026 adds Fri 2 Jan, Mon 3 Aug (not 31 Aug), Mon 30 Nov, Mon 15 Jun (not Easter Monday).
N. Ireland 2026 adds Tue 17 Mar, Mon 13 Jul.
"""

FULL = dict(location="home", seen="yes", seen_alone="yes", bedroom_seen=True,
            seen_awake=True, attachment_observed=True,
            purpose="Review plan", findings="Child well", analysis="No new worries",
            conclusion="On track", recommendations="Continue plan", completed=True)


def V(id, at, rec=None, **kw):
    """A full, completed home visit, child seen alone, recorded `rec` (default: same day 17:00)."""
    v = dict(FULL)
    v.update(id=id, visited_at=at if "T" in at else at + "T10:00")
    v["recorded_at"] = rec if rec is not None else v["visited_at"][:10] + "T17:00"
    v.update(kw)
    if v.get("completed") is False and "recorded_at" not in kw:
        v["recorded_at"] = None
    return v


def FAILED(id, at, **kw):
    v = dict(id=id, visited_at=at if "T" in at else at + "T10:00", location="home", seen="no",
             outcome="failed", purpose="Planned visit", findings="No answer at the door",
             analysis="-", conclusion="-", recommendations="Re-attempt", completed=True)
    v["recorded_at"] = v["visited_at"][:10] + "T17:00"
    v.update(kw)
    return v


def CANCELLED(id, at, **kw):
    v = dict(id=id, visited_at=at if "T" in at else at + "T10:00", outcome="cancelled",
             findings="Worker off sick; rearranged", completed=True)
    v["recorded_at"] = v["visited_at"][:10] + "T17:00"
    v.update(kw)
    return v


def C(plan="CIN", dob="2016-03-10", **kw):
    c = dict(plan=plan, date_of_birth=dob, plan_start="2026-09-01", allocated_on="2026-09-01")
    c.update(kw)
    return c


NOTALONE = dict(seen_alone="no", not_seen_alone_reason="Parent stayed in the room")
GIR, LEI, SAG, VP, CLA = ("getting-it-right-2018", "leicestershire-cin-2024", "seen-alone-guidance",
                          "visiting-policy-2019", "england-cla-2010")
IV4 = {"every": 4, "unit": "weeks", "rationale": "agreed at CIN meeting"}
IV2 = {"every": 2, "unit": "weeks", "rationale": "agreed at conference"}

CASES = []


def case(id, policy, as_of, child, vlist, note, **expect):
    CASES.append(dict(id=id, policy=policy, as_of=as_of, case={"child": child, "visits": vlist},
                      expect=expect, note=note))


# ---------------------------------------------------------------- 000 CIN (getting-it-right-2018)
case("gir-cin-01-basic", GIR, "2026-09-10", C(), [V("v1", "2026-09-03", "2026-09-04T09:00")],
     "4-weekly: Thu 3 Sep + 28 d = Thu 1 Oct. Record 5 wd: Fri4(1) Mon7(2) Tue8(3) Wed9(4) Thu10(5) = 10 Sep.",
     next="2026-10-01", overdue=False,
     visits={"v1": dict(statutory=True, record_due="2026-09-10", recorded_late=False, reattempt_due=None)},
     absent=["visit.overdue", "record.late"])
case("gir-cin-02-overdue", GIR, "2026-10-02", C(), [V("v1", "2026-09-03")],
     "due Thu 1 Oct; as of Fri 2 Oct overdue", next="2026-10-01", overdue=True, codes=["visit.overdue"])
case("gir-cin-03-on-deadline", GIR, "2026-10-01", C(), [V("v1", "2026-09-03")],
     "as of the deadline day itself: not overdue", next="2026-10-01", overdue=False, absent=["visit.overdue"])
case("gir-cin-04-school", GIR, "2026-09-10", C(), [V("v1", "2026-09-03", location="school")],
     "000: 'a visit made to the same child at their school ... is not a CIN visit'. next from plan start 1 Sep + 28 = 29 Sep",
     next="2026-09-29", visits={"v1": dict(statutory=False)}, codes=["visit.not_statutory@v1"])
case("gir-cin-05-failed-same-week", GIR, "2026-09-09", C(), [FAILED("v1", "2026-09-08")],
     "failed Tue 8 Sep; 'attempted again within the same working week' -> Fri 11 Sep",
     next="2026-09-29", visits={"v1": dict(statutory=False, reattempt_due="2026-09-11")},
     codes=["visit.reattempt_due@v1"])
case("gir-cin-06-failed-friday", GIR, "2026-09-11", C(), [FAILED("v1", "2026-09-11")],
     "failed Fri 11 Sep: no working day left that week -> next working day Mon 14 Sep (profile choice)",
     visits={"v1": dict(reattempt_due="2026-09-14")})
case("gir-cin-07-failed-christmas-eve", GIR, "2026-12-24", C(), [FAILED("v1", "2026-12-24")],
     "failed Thu 24 Dec; Fri 25 BH, so none left in week; next working day: Mon 28 BH -> Tue 29 Dec",
     visits={"v1": dict(reattempt_due="2026-12-29")})
case("gir-cin-08-failed-easter", GIR, "2026-04-02", C(plan_start="2026-03-01", allocated_on="2026-03-01"),
     [FAILED("v1", "2026-04-02")],
     "failed Thu 2 Apr 2026; Fri 3 Apr Good Friday; next working day Mon 6 Apr Easter Monday -> Tue 7 Apr",
     visits={"v1": dict(reattempt_due="2026-04-07")})
case("gir-cin-09-failed-wed-week-left", GIR, "2026-09-09", C(), [FAILED("v1", "2026-09-09")],
     "failed Wed 9 Sep -> Fri 11 Sep", visits={"v1": dict(reattempt_due="2026-09-11")})
case("gir-cin-10-reattempt-overdue", GIR, "2026-09-14", C(), [FAILED("v1", "2026-09-07")],
     "failed Mon 7 Sep, due Fri 11 Sep, nothing by Mon 14", visits={"v1": dict(reattempt_due="2026-09-11")},
     codes=["visit.reattempt_overdue@v1"])
case("gir-cin-11-reattempt-met", GIR, "2026-09-14", C(), [FAILED("v1", "2026-09-07"), V("v2", "2026-09-09")],
     "re-visit Wed 9 Sep meets it; next = 9 Sep + 28 = 7 Oct", next="2026-10-07",
     visits={"v2": dict(statutory=True)}, absent=["visit.reattempt_overdue"])
case("gir-cin-12-record-christmas", GIR, "2027-01-06", C(), [V("v1", "2026-12-24", "2027-01-05T16:00")],
     "5 wd from Thu 24 Dec: Tue29(1) Wed30(2) Thu31(3) [Fri1 BH] Mon4(4) Tue5(5) = 5 Jan 2027",
     visits={"v1": dict(record_due="2027-01-05", recorded_late=False)}, absent=["record.late"])
case("gir-cin-13-record-late", GIR, "2026-09-14", C(), [V("v1", "2026-09-03", "2026-09-11T09:00")],
     "due Thu 10 Sep, recorded Fri 11", visits={"v1": dict(record_due="2026-09-10", recorded_late=True)},
     codes=["record.late@v1"])
case("gir-cin-14-record-overdue", GIR, "2026-09-11", C(), [V("v1", "2026-09-03", completed=False, recorded_at=None)],
     "draft with visit facts, due 10 Sep, not written by 11 Sep", visits={"v1": dict(record_due="2026-09-10", statutory=True)},
     codes=["record.overdue@v1"])
case("gir-cin-15-record-saturday-visit", GIR, "2026-09-07", C(), [V("v1", "2026-09-05T11:00")],
     "visit Sat 5 Sep; 5 wd: Mon7(1)..Fri11(5) = 11 Sep", visits={"v1": dict(record_due="2026-09-11")})
case("gir-cin-16-sections-missing", GIR, "2026-09-10", C(), [V("v1", "2026-09-03", analysis="", conclusion=None)],
     "000 1.1.3: Purpose, Findings/Outcome, Analysis, Conclusion and Recommendations must be shown",
     codes=["record.sections_missing@v1"])
case("gir-cin-17-reason-required", GIR, "2026-09-10", C(), [V("v1", "2026-09-03", seen_alone="no")],
     "000 1.1.6: if not seen alone the reason must be provided; 000 does not make seen-alone a statutory condition",
     visits={"v1": dict(statutory=True)}, codes=["seen_alone.reason_required@v1:not_seen_alone_reason"])
case("gir-cin-18-reason-given", GIR, "2026-09-10", C(), [V("v1", "2026-09-03", **NOTALONE)],
     "reason given -> no finding", absent=["seen_alone.reason_required"])
case("gir-cin-19-bedroom-unrecorded", GIR, "2026-09-10", C(), [V("v1", "2026-09-03", bedroom_seen=None)],
     "000: record must show whether the child's bedroom was seen (1.1.3)", codes=["record.sections_missing@v1"])
case("gir-cin-20-dcs-family-support", GIR, "2026-09-10", C(dcs_level="family_support"), [V("v1", "2026-09-03")],
     "DCS Family Support 6-weekly: 3 Sep + 42 = 15 Oct", next="2026-10-15")
case("gir-cin-21-dcs-direct-payments", GIR, "2026-09-10", C(dcs_level="direct_payments"), [V("v1", "2026-09-03")],
     "12-weekly: 3 Sep + 84 d: Sep 30 (+27), Oct 31 (+58), Nov 26 (+84)", next="2026-11-26")
case("gir-cin-22-plan-tighter", GIR, "2026-09-10", C(visit_interval=IV2), [V("v1", "2026-09-03")],
     "plan fortnightly: 3 Sep + 14 = 17 Sep", next="2026-09-17")
case("gir-cin-23-plan-looser-with-rationale", GIR, "2026-09-10",
     C(visit_interval={"every": 6, "unit": "weeks", "rationale": "lower level support agreed at review"}),
     [V("v1", "2026-09-03")],
     "000: 'unless there is a lower level of support package and then the visits can be agreed to be less frequent'; rationale recorded -> 15 Oct",
     next="2026-10-15", absent=["plan.visit_interval_rationale_missing"])
case("gir-cin-24-plan-looser-no-rationale", GIR, "2026-09-10", C(visit_interval={"every": 6, "unit": "weeks"}),
     [V("v1", "2026-09-03")],
     "000: 'The rationale for the frequency of visits must be recorded' -> keep 4-weekly 1 Oct + warning",
     next="2026-10-01", codes=["plan.visit_interval_rationale_missing"])
case("gir-cin-25-no-visits", GIR, "2026-09-30", C(), [],
     "no visit: plan start Tue 1 Sep + 28 = Tue 29 Sep; 30 Sep overdue", next="2026-09-29", overdue=True,
     codes=["visit.overdue"])
case("gir-cin-26-no-joint-hv-for-cin", GIR, "2026-10-20", C(dob="2025-06-01"),
     [V("v1", "2026-09-03"), V("v2", "2026-09-24"), V("v3", "2026-10-15")],
     "000 only asks CIN meetings to 'consider the need' for joint HV visits under 2 -> no joint_visit.overdue",
     absent=["joint_visit.overdue"])
case("gir-cin-27-unborn", GIR, "2026-09-10", C(dob=None, expected_birth_date="2027-01-15"),
     [V("v1", "2026-09-03", seen="unborn", seen_alone=None, bedroom_seen=None, seen_awake=None, attachment_observed=None)],
     "000 1.1.4 option 'Unborn'; CIN has no age band -> 4-weekly 1 Oct; no seen-alone reason for unborn",
     next="2026-10-01", visits={"v1": dict(statutory=True)}, absent=["seen_alone.reason_required"])
case("gir-cin-28-leap-2028", GIR, "2028-02-12", C(plan_start="2028-02-01", allocated_on="2028-02-01"),
     [V("v1", "2028-02-10")],
     "leap year: Thu 10 Feb 2028 + 28 d: Feb 29 (+19), Mar 9 (+28)", next="2028-03-09")
case("gir-cin-29-nonleap-2027", GIR, "2027-02-12", C(plan_start="2027-02-01", allocated_on="2027-02-01"),
     [V("v1", "2027-02-10")], "10 Feb 2027 + 28 = 10 Mar 2027", next="2027-03-10")
case("gir-cin-30-month-interval-leap", GIR, "2028-02-01",
     C(plan_start="2028-01-01", allocated_on="2028-01-01",
       visit_interval={"every": 1, "unit": "months", "rationale": "agreed at CIN review"}),
     [V("v1", "2028-01-31")], "a month from 31 Jan 2028 = 29 Feb 2028 (leap)", next="2028-02-29")
case("gir-cin-31-month-interval-nonleap", GIR, "2027-02-01",
     C(plan_start="2027-01-01", allocated_on="2027-01-01",
       visit_interval={"every": 1, "unit": "months", "rationale": "agreed at CIN review"}),
     [V("v1", "2027-01-31")], "a month from 31 Jan 2027 = 28 Feb 2027; 1 month (28 d here) <= 4 weeks", next="2027-02-28")

# ---------------------------------------------------------------- 003 CP (getting-it-right-2018)
case("gir-cp-01-fortnightly", GIR, "2026-09-04", C("CP"), [V("v1", "2026-09-03", "2026-09-04T09:00")],
     "003: 'at least once every two weeks' from 1: 3 Sep + 14 = 17 Sep; record 1 wd: Fri 4 Sep",
     next="2026-09-17", visits={"v1": dict(statutory=True, record_due="2026-09-04", recorded_late=False)})
case("gir-cp-02-weekly-under1", GIR, "2026-09-04", C("CP", dob="2026-03-01"), [V("v1", "2026-09-03")],
     "003: 'CP visits for a child under one year must be weekly': 10 Sep", next="2026-09-10")
case("gir-cp-03-first-birthday", GIR, "2026-09-04", C("CP", dob="2025-09-06"), [V("v1", "2026-09-03")],
     "visit 3 days before 1st birthday (6 Sep): weekly deadline 10 Sep is after the birthday -> fortnightly 17 Sep (docs' worked example)",
     next="2026-09-17")
case("gir-cp-04-ehe-weekly", GIR, "2026-09-04", C("CP", electively_home_educated=True), [V("v1", "2026-09-03")],
     "003: 'Where a child is Electively Home Educated (EHE) that child should been seen weekly' -> 10 Sep", next="2026-09-10")
case("gir-cp-05-ehe-plan-otherwise", GIR, "2026-09-04",
     C("CP", electively_home_educated=True, visit_interval={"every": 2, "unit": "weeks", "rationale": "CP plan states fortnightly"}),
     [V("v1", "2026-09-03")], "EHE weekly 'unless otherwise stated in the child protection plan' -> 17 Sep",
     next="2026-09-17", absent=["plan.visit_interval_too_long"])
case("gir-cp-06-plan-too-long", GIR, "2026-09-04",
     C("CP", visit_interval={"every": 3, "unit": "weeks", "rationale": "core group agreed"}), [V("v1", "2026-09-03")],
     "'minimum ... at least once every two weeks'; 'should not be reduced by the Core Group' -> 17 Sep + too_long",
     next="2026-09-17", codes=["plan.visit_interval_too_long"])
case("gir-cp-07-record-christmas", GIR, "2026-12-29", C("CP"), [V("v1", "2026-12-24T15:00", "2026-12-29T10:00")],
     "1 wd from Thu 24 Dec: Fri 25 BH, Mon 28 BH -> Tue 29 Dec", visits={"v1": dict(record_due="2026-12-29", recorded_late=False)})
case("gir-cp-08-record-late", GIR, "2026-09-08", C("CP"), [V("v1", "2026-09-03", "2026-09-07T09:00")],
     "due Fri 4 Sep; recorded Mon 7", visits={"v1": dict(record_due="2026-09-04", recorded_late=True)},
     codes=["record.late@v1"])
case("gir-cp-09-record-friday", GIR, "2026-09-07", C("CP"), [V("v1", "2026-09-04", "2026-09-07T12:00")],
     "Fri 4 Sep + 1 wd = Mon 7 Sep", visits={"v1": dict(record_due="2026-09-07", recorded_late=False)})
case("gir-cp-10-failed-48h", GIR, "2026-09-04", C("CP"), [FAILED("v1", "2026-09-03")],
     "003: 'within 48 working hours' = 2 wd: Fri4(1) Mon7(2)", visits={"v1": dict(statutory=False, reattempt_due="2026-09-07")},
     codes=["visit.reattempt_due@v1"])
case("gir-cp-11-failed-easter-2027", GIR, "2027-03-25", C("CP", plan_start="2027-03-01", allocated_on="2027-03-01"),
     [FAILED("v1", "2027-03-25")],
     "Thu 25 Mar 2027; Fri 26 GF, Mon 29 EM; Tue30(1) Wed31(2)", visits={"v1": dict(reattempt_due="2027-03-31")})
case("gir-cp-12-failed-overdue", GIR, "2026-09-08", C("CP"), [FAILED("v1", "2026-09-03")],
     "due Mon 7 Sep; as of Tue 8", codes=["visit.reattempt_overdue@v1"])
case("gir-cp-13-school", GIR, "2026-09-04", C("CP"), [V("v1", "2026-09-03", location="school")],
     "003: 'a visit made to the same child at their school or elsewhere is not a CP visit'; next from plan start 1 Sep + 14 = 15 Sep",
     next="2026-09-15", visits={"v1": dict(statutory=False)}, codes=["visit.not_statutory@v1"])
case("gir-cp-14-joint-hv-overdue", GIR, "2026-10-01", C("CP", dob="2025-12-01"),
     [V("v1", "2026-09-01"), V("v2", "2026-09-08"), V("v3", "2026-09-15"), V("v4", "2026-09-22"), V("v5", "2026-09-29")],
     "003: joint HV visit 'at least once every 4 weeks' under 2; none since plan start 1 Sep: due 29 Sep, overdue 1 Oct",
     next="2026-10-06", codes=["joint_visit.overdue"])
case("gir-cp-15-joint-hv-met", GIR, "2026-10-01", C("CP", dob="2025-12-01"),
     [V("v1", "2026-09-01"), V("v2", "2026-09-08"), V("v3", "2026-09-15", joint_with_health_visitor=True),
      V("v4", "2026-09-22"), V("v5", "2026-09-29")],
     "joint 15 Sep -> next joint 13 Oct", absent=["joint_visit.overdue"])
case("gir-cp-16-joint-hv-age2", GIR, "2026-10-15", C("CP", dob="2024-06-01"),
     [V("v1", "2026-09-03"), V("v2", "2026-09-17"), V("v3", "2026-10-01"), V("v4", "2026-10-15")],
     "aged 2: no joint HV requirement", absent=["joint_visit.overdue"])
case("gir-cp-17-unborn-weekly", GIR, "2026-09-04", C("CP", dob=None, expected_birth_date="2027-01-15"),
     [V("v1", "2026-09-03", seen="unborn", seen_alone=None, bedroom_seen=None, seen_awake=None, attachment_observed=None)],
     "unborn counts as under one: weekly -> 10 Sep", next="2026-09-10", visits={"v1": dict(statutory=True)},
     absent=["seen_alone.reason_required", "joint_visit.overdue"])
case("gir-cp-18-unborn-edd-passed", GIR, "2026-09-10", C("CP", dob=None, expected_birth_date="2026-09-05"),
     [V("v1", "2026-09-03", seen="unborn", seen_alone=None, bedroom_seen=None, seen_awake=None, attachment_observed=None)],
     "expected date passed: the worker is asked for the date of birth", codes=["child.facts_missing"])
case("gir-cp-19-reason-required", GIR, "2026-09-04", C("CP"), [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="  ")],
     "003 1.1.6; whitespace is no reason", visits={"v1": dict(statutory=True)},
     codes=["seen_alone.reason_required@v1:not_seen_alone_reason"])
case("gir-cp-20-sections-purpose", GIR, "2026-09-04", C("CP"), [V("v1", "2026-09-03", purpose="")],
     "003 1.1.3 Purpose missing", codes=["record.sections_missing@v1"])
case("gir-cp-21-cp-cla", GIR, "2026-09-04", C("CP+CLA", placement_start="2026-09-01"), [V("v1", "2026-09-03")],
     "profile covers the CP part; CLA part not covered note; CP fortnightly 17 Sep", next="2026-09-17",
     codes=["policy.plan_not_covered"])
case("gir-cp-22-leap-birthday-2025", GIR, "2025-02-25",
     C("CP", dob="2024-02-29", plan_start="2025-02-01", allocated_on="2025-02-01"), [V("v1", "2025-02-21")],
     "born 29 Feb 2024: 1st birthday is 1 Mar 2025. Visit Fri 21 Feb + 7 = Fri 28 Feb, still under one on that day -> 28 Feb",
     next="2025-02-28")
case("gir-cp-23-leap-birthday-crosses", GIR, "2025-02-25",
     C("CP", dob="2024-02-29", plan_start="2025-02-01", allocated_on="2025-02-01"), [V("v1", "2025-02-22T10:00")],
     "visit Sat 22 Feb + 7 = Sat 1 Mar = birthday -> fortnightly in force -> 8 Mar", next="2025-03-08")
case("gir-cp-24-failed-friday-48h", GIR, "2026-09-11", C("CP"), [FAILED("v1", "2026-09-11")],
     "Fri 11 Sep + 2 wd: Mon14(1) Tue15(2)", visits={"v1": dict(reattempt_due="2026-09-15")})
case("gir-cp-25-cancelled-uses-48h", GIR, "2026-09-04", C("CP"), [CANCELLED("v1", "2026-09-03")],
     "003 has no cancelled rule; profile choice: same 48 working hours -> Mon 7 Sep", visits={"v1": dict(statutory=False, reattempt_due="2026-09-07")})
case("gir-cp-26-draft-no-facts", GIR, "2026-09-04", C("CP"),
     [dict(id="v1", visited_at="2026-09-03T10:00", completed=False)],
     "draft with no visit facts does not count: next from plan start 1 Sep + 14 = 15 Sep", next="2026-09-15",
     visits={"v1": dict(statutory=False)})
case("gir-cp-27-draft-with-facts", GIR, "2026-09-04", C("CP"),
     [dict(id="v1", visited_at="2026-09-03T10:00", location="home", seen="yes", seen_alone="yes", completed=False)],
     "draft with location/seen/seen_alone counts: 17 Sep; record due Fri 4 Sep", next="2026-09-17",
     visits={"v1": dict(statutory=True, record_due="2026-09-04")})

# ---------------------------------------------------------------- 002 seen-alone-guidance
case("sag-01-cin-4plus-not-alone", SAG, "2026-09-10", C(visit_interval=IV4), [V("v1", "2026-09-03", **NOTALONE)],
     "002: 'If the children have not been seen alone, then it is not a Statutory CIN Visit'. next from plan start 1 Sep+28 = 29 Sep",
     next="2026-09-29", visits={"v1": dict(statutory=False)}, codes=["visit.not_statutory@v1"])
case("sag-02-cin-4plus-alone", SAG, "2026-09-10", C(visit_interval=IV4), [V("v1", "2026-09-03")],
     "seen alone: statutory; plan 4-weekly -> 1 Oct", next="2026-10-01", visits={"v1": dict(statutory=True)})
case("sag-03-cin-under4-not-alone", SAG, "2026-09-10", C(dob="2024-01-01", visit_interval=IV4),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="aged 2")],
     "under 4: seen-alone is not a condition; attachment observed", visits={"v1": dict(statutory=True)},
     absent=["attachment.observation_required", "visit.not_statutory"])
case("sag-04-cin-under4-attachment", SAG, "2026-09-10", C(dob="2024-01-01", visit_interval=IV4),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="aged 2", attachment_observed=None)],
     "002: 'Children under 4 years should be observed with their parents (noting their attachment'",
     codes=["attachment.observation_required@v1"])
case("sag-05-cin-seen-alone-6wk-overdue", SAG, "2026-10-16", C(visit_interval=IV4),
     [V("v1", "2026-09-03"), V("v2", "2026-10-01", **NOTALONE)],
     "seen alone 3 Sep; 'minimum of once every 6 weeks' -> 15 Oct; 16 Oct overdue. v2 not statutory so visit overdue too (1 Oct)",
     next="2026-10-01", overdue=True, codes=["seen_alone.overdue"], visits={"v2": dict(statutory=False)})
case("sag-06-cin-turns-4", SAG, "2026-09-18", C(dob="2022-09-10", visit_interval=IV2),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="aged 3"), V("v2", "2026-09-17", **NOTALONE)],
     "aged 3 on 3 Sep -> statutory; aged 4 from 10 Sep -> 17 Sep not alone not statutory. next = 3 Sep + 14 = 17 Sep",
     next="2026-09-17", visits={"v1": dict(statutory=True), "v2": dict(statutory=False)})
case("sag-07-cp-4plus-not-alone", SAG, "2026-09-10", C("CP", visit_interval=IV2), [V("v1", "2026-09-03", **NOTALONE)],
     "002 CP: 'need to be seen alone at every Statutory Visit'", visits={"v1": dict(statutory=False)},
     codes=["visit.not_statutory@v1"])
case("sag-08-cp-4th-birthday", SAG, "2026-09-10", C("CP", dob="2022-09-03", visit_interval=IV2),
     [V("v1", "2026-09-03", **NOTALONE)],
     "4th birthday that day; 'over the age of 4' read as 4+ by the profile -> not statutory",
     visits={"v1": dict(statutory=False)})
case("sag-09-cp-two-school-visits", SAG, "2026-09-18", C("CP", visit_interval=IV2),
     [V("v1", "2026-09-03", location="school", bedroom_seen=None), V("v2", "2026-09-17", location="school", bedroom_seen=None)],
     "002 CP: 'can include some visits where children are seen at school ... but at least every other visit should be at home and the bedrooms must be seen' -> school visits count, two in a row breach",
     visits={"v1": dict(statutory=True), "v2": dict(statutory=True)}, next="2026-10-01", codes=["bedroom.overdue"])
case("sag-10-cp-alternating-ok", SAG, "2026-09-18", C("CP", visit_interval=IV2),
     [V("v1", "2026-09-03"), V("v2", "2026-09-17", location="school", bedroom_seen=None)],
     "home+bedroom then school: pattern kept", absent=["bedroom.overdue"])
case("sag-11-cp-under4-attachment", SAG, "2026-09-10", C("CP", dob="2024-01-01", visit_interval=IV2),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="aged 2", attachment_observed=None)],
     "002 CP bullet 5: under 4 observed with parents", codes=["attachment.observation_required@v1"])
case("sag-12-no-interval", SAG, "2026-09-10", C(), [V("v1", "2026-09-03")],
     "002 leaves frequency to the plan ('visiting pattern should be discussed in supervision and clearly recorded')",
     next=None, codes=["plan.visit_interval_missing"])
case("sag-13-reg24-weekly", SAG, "2026-09-04",
     C("CP+CLA", visit_interval=IV2, regulation_24=True, placement_start="2026-09-01", first_review_date="2026-09-29"),
     [V("v1", "2026-09-03")],
     "002: 'Visits for Regulation 24 placements are weekly until the 1st Child Care Review' -> 10 Sep", next="2026-09-10")
case("sag-14-failed-no-reattempt-rule", SAG, "2026-09-10", C(visit_interval=IV4), [FAILED("v1", "2026-09-03")],
     "002 sets no re-attempt timescale ('should be recorded as home visits')", visits={"v1": dict(statutory=False, reattempt_due=None)})
case("sag-15-cin-4plus-no-reason", SAG, "2026-09-10", C(visit_interval=IV4), [V("v1", "2026-09-03", seen_alone="no")],
     "reason required under every profile", codes=["seen_alone.reason_required@v1:not_seen_alone_reason"])
case("sag-16-cin-sibling-alone-ok", SAG, "2026-09-10", C(dob="2020-02-29", visit_interval=IV4), [V("v1", "2026-09-03")],
     "born 29 Feb 2020, aged 6, seen alone (with siblings counts as alone): statutory", visits={"v1": dict(statutory=True)})

# ---------------------------------------------------------------- 004 visiting-policy-2019
case("vp-01-cp-10wd", VP, "2026-09-04", C("CP"), [V("v1", "2026-09-03")],
     "I.5 10 wd from Thu 3 Sep: Fri4(1) 7-11(2-6) 14(7) 15(8) 16(9) 17(10)", next="2026-09-17",
     visits={"v1": dict(statutory=True, record_due=None)}, codes=["record.deadline_not_set"])
case("vp-02-cin-20wd", VP, "2026-09-04", C(), [V("v1", "2026-09-03")],
     "I.6 20 wd: Fri4(1) 7-11(6) 14-18(11) 21-25(16) 28,29,30,Oct1(20)", next="2026-10-01")
case("vp-03-cp-christmas", VP, "2026-12-21", C("CP"), [V("v1", "2026-12-18")],
     "Fri 18 Dec: 21(1) 22(2) 23(3) 24(4) [25,28 BH] 29(5) 30(6) 31(7) [1 Jan BH] 4(8) 5(9) 6(10) -> 6 Jan 2027",
     next="2027-01-06")
case("vp-04-cin-easter", VP, "2026-03-26", C(plan_start="2026-03-01", allocated_on="2026-03-01"), [V("v1", "2026-03-25")],
     "Wed 25 Mar: 26(1) 27(2) 30(3) 31(4) Apr1(5) 2(6) [3 GF, 6 EM] 7-10(7-10) 13-17(11-15) 20-24(16-20) -> 24 Apr",
     next="2026-04-24")
case("vp-05-school-counts", VP, "2026-09-04", C(), [V("v1", "2026-09-03", location="school", bedroom_seen=None)],
     "004 has no home-only condition (I.9 only asks home and bedroom every other visit) -> statutory",
     visits={"v1": dict(statutory=True)})
case("vp-06-alone-every-other-breach", VP, "2026-09-25", C(), [V("v1", "2026-09-03", **NOTALONE), V("v2", "2026-09-24", **NOTALONE)],
     "I.8: 'see the child on their own at least on every other visit': two in a row not alone", codes=["seen_alone.overdue"])
case("vp-07-alone-every-other-ok", VP, "2026-09-25", C(), [V("v1", "2026-09-03", **NOTALONE), V("v2", "2026-09-24")],
     "alternates -> fine", absent=["seen_alone.overdue"])
case("vp-08-bedroom-breach", VP, "2026-09-25", C(), [V("v1", "2026-09-03", bedroom_seen=False), V("v2", "2026-09-24", bedroom_seen=False)],
     "I.9: 'home environment and bedroom at least on every other visit'", codes=["bedroom.overdue"])
case("vp-09-under5-asleep", VP, "2026-09-04", C(dob="2023-01-01"),
     [V("v1", "2026-09-03", seen_awake=False, seen_alone="no", not_seen_alone_reason="aged 3")],
     "I.8: 'Children under the age of five must be seen awake at every visit'", codes=["seen_awake.required@v1"])
case("vp-10-under5-awake-unrecorded", VP, "2026-09-04", C(dob="2023-01-01"),
     [V("v1", "2026-09-03", seen_awake=None, seen_alone="no", not_seen_alone_reason="aged 3")],
     "unrecorded -> error", codes=["seen_awake.required@v1"])
case("vp-11-age5-no-awake-rule", VP, "2026-09-04", C(dob="2021-09-01"), [V("v1", "2026-09-03", seen_awake=None)],
     "5th birthday 1 Sep 2026 -> rule off", absent=["seen_awake.required"])
case("vp-12-interaction-under5", VP, "2026-09-04", C(dob="2023-01-01"),
     [V("v1", "2026-09-03", attachment_observed=None, seen_alone="no", not_seen_alone_reason="aged 3")],
     "I.8: 'observations of the child/parent interaction must be undertaken' under 5",
     codes=["attachment.observation_required@v1"])
case("vp-13-failed-2wd", VP, "2026-09-04", C(), [FAILED("v1", "2026-09-03")],
     "I.10: 'within the next 1-2 working days': Fri4(1) Mon7(2)", visits={"v1": dict(statutory=False, reattempt_due="2026-09-07")})
case("vp-14-failed-christmas", VP, "2026-12-23", C(), [FAILED("v1", "2026-12-23")],
     "Wed 23 Dec: Thu24(1) [25, 28 BH] Tue29(2)", visits={"v1": dict(reattempt_due="2026-12-29")})
case("vp-15-cancelled", VP, "2026-09-04", C(), [CANCELLED("v1", "2026-09-03")],
     "I.11: reschedule 'within the next 1-2 working days' -> Mon 7 Sep; not statutory",
     visits={"v1": dict(statutory=False, reattempt_due="2026-09-07")})
case("vp-16-cancelled-then-visit", VP, "2026-09-08", C(), [CANCELLED("v1", "2026-09-03"), V("v2", "2026-09-04")],
     "visit Fri 4 Sep meets it; next 20 wd from 4 Sep: 7-11(5) 14-18(10) 21-25(15) 28-Oct2(20) -> 2 Oct",
     next="2026-10-02", absent=["visit.reattempt_overdue"])
case("vp-17-cancelled-twice", VP, "2026-09-08", C(), [CANCELLED("v1", "2026-09-03"), CANCELLED("v2", "2026-09-04")],
     "a later cancelled visit meets nothing; first deadline Mon 7 Sep stands; overdue on 8 Sep",
     codes=["visit.reattempt_overdue"])
case("vp-18-cancelled-no-reason", VP, "2026-09-04", C(), [CANCELLED("v1", "2026-09-03", findings="")],
     "I.11: 'this will be recorded on the child's record'", codes=["record.sections_missing@v1"])
case("vp-19-holiday-video", VP, "2026-10-23",
     C(holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": True}]),
     [V("v1", "2026-10-01"), dict(id="v2", visited_at="2026-10-22T18:00", seen="yes", seen_alone="yes",
                                   contact="video", purpose="p", findings="f", analysis="a", conclusion="c",
                                   recommendations="r", completed=True, recorded_at="2026-10-22T19:00", seen_awake=True, attachment_observed=True)],
     "I.12 b / I.13: video contact during holiday counts. 20 wd from Thu 22 Oct: 23(1) 26-30(6) Nov2-6(11) 9-13(16) 16-19(20) -> 19 Nov",
     next="2026-11-19", visits={"v2": dict(statutory=True)})
case("vp-20-video-outside-holiday", VP, "2026-10-16",
     C(holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": True}]),
     [dict(id="v1", visited_at="2026-10-15T18:00", seen="yes", seen_alone="yes", contact="video")],
     "video not during a recorded holiday: not statutory, field contact", visits={"v1": dict(statutory=False)},
     codes=["visit.not_statutory@v1:contact"])
case("vp-21-agency-cin", VP, "2026-10-23",
     C(holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": True}]),
     [dict(id="v1", visited_at="2026-10-22T12:00", seen="yes", seen_alone="yes", contact="agency")],
     "I.12 a) agency visit is for 'children on protection plans only'", visits={"v1": dict(statutory=False)})
case("vp-22-agency-cp-abroad", VP, "2026-10-23",
     C("CP", holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": True}]),
     [dict(id="v1", visited_at="2026-10-22T12:00", seen="yes", seen_alone="yes", contact="agency", seen_awake=True)],
     "I.12 a) CP abroad: agency visit counts; 10 wd from Thu 22 Oct: 23(1) 26-30(6) Nov2-5(10) -> 5 Nov",
     visits={"v1": dict(statutory=True)}, next="2026-11-05")
case("vp-23-agency-cp-not-abroad", VP, "2026-10-23",
     C("CP", holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": False}]),
     [dict(id="v1", visited_at="2026-10-22T12:00", seen="yes", seen_alone="yes", contact="agency")],
     "I.12 a) 'comparable child protection agencies in another country' -> only abroad", visits={"v1": dict(statutory=False)})
case("vp-24-cp-plan-too-long", VP, "2026-09-04",
     C("CP", visit_interval={"every": 15, "unit": "working_days", "rationale": "agreed"}), [V("v1", "2026-09-03")],
     "I.7: frequencies 'are minimum requirements' -> stays 17 Sep", next="2026-09-17", codes=["plan.visit_interval_too_long"])
case("vp-25-cp-leap-2028", VP, "2028-02-28", C("CP", plan_start="2028-02-01", allocated_on="2028-02-01"), [V("v1", "2028-02-28")],
     "Mon 28 Feb 2028 + 10 wd: Tue29(1) Mar1(2) 2(3) 3(4) 6-10(9) Mon13(10)", next="2028-03-13")
case("vp-26-reason-required", VP, "2026-09-04", C(), [V("v1", "2026-09-03", seen_alone="no")],
     "reason required; cited I.8", codes=["seen_alone.reason_required@v1:not_seen_alone_reason"])
case("vp-27-video-neither-keeps-nor-breaks", VP, "2026-11-05",
     C(holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": True}]),
     [V("v1", "2026-10-01", bedroom_seen=False),
      dict(id="v2", visited_at="2026-10-22T18:00", seen="yes", seen_alone="yes", contact="video", completed=True,
           purpose="p", findings="f", analysis="a", conclusion="c", recommendations="r", recorded_at="2026-10-22T19:00"),
      V("v3", "2026-11-04", bedroom_seen=False)],
     "v1 and v3 in person, both without bedroom; video between neither keeps nor breaks -> breach", codes=["bedroom.overdue"])
case("vp-28-scotland", VP, "2026-07-24", C("CP", region="scotland", plan_start="2026-07-01", allocated_on="2026-07-01"),
     [V("v1", "2026-07-24")],
     "Scotland: Fri 24 Jul + 10 wd: 27-31(5) [Mon 3 Aug SCT BH] 4(6) 5(7) 6(8) 7(9) 10(10) -> 10 Aug (E&W would be 7 Aug)",
     next="2026-08-10")
case("vp-29-ni", VP, "2026-03-16", C("CP", region="northern-ireland", plan_start="2026-03-01", allocated_on="2026-03-01"),
     [V("v1", "2026-03-16")],
     "NI: Mon 16 Mar + 10 wd: [Tue 17 St Patrick] 18(1) 19(2) 20(3) 23-27(8) 30(9) 31(10) -> 31 Mar",
     next="2026-03-31")
case("vp-30-ew-aug", VP, "2026-07-24", C("CP", plan_start="2026-07-01", allocated_on="2026-07-01"), [V("v1", "2026-07-24")],
     "E&W: 27-31(5) Aug3-7(10) -> 7 Aug", next="2026-08-07")
case("vp-31-under5-leap-4yo", VP, "2025-02-28", C(dob="2020-02-29", plan_start="2025-02-01", allocated_on="2025-02-01"),
     [V("v1", "2025-02-28", seen_awake=None)],
     "born 29 Feb 2020: 5th birthday 1 Mar 2025; on 28 Feb still 4 -> seen awake required", codes=["seen_awake.required@v1"])
case("vp-32-under5-leap-5yo", VP, "2025-03-01", C(dob="2020-02-29", plan_start="2025-02-01", allocated_on="2025-02-01"),
     [V("v1", "2025-03-01T10:00", seen_awake=None)],
     "on 1 Mar 2025 aged 5 -> no rule", absent=["seen_awake.required"])
case("vp-33-failed-reattempt-overdue", VP, "2026-09-08", C("CP"), [FAILED("v1", "2026-09-03")],
     "due Mon 7 Sep; 8 Sep overdue", codes=["visit.reattempt_overdue@v1"])
case("vp-34-cp-plan-tighter", VP, "2026-09-04", C("CP", visit_interval={"every": 5, "unit": "working_days", "rationale": "I.7 iv"}),
     [V("v1", "2026-09-03")], "I.7 iv plan more frequent: 5 wd Fri4(1) 7(2) 8(3) 9(4) 10(5)", next="2026-09-10")

# ---------------------------------------------------------------- 001 leicestershire-cin-2024
case("lei-01-first-visit-due", LEI, "2026-09-08", C(), [],
     "'visited within a minimum of 5 working days from allocation': Tue 1 Sep -> 2(1) 3(2) 4(3) 7(4) 8(5)",
     next="2026-09-08", overdue=False, absent=["first_visit.overdue"])
case("lei-02-first-visit-overdue", LEI, "2026-09-09", C(), [],
     "as of 9 Sep", codes=["first_visit.overdue"])
case("lei-03-first-visit-late", LEI, "2026-09-11", C(), [V("v1", "2026-09-10")],
     "first visit Thu 10 Sep after 8 Sep -> late (info). next 20 wd: 11(1) 14-18(6) 21-25(11) 28-Oct2(16) 5-8(20)",
     next="2026-10-08", codes=["first_visit.late"])
case("lei-04-allocation-christmas", LEI, "2026-12-31", C(plan_start="2026-12-23", allocated_on="2026-12-23"), [],
     "Wed 23 Dec: 24(1) [25,28] 29(2) 30(3) 31(4) [1 Jan] Mon 4 Jan(5)", next="2027-01-04", overdue=False)
case("lei-05-72h-exact", LEI, "2026-09-07", C(), [V("v1", "2026-09-03T15:00", "2026-09-06T15:00")],
     "72 hours: Thu 15:00 -> Sun 6 Sep 15:00, recorded at exactly the deadline -> on time",
     visits={"v1": dict(record_due="2026-09-06T15:00", recorded_late=False)})
case("lei-06-72h-late", LEI, "2026-09-07", C(), [V("v1", "2026-09-03T15:00", "2026-09-06T15:01")],
     "one minute late", visits={"v1": dict(record_due="2026-09-06T15:00", recorded_late=True)}, codes=["record.late@v1"])
case("lei-07-72h-christmas", LEI, "2026-12-28", C(plan_start="2026-12-01", allocated_on="2026-12-01"),
     [V("v1", "2026-12-24T15:00", "2026-12-27T14:00")],
     "calendar hours: 24 Dec 15:00 -> 27 Dec 15:00", visits={"v1": dict(record_due="2026-12-27T15:00", recorded_late=False)})
case("lei-08-school", LEI, "2026-09-04", C(), [V("v1", "2026-09-03", location="school")],
     "'once every 20 working days at home' -> not statutory", visits={"v1": dict(statutory=False)},
     codes=["visit.not_statutory@v1"])
case("lei-09-6wk-exception", LEI, "2026-09-04",
     C(visit_interval={"every": 6, "unit": "weeks", "rationale": "service manager exception recorded"}), [V("v1", "2026-09-03")],
     "'Child in Need visits may be reduced to 6 weekly' by service manager: 3 Sep + 42 = 15 Oct", next="2026-10-15")
case("lei-10-8wk-capped", LEI, "2026-09-04",
     C(visit_interval={"every": 8, "unit": "weeks", "rationale": "manager agreed"}), [V("v1", "2026-09-03")],
     "no further than 6-weekly -> 15 Oct + too_long", next="2026-10-15", codes=["plan.visit_interval_too_long"])
case("lei-11-6wk-no-rationale", LEI, "2026-09-04", C(visit_interval={"every": 6, "unit": "weeks"}), [V("v1", "2026-09-03")],
     "exception must be 'recorded on the file' -> keep 20 wd (1 Oct) + warning", next="2026-10-01",
     codes=["plan.visit_interval_rationale_missing"])
case("lei-12-review-16wk-reached", LEI, "2026-12-23", C(),
     [V("v1", "2026-12-17")],
     "plan start Tue 1 Sep + 16 weeks (112 d) = Tue 22 Dec; 'review all cases where the plan has been in place for 16 weeks or more'",
     codes=["plan.review_due"])
case("lei-13-review-met", LEI, "2026-12-23",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-10-06", "notes_circulated_on": "2026-10-08"},
                 {"id": "m2", "kind": "progress", "date": "2026-11-10", "notes_circulated_on": "2026-11-12"},
                 {"id": "r1", "kind": "review", "date": "2026-12-01", "notes_circulated_on": "2026-12-03"}]),
     [V("v1", "2026-12-17")],
     "review meeting 1 Dec (week 13, in the last 4 weeks) meets it (profile choice)", absent=["plan.review_due"])
case("lei-14-progress-overdue", LEI, "2026-10-21",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-08", "notes_circulated_on": "2026-09-10"}]),
     [V("v1", "2026-10-01")],
     "'minimum standard ... 6 weekly': 8 Sep + 42 = 20 Oct; 21 Oct overdue", codes=["meeting.progress_overdue"])
case("lei-15-progress-on-time", LEI, "2026-10-20",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-08", "notes_circulated_on": "2026-09-10"}]),
     [V("v1", "2026-10-01")], "on 20 Oct still on time", absent=["meeting.progress_overdue"])
case("lei-16-notes-late", LEI, "2026-09-20",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-08", "notes_circulated_on": "2026-09-16"}]),
     [V("v1", "2026-09-03")],
     "'sent out within 5 working days of the meeting': Tue 8 Sep -> 9(1) 10(2) 11(3) 14(4) 15(5); sent 16 -> late",
     codes=["meeting.notes_late"])
case("lei-17-notes-on-time", LEI, "2026-09-20",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-08", "notes_circulated_on": "2026-09-15"}]),
     [V("v1", "2026-09-03")], "sent 15 Sep = deadline", absent=["meeting.notes_late"])
case("lei-18-notes-overdue", LEI, "2026-09-16",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-08"}]), [V("v1", "2026-09-03")],
     "not sent by 16 Sep", codes=["meeting.notes_overdue"])
case("lei-19-review-record-5-days", LEI, "2026-12-05",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-10-06", "notes_circulated_on": "2026-10-08"},
                 {"id": "r1", "kind": "review", "date": "2026-11-27", "notes_circulated_on": "2026-12-03"}]),
     [V("v1", "2026-11-26")],
     "review record 'within 5 days of the meeting' (calendar): Fri 27 Nov + 5 = Wed 2 Dec; sent Thu 3 -> late (5 wd would be Fri 4 Dec)",
     codes=["meeting.notes_late"])
case("lei-20-meeting-not-held", LEI, "2026-10-14",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-08", "held": False}]), [V("v1", "2026-10-01")],
     "meeting not held counts for nothing: plan start 1 Sep + 42 = 13 Oct; 14 Oct overdue", codes=["meeting.progress_overdue"])
case("lei-21-cp-not-covered", LEI, "2026-09-04", C("CP"), [V("v1", "2026-09-03")],
     "001 covers CIN only", codes=["policy.plan_not_covered"])
case("lei-22-reason-required", LEI, "2026-09-04", C(), [V("v1", "2026-09-03", seen_alone="no")],
     "reason required", codes=["seen_alone.reason_required@v1:not_seen_alone_reason"])
case("lei-23-72h-friday", LEI, "2026-09-08", C(), [V("v1", "2026-09-04T17:00", "2026-09-07T16:00")],
     "Fri 17:00 + 72h = Mon 7 Sep 17:00", visits={"v1": dict(record_due="2026-09-07T17:00", recorded_late=False)})
case("lei-24-failed", LEI, "2026-09-04", C(), [V("v0", "2026-09-02"), FAILED("v1", "2026-09-03")],
     "001 names no re-attempt timescale; failed visit not statutory; next 20 wd from Wed 2 Sep: 3(1) 4(2) 7-11(7) 14-18(12) 21-25(17) 28,29,30(20)",
     next="2026-09-30", visits={"v1": dict(statutory=False)})

# ---------------------------------------------------------------- england-cla-2010
CL = lambda **kw: C("CLA", placement_start="2026-09-01", **kw)
case("cla-01-first-visit-due", CLA, "2026-09-08", CL(), [],
     "reg 28(2)(a) within one week of placement Tue 1 Sep -> Tue 8 Sep", next="2026-09-08", overdue=False)
case("cla-02-first-visit-overdue", CLA, "2026-09-09", CL(), [], "as of 9 Sep", codes=["first_visit.overdue"])
case("cla-03-6wk", CLA, "2026-09-04", CL(), [V("v1", "2026-09-03")],
     "reg 28(2)(b) not more than 6 weeks in first year: 3 Sep + 42 = 15 Oct", next="2026-10-15",
     visits={"v1": dict(statutory=True, record_due=None)})
case("cla-04-3months-until18", CLA, "2026-09-04", C("CLA", placement_start="2025-01-10", placement_until_18=True),
     [V("v1", "2026-09-03")], "reg 28(2)(c)(i) after first year, placement to 18: 3 months -> 3 Dec", next="2026-12-03")
case("cla-05-6wk-after-year-not18", CLA, "2026-09-04", C("CLA", placement_start="2025-01-10"),
     [V("v1", "2026-09-03")], "reg 28(2)(c)(ii) otherwise 6 weeks -> 15 Oct", next="2026-10-15")
case("cla-06-year-boundary", CLA, "2026-09-04", C("CLA", placement_start="2025-09-20", placement_until_18=True),
     [V("v1", "2026-09-03")],
     "visit in first year (to 19 Sep 2026); 6-wk deadline 15 Oct is in year 2 where 3-monthly is in force -> 3 Dec (engine rule); strict reading: 15 Oct",
     next="2026-12-03")
case("cla-07-reg24-weekly", CLA, "2026-09-04", CL(regulation_24=True, first_review_date="2026-09-29"),
     [V("v1", "2026-09-03")], "reg 28(4) connected person: weekly until first review -> 10 Sep", next="2026-09-10")
case("cla-08-reg24-after-review", CLA, "2026-10-02", CL(regulation_24=True, first_review_date="2026-09-29"),
     [V("v1", "2026-10-01")], "reg 28(4)(b): thereafter not more than four weeks: 1 Oct + 28 = 29 Oct (my first figure 12 Nov was wrong; regulation text checked)", next="2026-10-29")
case("cla-09-reg24-no-review-date", CLA, "2026-10-02", CL(regulation_24=True), [V("v1", "2026-10-01")],
     "no first-review date: weekly continues -> 8 Oct", next="2026-10-08")
case("cla-10-refused-category", CLA, "2026-09-04", CL(),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason=None, not_seen_alone_category="refused")],
     "reg 29: 'unless the child, being of sufficient age and understanding, refuses' -> choice is enough",
     absent=["seen_alone.reason_required"])
case("cla-11-no-reason", CLA, "2026-09-04", CL(), [V("v1", "2026-09-03", seen_alone="no")],
     "no reason, no category", codes=["seen_alone.reason_required@v1:not_seen_alone_reason"])
case("cla-12-other-needs-words", CLA, "2026-09-04", CL(),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason=None, not_seen_alone_category="other")],
     "'other' is not a reg 29 exception -> words needed", codes=["seen_alone.reason_required@v1"])
case("cla-13-video-never", CLA, "2026-10-23", CL(holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": True}]),
     [V("v1", "2026-09-03"), dict(id="v2", visited_at="2026-10-22T18:00", seen="yes", seen_alone="yes", contact="video")],
     "regs have no holiday contact rule", visits={"v2": dict(statutory=False)}, next="2026-10-15", overdue=True)
case("cla-14-no-placement-start", CLA, "2026-09-04", C("CLA"), [V("v1", "2026-09-03")],
     "plan start stands in, note asks for placement start", next="2026-10-15", codes=["child.facts_missing"])
case("cla-15-cp-cla", CLA, "2026-09-04", C("CP+CLA", placement_start="2026-09-01"), [V("v1", "2026-09-03")],
     "CLA part 6 weeks; CP part not covered", next="2026-10-15", codes=["policy.plan_not_covered"])
case("cla-16-first-visit-christmas", CLA, "2026-12-30", C("CLA", placement_start="2026-12-24", plan_start="2026-12-24"), [],
     "one week is 7 calendar days: 24 Dec + 7 = 31 Dec (bank holidays irrelevant)", next="2026-12-31")

# ---------------------------------------------------------------- bad input (exit 2, one line)
def bad(id, policy, as_of, case_obj, err, note, raw=None):
    CASES.append(dict(id=id, policy=policy, as_of=as_of, case=case_obj, raw=raw,
                      expect=dict(rc=2, err=err), note=note))


bad("err-01-seen-maybe", GIR, "2026-09-10", {"child": C(), "visits": [V("v1", "2026-09-03", seen="maybe")]},
    "visits[0].seen", "enum")
bad("err-02-no-plan", GIR, "2026-09-10", {"child": {"date_of_birth": "2016-03-10"}, "visits": []}, "plan", "required")
bad("err-03-unit", GIR, "2026-09-10", {"child": C(visit_interval={"every": 2, "unit": "fortnights"}), "visits": []},
    "child.visit_interval.unit", "enum")
bad("err-04-future-visit", GIR, "2026-09-10", {"child": C(), "visits": [V("v1", "2026-09-11", "2026-09-11T17:00")]},
    "", "future-dated visit (and its record) -> exit 2 one line")
bad("err-05-future-visit-draft", GIR, "2026-09-10",
    {"child": C(), "visits": [dict(id="v1", visited_at="2026-09-12T10:00")]}, "", "future visit only")
bad("err-06-30-feb", GIR, "2026-09-10", {"child": C(dob="2016-02-30"), "visits": []}, "date_of_birth", "no such date")
bad("err-07-record-before-visit", GIR, "2026-09-10", {"child": C(), "visits": [V("v1", "2026-09-03", "2026-09-02T10:00")]},
    "visit v1", "record before visit")
bad("err-08-failed-seen", GIR, "2026-09-10", {"child": C(), "visits": [V("v1", "2026-09-03", outcome="failed")]},
    "visit v1", "failed but seen yes")
bad("err-09-malformed", GIR, "2026-09-10", None, "", "malformed JSON", raw='{"child": {"plan": "CIN"}, "visits": [')
bad("err-10-dup-id", GIR, "2026-09-10", {"child": C(), "visits": [V("v1", "2026-09-03"), V("v1", "2026-09-04")]},
    "v1", "duplicate id")
bad("err-11-unknown-policy", "no-such-policy", "2026-09-10", {"child": C(), "visits": []}, "", "unknown policy")
bad("err-12-recorded-after-asof", GIR, "2026-09-05", {"child": C(), "visits": [V("v1", "2026-09-03", "2026-09-06T10:00")]},
    "recorded_at", "record after as-of")
bad("err-13-visit-before-dob", GIR, "2026-09-10", {"child": C(dob="2026-09-05"), "visits": [V("v1", "2026-09-03")]},
    "visit v1", "visit before birth")
bad("err-14-every-zero", GIR, "2026-09-10", {"child": C(visit_interval={"every": 0, "unit": "weeks"}), "visits": []},
    "child.visit_interval.every", "minimum 1")
bad("err-15-future-meeting-held", LEI, "2026-09-10",
    {"child": C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-20"}]), "visits": []},
    "meeting m1", "future meeting not marked held:false")
bad("err-16-holiday-backwards", VP, "2026-09-10",
    {"child": C(holidays=[{"start": "2026-10-30", "end": "2026-10-19"}]), "visits": []}, "holidays[0]", "end before start")
bad("err-17-location-car", GIR, "2026-09-10",
    {"child": C(), "visits": [V("v1", "2026-09-03"), V("v2", "2026-09-04", location="car")]}, "visits[1].location", "enum")
bad("err-18-cancelled-seen", VP, "2026-09-10", {"child": C(), "visits": [V("v1", "2026-09-03", outcome="cancelled")]},
    "visit v1", "cancelled but seen")
bad("err-19-bad-datetime", GIR, "2026-09-10", {"child": C(), "visits": [V("v1", "2026-09-03 25:00")]},
    "visits[0].visited_at", "hour 25")
bad("err-20-child-not-object", GIR, "2026-09-10", {"child": "CIN", "visits": []}, "child", "wrong type")

# ---------------------------------------------------------------- accepted-but-ahead
case("ok-01-future-holiday", VP, "2026-09-10", C(holidays=[{"start": "2026-12-19", "end": "2026-12-30"}]),
     [V("v1", "2026-09-03")], "a holiday may be planned ahead", next="2026-10-01")
case("ok-02-future-meeting-not-held", LEI, "2026-09-10",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-20", "held": False}]), [V("v1", "2026-09-03")],
     "a future meeting with held:false is accepted", next="2026-10-01")
case("ok-03-unknown-key-ignored", GIR, "2026-09-10", C(), [V("v1", "2026-09-03", status="returned", first_completed_at="2026-09-04T09:00")],
     "unknown keys (e.g. a returned status) are ignored", next="2026-10-01", visits={"v1": dict(statutory=True)})

# ---------------------------------------------------------------- second round: harder edges
case("x-01-gir-cin-failed-week-with-friday-bh", GIR, "2026-12-21", C(), [FAILED("v1", "2026-12-21")],
     "failed Mon 21 Dec; Fri 25 BH -> last working day of that week Thu 24 Dec", visits={"v1": dict(reattempt_due="2026-12-24")})
case("x-02-gir-cin-failed-saturday", GIR, "2026-09-12", C(), [FAILED("v1", "2026-09-12T11:00")],
     "failed Sat 12 Sep: no working day left in week -> Mon 14 Sep", visits={"v1": dict(reattempt_due="2026-09-14")})
case("x-03-gir-failed-repeatedly", GIR, "2026-09-11", C(), [FAILED("v1", "2026-09-07"), FAILED("v2", "2026-09-09")],
     "000: 'Repeat or continued failed visits ... must be discussed with the Practice/Team Manager'; v1 met by v2 (took place); v2 due Fri 11 Sep",
     visits={"v2": dict(reattempt_due="2026-09-11")}, codes=["visit.failed_repeatedly"], absent=["visit.reattempt_overdue@v1"])
case("x-04-gir-cp-failed-repeatedly", GIR, "2026-09-08", C("CP"), [FAILED("v1", "2026-09-03"), FAILED("v2", "2026-09-04")],
     "003: 'Repeat or continued failed visits must be discussed'; v2 Fri 4 + 2 wd = Tue 8 Sep",
     visits={"v2": dict(reattempt_due="2026-09-08")}, codes=["visit.failed_repeatedly"])
case("x-05-gir-cin-ehe-no-weekly", GIR, "2026-09-04", C(electively_home_educated=True), [V("v1", "2026-09-03")],
     "EHE weekly is a CP rule only (003); CIN stays 4-weekly -> 1 Oct", next="2026-10-01")
case("x-06-gir-cp-joint-turns-2", GIR, "2026-10-01", C("CP", dob="2024-09-10"),
     [V("v1", "2026-09-03"), V("v2", "2026-09-17"), V("v3", "2026-09-30")],
     "turns 2 on 10 Sep, before the 4-week joint deadline 29 Sep -> no joint visit owed", absent=["joint_visit.overdue"])
case("x-07-gir-cp-joint-at-school", GIR, "2026-10-01", C("CP", dob="2025-06-01"),
     [V("v1", "2026-09-03", location="other", joint_with_health_visitor=True), V("v2", "2026-09-10"),
      V("v3", "2026-09-17"), V("v4", "2026-09-24")],
     "003: joint visit 'to see the child in his/her home environment'; one at another place does not count -> due 29 Sep, overdue",
     codes=["joint_visit.overdue"])
case("x-08-gir-cp-joint-failed", GIR, "2026-10-01", C("CP", dob="2025-06-01"),
     [FAILED("v1", "2026-09-03", joint_with_health_visitor=True), V("v2", "2026-09-04"), V("v3", "2026-09-11"),
      V("v4", "2026-09-18"), V("v5", "2026-09-25")],
     "a joint visit where the child was not seen does not count -> overdue from 30 Sep", codes=["joint_visit.overdue"])
case("x-09-gir-cp-record-on-bank-holiday", GIR, "2026-12-29", C("CP"), [V("v1", "2026-12-28T11:00", "2026-12-29T09:00")],
     "visit Mon 28 Dec (BH) -> next working day Tue 29 Dec", visits={"v1": dict(record_due="2026-12-29", recorded_late=False)})
case("x-10-gir-cp-recorded-saturday", GIR, "2026-09-07", C("CP"), [V("v1", "2026-09-04T16:00", "2026-09-05T10:00")],
     "recorded Sat before Mon deadline -> on time", visits={"v1": dict(record_due="2026-09-07", recorded_late=False)})
case("x-11-gir-cin-cancelled-same-week", GIR, "2026-09-08", C(), [CANCELLED("v1", "2026-09-08")],
     "profile: cancelled uses CIN same-working-week rule -> Fri 11 Sep", visits={"v1": dict(statutory=False, reattempt_due="2026-09-11")})
case("x-12-gir-failed-no-reason-needed", GIR, "2026-09-04", C("CP"), [FAILED("v1", "2026-09-03")],
     "child not seen: no seen-alone reason asked", absent=["seen_alone.reason_required"])
case("x-13-gir-visits-out-of-order", GIR, "2026-09-18", C("CP"), [V("v2", "2026-09-17"), V("v1", "2026-09-03")],
     "engine sorts: last statutory 17 Sep -> 1 Oct", next="2026-10-01")
case("x-14-gir-dcs-review-6-monthly", GIR, "2026-09-02", C(dcs_level="family_support", plan_start="2026-03-02", allocated_on="2026-03-02"),
     [V("v1", "2026-08-20")], "000: Family Support '6 monthly review': 2 Mar + 6 months = 2 Sep 2026 -> shown",
     next="2026-10-01", codes=["plan.review_due"])
case("x-15-gir-cp-ehe-under1", GIR, "2026-09-04", C("CP", dob="2026-03-01", electively_home_educated=True), [V("v1", "2026-09-03")],
     "both weekly -> 10 Sep", next="2026-09-10")
case("x-16-gir-cp-visit-space-time", GIR, "2026-09-04", C("CP"), [dict(V("v1", "2026-09-03", "2026-09-03 17:00"), visited_at="2026-09-03 10:00")],
     "a space may stand for the T", next="2026-09-17")
case("x-17-gir-visits-null", GIR, "2026-09-04", C("CP"), None, "visits null = none: 1 Sep + 14 = 15 Sep", next="2026-09-15")
case("x-18-gir-visit-late-evening-asof", GIR, "2026-09-03", C("CP"), [V("v1", "2026-09-03T22:00", "2026-09-03T23:00")],
     "visit on the day checked, late evening, is accepted", next="2026-09-17")

case("x-20-sag-cp-home-bedroom-twice-missed", SAG, "2026-09-18", C("CP", visit_interval=IV2),
     [V("v1", "2026-09-03", bedroom_seen=False), V("v2", "2026-09-17", bedroom_seen=False)],
     "002 CP: 'at least every other visit should be at home and the bedrooms must be seen'", codes=["bedroom.overdue"])
case("x-21-sag-cin-school-alone", SAG, "2026-09-10", C(visit_interval=IV4), [V("v1", "2026-09-03", location="school", bedroom_seen=None)],
     "002 has no home-only rule for CIN; seen alone -> statutory (1 Oct)", visits={"v1": dict(statutory=True)}, next="2026-10-01")
case("x-22-sag-cp-no-interval", SAG, "2026-09-10", C("CP"), [V("v1", "2026-09-03")],
     "002 CP: 'frequency agreed at the Conference or Core Group' -> interval missing", codes=["plan.visit_interval_missing"])
case("x-23-sag-cin-4plus-never-alone", SAG, "2026-10-14", C(visit_interval=IV2), [],
     "seen alone every 6 weeks from plan start 1 Sep -> 13 Oct; 14 Oct overdue", codes=["seen_alone.overdue"])
case("x-24-sag-unborn", SAG, "2026-09-10", C(dob=None, expected_birth_date="2027-01-15", visit_interval=IV4),
     [V("v1", "2026-09-03", seen="unborn", seen_alone=None, bedroom_seen=None, seen_awake=None, attachment_observed=None)],
     "unborn: seen-alone and attachment rules do not apply -> statutory", visits={"v1": dict(statutory=True)},
     absent=["attachment.observation_required", "seen_alone.reason_required", "visit.not_statutory"])

case("x-30-vp-baby-not-alone-twice", VP, "2026-09-25", C(dob="2025-06-01"),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason="baby"), V("v2", "2026-09-24", seen_alone="no", not_seen_alone_reason="baby")],
     "I.8 gives no age; profile applies it at every age (warning)", codes=["seen_alone.overdue"])
case("x-31-vp-failed-between", VP, "2026-09-25", C(),
     [V("v1", "2026-09-03", **NOTALONE), FAILED("v2", "2026-09-10"), V("v3", "2026-09-11", **NOTALONE)],
     "failed visits neither break nor mend every-other pattern -> breach", codes=["seen_alone.overdue"])
case("x-32-vp-two-school-bedroom", VP, "2026-09-25", C(),
     [V("v1", "2026-09-03", location="school", bedroom_seen=None), V("v2", "2026-09-24", location="school", bedroom_seen=None)],
     "I.9 home environment and bedroom every other visit; two school visits -> breach", codes=["bedroom.overdue"])
case("x-33-vp-cp-unborn-10wd", VP, "2026-09-04", C("CP", dob=None, expected_birth_date="2027-01-15"),
     [V("v1", "2026-09-03", seen="unborn", seen_alone=None, bedroom_seen=None, seen_awake=None, attachment_observed=None)],
     "004 has no under-one band: unborn CP still 10 wd -> 17 Sep; awake/interaction/alone rules off for unborn",
     next="2026-09-17", visits={"v1": dict(statutory=True)},
     absent=["seen_awake.required", "attachment.observation_required", "seen_alone.reason_required"])
case("x-34-vp-cin-too-long", VP, "2026-09-04", C(visit_interval={"every": 6, "unit": "weeks", "rationale": "agreed"}),
     [V("v1", "2026-09-03")], "I.6/I.7 minimum; stays 1 Oct", next="2026-10-01", codes=["plan.visit_interval_too_long"])
case("x-35-vp-under5-asleep-statutory", VP, "2026-09-04", C(dob="2023-01-01"),
     [V("v1", "2026-09-03", seen_awake=False, seen_alone="no", not_seen_alone_reason="aged 3")],
     "I.10 'a brief observation will not be considered a successful visit'; asleep -> not statutory, re-attempt 2 wd (Mon 7 Sep)",
     visits={"v1": dict(statutory=False)})
case("x-36-vp-holiday-video-last-day", VP, "2026-10-31",
     C(holidays=[{"start": "2026-10-19", "end": "2026-10-30", "abroad": False}]),
     [V("v1", "2026-10-01"), dict(id="v2", visited_at="2026-10-30T18:00", seen="yes", seen_alone="yes", contact="video",
                                   completed=False)],
     "end day included; video on Fri 30 Oct counts; 20 wd from 30 Oct: Nov2-6(5) 9-13(10) 16-20(15) 23-27(20) -> 27 Nov",
     visits={"v2": dict(statutory=True)}, next="2026-11-27")
case("x-37-vp-cancelled-then-failed", VP, "2026-09-08", C(), [CANCELLED("v1", "2026-09-03"), FAILED("v2", "2026-09-04")],
     "a failed attempt on Fri 4 took place -> meets v1; v2 due Fri4 + 2 wd = Tue 8 Sep", visits={"v2": dict(reattempt_due="2026-09-08")},
     absent=["visit.reattempt_overdue@v1"])

case("x-40-lei-first-visit-school", LEI, "2026-09-09", C(), [V("v1", "2026-09-03", location="school")],
     "first visit must count (at home) -> by 8 Sep none at home -> overdue (engine); seed 'Visiting within 5 days of allocation, and once every 20 working days at home' is ambiguous",
     codes=["first_visit.overdue"])
case("x-41-lei-no-allocation", LEI, "2026-09-09", C(allocated_on=None), [],
     "first visit counted from allocation; date missing -> asked", codes=["child.facts_missing"])
case("x-42-lei-never-alone", LEI, "2026-11-30", C(),
     [V("v1", "2026-09-03", **NOTALONE), V("v2", "2026-09-30", **NOTALONE), V("v3", "2026-10-28", **NOTALONE), V("v4", "2026-11-25", **NOTALONE)],
     "001 point 7: 'on their own, subject to their age - this will be set out in the plan' - no number to enforce",
     absent=["seen_alone.overdue"])
case("x-43-lei-review-resets-progress", LEI, "2026-11-17",
     C(meetings=[{"id": "m1", "kind": "progress", "date": "2026-09-08", "notes_circulated_on": "2026-09-10"},
                 {"id": "r1", "kind": "review", "date": "2026-10-06", "notes_circulated_on": "2026-10-08"}]),
     [V("v1", "2026-11-12")], "review 6 Oct + 42 = 17 Nov: on time on 17 Nov", absent=["meeting.progress_overdue"])
case("x-44-lei-72h-dst", LEI, "2026-10-28", C(), [V("v1", "2026-10-24T15:00", "2026-10-27T14:30")],
     "clocks go back Sun 25 Oct 2026: 72 elapsed hours end 27 Oct 14:00 BST->GMT; naive local time gives 15:00. Engine expected 15:00 (local time, no zone)",
     visits={"v1": dict(record_due="2026-10-27T15:00")})
case("x-45-lei-review-notice", LEI, "2026-12-01", C(), [V("v1", "2026-11-26")],
     "review at 16 weeks (22 Dec) is within notice: info expected (coming up)", codes=["plan.review_due"])
case("x-46-lei-scotland-first-visit", LEI, "2026-11-25", C(region="scotland", plan_start="2026-11-25", allocated_on="2026-11-25"), [],
     "Scotland: Wed 25 Nov: 26(1) 27(2) [Mon 30 Nov St Andrew] Dec1(3) 2(4) 3(5) -> 3 Dec", next="2026-12-03")
case("x-47-lei-notes-christmas", LEI, "2026-12-31",
     C(plan_start="2026-12-01", allocated_on="2026-12-01",
       meetings=[{"id": "m1", "kind": "progress", "date": "2026-12-22", "notes_circulated_on": "2026-12-31"}]),
     [V("v1", "2026-12-02")],
     "notes 5 wd from Tue 22 Dec: 23(1) 24(2) 29(3) 30(4) 31(5) -> on time", absent=["meeting.notes_late"])

case("x-50-cla-school", CLA, "2026-09-04", CL(), [V("v1", "2026-09-03", location="school", bedroom_seen=None)],
     "reg 28(1) 'visits C ... wherever C is living' read as 'where C lives' -> school visit not counted (engine); ambiguous",
     visits={"v1": dict(statutory=False)})
case("x-51-cla-inappropriate", CLA, "2026-09-04", CL(),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason=None, not_seen_alone_category="inappropriate")],
     "reg 29 exception", absent=["seen_alone.reason_required"])
case("x-52-cla-not-possible", CLA, "2026-09-04", CL(),
     [V("v1", "2026-09-03", seen_alone="no", not_seen_alone_reason=None, not_seen_alone_category="not_possible")],
     "reg 29 'is unable to do so'", absent=["seen_alone.reason_required"])
case("x-53-cla-reg24-after-review-boundary", CLA, "2026-09-30", CL(regulation_24=True, first_review_date="2026-09-14"),
     [V("v1", "2026-09-10")],
     "visit 10 Sep (before review 14 Sep); weekly deadline 17 Sep falls after review -> 4-weekly in force -> 8 Oct (engine's phase rule)",
     next="2026-10-08")
case("x-54-cla-first-year-6wk-chain", CLA, "2026-11-20", CL(), [V("v1", "2026-09-03"), V("v2", "2026-10-15")],
     "15 Oct + 42 = 26 Nov", next="2026-11-26")

# ---------------------------------------------------------------- third round
case("y-01-sag-cp-cla-min", SAG, "2026-09-04",
     C("CP+CLA", visit_interval=IV2, placement_start="2026-09-01", first_review_date="2026-09-29"), [V("v1", "2026-09-03")],
     "002: CP visits remain until first review; CLA next in 6 weeks; earliest: CP 2-weekly 17 Sep", next="2026-09-17")
case("y-02-gir-cp-cancelled-record-due", GIR, "2026-09-04", C("CP"), [CANCELLED("v1", "2026-09-03", recorded_at="2026-09-04T09:00")],
     "cancelled visit keeps the 1 wd recording deadline: Fri 4 Sep", visits={"v1": dict(record_due="2026-09-04", recorded_late=False)})
case("y-03-gir-cp-draft-no-facts-clears-nothing", GIR, "2026-09-18", C("CP"),
     [V("v1", "2026-09-03"), dict(id="v2", visited_at="2026-09-16T10:00", completed=False)],
     "v2 has no visit facts: does not count; due 17 Sep from v1; 18 Sep overdue", next="2026-09-17", overdue=True,
     visits={"v2": dict(statutory=False)})
case("y-04-vp-cp-cla", VP, "2026-09-04", C("CP+CLA", placement_start="2026-09-01"), [V("v1", "2026-09-03")],
     "004 covers CP part: 10 wd 17 Sep; CLA part not covered", next="2026-09-17", codes=["policy.plan_not_covered"])
case("y-05-gir-cp-joint-home-ok", GIR, "2026-10-01", C("CP", dob="2025-06-01"),
     [V("v1", "2026-09-03", joint_with_health_visitor=True), V("v2", "2026-09-10"), V("v3", "2026-09-17"), V("v4", "2026-09-24")],
     "joint at home 3 Sep -> next joint 1 Oct; not overdue on 1 Oct", absent=["joint_visit.overdue"])
bad("y-06-gir-cin-unborn-after-birth", GIR, "2026-09-10",
    {"child": C(dob="2026-08-01"), "visits": [V("v1", "2026-09-03", seen="unborn", seen_alone=None, bedroom_seen=None)]},
    "visit v1", "a visit recorded 'unborn' after the date of birth contradicts the facts -> refused")
case("y-07-sag-reg24-cp-interval-not-too-long", SAG, "2026-09-04",
     C("CP+CLA", visit_interval=IV2, regulation_24=True, placement_start="2026-09-01", first_review_date="2026-09-29"),
     [V("v1", "2026-09-03")],
     "002 CP->CLA: CP visits 'in accordance with the CP visiting schedule' AND reg 24 weekly CLA visits are two schedules; the conference's fortnightly CP interval is not 'longer than allowed'",
     next="2026-09-10", absent=["plan.visit_interval_too_long"])
