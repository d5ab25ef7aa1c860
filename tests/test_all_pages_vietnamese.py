"""Every page in Vietnamese: no English word, no raw code.

Every page of the site (the URL resolver, through the leak matrix's table of routes and its world of
records in four wards, tests/test_leak_matrix.py) is opened in Vietnamese, the default, by the first
named user who may see it (a ward or district officer for the registers, the statistics office and
city leadership for reports, the administrator for accounts, the auditor for the audit trail); each
form is also sent empty, so its errors show; the error pages (400, 403, 404, 405) are opened too.

What a user reads is checked: the text outside scripts and styles, the page's title, and the
attributes read aloud or shown (title, placeholder, aria-label, alt, a button's value). It must hold
none of a list of English words and no raw code: a dotted key (`crime.clearance_rate`,
`registry.Person`), a snake_case name (`cccd_sex_mismatch`, `detected_on`), a timestamp as a machine
writes it (`2026-12-01T18:52`, `2026-12-01 18:52:05+00:00`, `UTC`), an ISO date (`2024-04-01`: dates
read dd/mm/yyyy), or a year or a unit code grouped like a count (`2.024`, `31.120`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_leak_matrix import (  # noqa: F401 (fixtures)
    EXCLUDED,
    ROUTES,
    Variant,
    _canary,
    _excluded,
    _query,
    _url,
    clients,
    world,
)

#: Who opens a page: the first of these who may see it (and is answered 200).
VIEWERS = ("ninhkieu", "anhoa", "thongke", "lanhdao", "quantri", "kiemtra", "chauvanliem", "xuankhanh",
           "ninhkieu2025", "nhaplieu")

#: English words a Vietnamese page must not show (whole words, case as written). Words that are
#: also Vietnamese without their marks or names of places are left out ("An", "Long", "can", "in",
#: "do", "to", "Cho"); so are the language's own name in the language menu ("English") and acronyms
#: used in Vietnamese (CCCD, CMND, ID, PDF, Excel, Word, CSV, JSON, API).
ENGLISH = {
    # buttons, links, navigation
    "Search", "Save", "Cancel", "Next", "Previous", "Page", "Select", "Download", "Edit", "Delete",
    "Export", "Print", "Filter", "Submit", "Home", "Logout", "Login", "Sign", "Back", "Add", "New",
    "View", "Show", "Details", "Close", "Confirm", "Undo", "Verify", "Apply", "Reset", "Clear",
    # headings and labels
    "Unit", "Units", "Date", "Name", "Status", "Total", "Type", "Number", "Address", "Action",
    "History", "Change", "Changes", "User", "Users", "Password", "Username", "Report", "Reports",
    "Case", "Cases", "Accident", "Accidents", "Wanted", "Household", "Households", "Person",
    "Resident", "Residents", "Period", "Year", "Month", "Rate", "Target", "Count", "Records",
    "Record", "Summary", "Note", "Reason", "Role", "Audit", "Language", "Dashboard", "Settings",
    # values
    "Open", "Closed", "Pending", "Yes", "No", "None", "True", "False", "Unknown", "Other", "Male",
    "Female", "Active", "Inactive", "Error", "Warning", "Success", "legacy", "current",
    # sentences of messages, errors and findings
    "the", "and", "of", "is", "are", "not", "this", "that", "field", "with", "from", "for", "you",
    "your", "Enter", "enter", "valid", "must", "has", "have", "expected", "says", "record", "required",
    "Ensure", "ensure", "value", "Please", "invalid", "digits", "characters", "already", "exists",
    "least", "most", "than", "should", "cannot", "does", "found", "missing", "empty",
    # audit actions as codes, times
    "login", "logout", "view", "denied", "create", "update", "delete", "merge", "unmerge", "export",
    "ago", "hours", "minutes", "days", "today", "Today", "Yesterday", "midnight", "noon",
    "January", "February", "March", "April", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "a.m.", "p.m.",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z.]*[A-Za-z.]|[A-Za-z]")

RAW_CODES = {
    # (a file's name, as a clerk uploaded it, is not a key)
    "a dotted key": re.compile(r"\b[a-z][a-z0-9_]*\.(?!(?:csv|xlsx|docx|json|pdf)\b)[A-Za-z_][A-Za-z0-9_]+\b"),
    "a snake_case name": re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b"),
    "a machine timestamp": re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{2}:\d{2}:\d{2}[+-]\d{2}:?\d{2}|\bUTC\b"),
    "an ISO date": re.compile(r"(?<![\d/-])\d{4}-\d{2}-\d{2}(?![\d-])"),
    "a year grouped like a count": re.compile(r"(?<![\d.,])(?:1[.,]9|2[.,]0)\d\d(?![\d.,])"),
}


#: A number grouped like a count where a program reads it: a link, a form's hidden value, an id.
GROUPED_IN_CODE = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d.,])")
CODE_ATTRIBUTES = ("href", "action", "id", "name", "for")


class _Reader(HTMLParser):
    """What a user reads: text outside scripts and styles, and the attributes shown or spoken; and
    apart, the attributes a program reads (`codes`)."""

    SHOWN = ("title", "placeholder", "aria-label", "alt")
    UNSEEN = ("script", "style", "template", "metadata")  # an SVG chart's metadata names its maker

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.codes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.UNSEEN:
            self._hidden += 1
        a = dict(attrs)
        self.parts += [a[k] for k in self.SHOWN if a.get(k)]
        self.codes += [v for k, v in attrs if v and (k in CODE_ATTRIBUTES or k.startswith("data-"))]
        if tag == "input" and a.get("type") == "hidden" and a.get("value"):
            self.codes.append(a["value"])
        if tag == "input" and a.get("type") in ("submit", "button", "reset") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in self.UNSEEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    return [" ".join(p.split()) for p in reader.parts]


def findings(html: str) -> list[tuple[str, str, str]]:
    """(what, the word or code, the text it stands in) for each English word and raw code."""
    reader = _Reader()
    reader.feed(html)
    found = [("a number grouped where a program reads it", m.group(0), code)
             for code in reader.codes for m in GROUPED_IN_CODE.finditer(code)]
    for text in (" ".join(p.split()) for p in reader.parts):
        for word in _WORD.findall(text):
            if word in ENGLISH or word.rstrip(".") in ENGLISH:
                found.append(("English", word, text))
        for what, pattern in RAW_CODES.items():
            found += [(what, m.group(0), text) for m in pattern.finditer(text)]
    return found


def problems_in(html: str) -> list[str]:
    return sorted({f"{what} {code!r} in {text[:160]!r}" for what, code, text in findings(html)})


# --- the walk ---------------------------------------------------------------------------------------

#: Pages not opened, with the reason.
NOT_PAGES = {
    "api:openapi-json": "the API's schema (JSON for programs, in English by design)",
    "api:openapi-view": "the API's documentation page (Swagger UI, for programmers)",
    "reports:filed_download": "a filed report's file: JSON (its Word and Excel are documents, not pages)",
}


@dataclass
class Walk:
    pages: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)


def _site_routes() -> list[str]:
    return sorted(r for r in ROUTES if not r.startswith(("GET ", "POST ", "PATCH ")) and not _excluded(r))


def _open(route_name: str, variant: Variant, signed_in, walk: Walk, seen: set) -> bool:
    url = _url(route_name, variant) + _query(variant)
    if url in seen:
        return True
    for username in VIEWERS:
        if not variant.allowed(username) or (ROUTES[route_name].users and username not in ROUTES[route_name].users):
            continue
        _user, client = signed_in[username]
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen.add(url)
        content_type = response.headers.get("Content-Type", "")
        if "text/html" not in content_type:
            return True
        body = b"".join(response.streaming_content) if response.streaming else response.content
        walk.pages.append(f"{url} as {username}")
        if found := problems_in(body.decode()):
            walk.problems[f"GET {url} as {username}"] = found
        if ROUTES[route_name].post and b"<form" in body and b'method="post"' in body:
            _send_empty(url, username, client, walk)
        return True
    return False


def _open_url(url: str, signed_in, walk: Walk, seen: set) -> None:
    seen.discard(url)
    for username in VIEWERS:
        _user, client = signed_in[username]
        response = client.get(url)
        if response.status_code == 200:
            walk.pages.append(f"{url} as {username}")
            if found := problems_in(response.content.decode()):
                walk.problems[f"GET {url} as {username}"] = found
            return
    raise AssertionError(f"no one could open {url}")


def _send_empty(url: str, username: str, client, walk: Walk) -> None:
    """The page's form sent empty: its errors, in Vietnamese."""
    response = client.post(url, {})
    if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
        return
    walk.forms.append(f"{url} as {username}")
    if found := problems_in(response.content.decode()):
        walk.problems[f"POST {url} (empty) as {username}"] = found


def _wrong_data(records, signed_in, walk: Walk) -> None:
    """Forms sent with what a hand gets wrong (an ID number one digit short, a date in the future,
    an unknown unit code), and the sign-in page with a wrong password: their errors in Vietnamese."""
    from tests.test_leak_matrix import case_data, resident_data, wanted_data

    a = records.wards["A"]
    anhoa = signed_in["anhoa"][1]
    for url, data in (
        (reverse("registry:person_add"), {**resident_data(records, Variant("ward A", {})), "id_number": "09206171234",
                                          "date_of_birth": "2999-01-01"}),
        (reverse("registry:document_add", args=[a.person.pk]), {"number": "0920617X0001", "issued_on": "2999-01-01",
                                                                "issued_by": "", "reason": ""}),
        (reverse("cases:create"), {**case_data(records, Variant("ward A", {})), "unit_code": "99999",
                                   "detected_on": "1800-01-01"}),
        (reverse("campaigns:wanted_create"), {**wanted_data(records, Variant("ward A", {})), "year_of_birth": "abc"}),
    ):
        response = anhoa.post(url, data)
        assert response.status_code == 200 and b"errorlist" in response.content, (url, response.status_code)
        walk.forms.append(f"{url} (wrong data) as anhoa")
        if found := problems_in(response.content.decode()):
            walk.problems[f"POST {url} (wrong data) as anhoa"] = found
    visitor = Client()
    for response in (visitor.get(reverse("login")),
                     visitor.post(reverse("login"), {"username": "anhoa", "password": "sai-mat-khau"})):
        walk.pages.append(f"{reverse('login')} ({response.request['REQUEST_METHOD']})")
        if found := problems_in(response.content.decode()):
            walk.problems[f"the sign-in page ({response.request['REQUEST_METHOD']})"] = found


def _error_pages(records, signed_in, walk: Walk) -> None:
    _user, officer = signed_in["anhoa"]
    _user, auditor = signed_in["kiemtra"]
    outside = reverse("registry:person", kwargs={"pk": records.wards["B"].person.pk})
    for name, client, url, status in (
        ("404", officer, "/khong-co-trang-nay/", 404),
        ("404 outside the area", officer, outside, 404),
        ("403", auditor, reverse("cases:create"), 403),
        ("405", officer, reverse("org:audit_verify"), 405),
        ("400", officer, reverse("cases:list") + "?q=%00", 400),
    ):
        response = client.get(url)
        assert response.status_code == status, (name, response.status_code)
        walk.pages.append(f"{name} {url}")
        if found := problems_in(response.content.decode()):
            walk.problems[f"the {name} page {url}"] = found


def _live_in(records, signed_in) -> list[str]:
    """The world lived in before it is looked at: each route's write by an officer of the area (a
    case edited and cleared, a suspect added, a wanted person arrested, a household split: history
    to show), and a resident whose ID number disagrees with the record (findings to show)."""
    from tests.registry.factories import PersonFactory

    PersonFactory(unit_code="31120", full_name="Trần Thị Lệch", sex="Nam", date_of_birth=date(1970, 3, 3),
                  id_number="092185000123", record_id="ZZFINDING1")
    for route_name in _site_routes():
        _canary(route_name, ROUTES[route_name], records, signed_in)
    return [reverse("registry:list") + "?findings=1", reverse("org:audit")]


@pytest.fixture(scope="module")
def walk(world, clients, django_db_blocker):  # noqa: F811 (the leak matrix's fixtures)
    records, signed_in = world, clients
    result = Walk()
    seen: set[str] = set()
    unopened = []
    with django_db_blocker.unblock():
        extra = _live_in(records, signed_in)
        for url in extra[:-1]:
            _open_url(url, signed_in, result, seen)
        for route_name in sorted(_site_routes(), key=lambda r: r == "org:audit"):  # the audit trail last
            route = ROUTES[route_name]
            pages = [v for v in route.variants(records) if v.get]
            if route_name in NOT_PAGES or not route.get or not pages:  # a write's action, not a page
                continue
            opened = [_open(route_name, v, signed_in, result, seen) for v in pages]  # every variant
            if not any(opened):
                unopened.append(route_name)
        _wrong_data(records, signed_in, result)
        _error_pages(records, signed_in, result)
        _open_url(extra[-1], signed_in, result, seen)
    result.problems["(pages no one could open)"] = unopened if unopened else []
    return result


def test_every_page_is_opened(walk, db):
    assert not walk.problems["(pages no one could open)"], walk.problems["(pages no one could open)"]
    print(f"\n{len(walk.pages)} pages, {len(walk.forms)} forms sent empty:\n" + "\n".join(walk.pages + walk.forms))


def test_no_english_and_no_raw_code(walk, db):
    found = {k: v for k, v in walk.problems.items() if v and not k.startswith("(")}
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(items) for where, items in found.items())


def test_the_reader_sees_what_a_user_reads():
    html = ('<title>Search</title><script>var Save = 1;</script><p title="Edit">ok <b>None</b></p>'
            '<input type="submit" value="Cancel"><input type="hidden" value="Delete"><button value="keep_apart">Giữ</button>'
            '<a href="?page=1.234">x</a><input type="hidden" name="year" value="2.024">'
            '<p>crime.clearance_rate cccd_sex_mismatch 2026-12-01 18:52:05+00:00 năm 2.024 ngày 01/12/2026</p>')
    found = {code for _what, code, _text in findings(html)}
    assert {"Search", "Edit", "None", "Cancel", "crime.clearance_rate", "cccd_sex_mismatch",
            "2026-12-01 18:52", "2.024", "1.234"} <= found
    assert not {"Save", "Delete", "keep_apart", "01/12/2026"} & found
    assert not problems_in("<p>Phường An Hòa, Quận Ninh Kiều: 1.234.567 nhân khẩu; mã 31120; CCCD số 092061</p>")


def _document_texts(fmt: str, body: bytes) -> list[str]:
    import io

    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body))
        return [ws.title for ws in book] + [str(v) for ws in book for row in ws.iter_rows(values_only=True)
                                            for v in row if isinstance(v, str) and not v.startswith("=")]  # not formulas
    from docx import Document

    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    headers = [p.text for s in doc.sections for p in s.header.paragraphs]
    return [p.text for p in doc.paragraphs] + cells + headers


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_report_documents_hold_no_english_and_no_raw_code(fmt, client_for, lanhdao):
    """The Word and Excel reports a leader downloads, in Vietnamese: every paragraph, cell and sheet name."""
    from django.utils.html import escape

    from tests.org.factories import unit

    response = client_for(lanhdao).get(reverse("reports:download", args=[fmt]),
                                       {"unit": unit("31120").pk, "kind": "police_year", "year": 2024})
    assert response.status_code == 200
    html = "".join(f"<p>{escape(text)}</p>" for text in _document_texts(fmt, response.content) if text.strip())
    found = problems_in(html)
    assert not found, "\n".join(found)
