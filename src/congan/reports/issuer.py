"""Who issues a report: the one place for a document's issuing body, its parent, number symbol,
signer's title, recipients and place, by the unit's level and era (Decree 30/2020/NĐ-CP, Annex I).

Before 1 July 2025 ward police report to the district police above them ("CÔNG AN QUẬN NINH KIỀU"
over "CÔNG AN PHƯỜNG AN HÒA"); from then on wards report to the city ("CÔNG AN THÀNH PHỐ CẦN THƠ"
over "CÔNG AN PHƯỜNG NINH KIỀU"); the city police report to the Ministry ("BỘ CÔNG AN").
The number, the signer's name and the date are the office's to fill in before download; they are
remembered per unit (`models.IssuerDetails`). The Word renderer and the report page read this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from congan import units as unitdata
from congan.org.models import AdminUnit

MINISTRY = "BỘ CÔNG AN"

# The abbreviation of an issuing body "Công an <type>" in a number symbol ("…/BC-CAP").
_SYMBOLS = {
    (unitdata.PROVINCE, "thành phố"): "CATP", (unitdata.PROVINCE, "tỉnh"): "CAT",
    (unitdata.DISTRICT, "quận"): "CAQ", (unitdata.DISTRICT, "huyện"): "CAH",
    (unitdata.DISTRICT, "thị xã"): "CATX", (unitdata.DISTRICT, "thành phố"): "CATP",
    (unitdata.WARD, "phường"): "CAP", (unitdata.WARD, "xã"): "CAX", (unitdata.WARD, "thị trấn"): "CATT",
}
_REPORT = "BC"


def _upper(text: str) -> str:
    return text.upper()


def police_name(unit: AdminUnit) -> str:
    """"Công an phường An Hòa" (for sentences and recipient lists)."""
    return f"Công an {unit.name[:1].lower()}{unit.name[1:]}"


def body_name(unit: AdminUnit) -> str:
    """"CÔNG AN PHƯỜNG AN HÒA" (the issuing body as printed in the header)."""
    return _upper(police_name(unit))


_KINDS = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "QUẬN", "HUYỆN", "PHƯỜNG", "XÃ")


def header_lines(body: str, limit: int = 22) -> tuple[str, ...]:
    """A body's name as printed in the header: on one line if short, else broken after its kind
    ("CÔNG AN THÀNH PHỐ" / "CẦN THƠ"), never inside a place name."""
    if len(body) <= limit or not body.startswith("CÔNG AN "):
        return (body,)
    rest = body[len("CÔNG AN "):]
    kind = next((k for k in _KINDS if rest.startswith(k + " ")), None)
    if kind is None:
        return (body,)
    return (f"CÔNG AN {kind}", rest[len(kind) + 1:])


def _kind(unit: AdminUnit) -> str:
    return (unit.type or unit.name.split(" ", 1)[0]).lower()


def _place(unit: AdminUnit) -> str:
    """The place name: the commune, district or city where the body sits (Decree 30 Annex I)."""
    if unit.level == unitdata.PROVINCE:
        return unit.short_name or unit.name
    short = unit.short_name or unit.name
    return unit.name if short.isdigit() else short  # "Phường 1", not "1"


@dataclass(frozen=True)
class Issuer:
    """Everything about the issuing unit a document prints, fixed by level and era."""

    unit_id: int
    parent_body: str
    body: str
    symbol: str
    signer_title: tuple[str, ...]
    recipients: tuple[str, ...]
    place: str
    level: str
    era: str

    def number_line(self, number: str = "") -> str:
        """"Số: 12/BC-CAP"; with no number, room to write it in by hand."""
        return f"Số: {number.strip() or ' ' * 8}/{self.symbol}"


def _parent(unit: AdminUnit) -> AdminUnit | None:
    """The unit whose police the unit's police answer to: a legacy ward's district, a 2025 ward's
    city, a district's city; none for the city (the Ministry)."""
    return AdminUnit.objects.filter(pk=unit.parent_id).first() if unit.parent_id else None


def issuer_for(unit: AdminUnit) -> Issuer:
    parent = _parent(unit)
    kind = _kind(unit)
    symbol = f"{_REPORT}-{_SYMBOLS.get((unit.level, kind), 'CA')}"
    if unit.level == unitdata.PROVINCE:
        parent_body = MINISTRY
        signer = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
        recipients = ("- Bộ Công an (để báo cáo);",
                      f"- Thành ủy, UBND {unit.name[:1].lower()}{unit.name[1:]} (để báo cáo);",
                      f"- Ban Giám đốc {police_name(unit)};", "- Các đơn vị nghiệp vụ;", "- Lưu: VT, PV01.")
    else:
        parent_body = body_name(parent) if parent else MINISTRY
        head = "TRƯỞNG CÔNG AN " + _upper(kind)
        signer = (head,)
        local = f"{unit.name[:1].lower()}{unit.name[1:]}"
        committee = "Quận ủy" if kind == "quận" else "Huyện ủy" if kind == "huyện" else (
            "Thị ủy" if kind == "thị xã" else "Thành ủy" if kind == "thành phố" else "Đảng ủy")
        recipients = (f"- {police_name(parent)} (để báo cáo);" if parent else "- Bộ Công an (để báo cáo);",
                      f"- {committee}, UBND {local} (để báo cáo);")
        if unit.level == unitdata.DISTRICT:
            recipients += (f"- Lãnh đạo {police_name(unit)};", "- Các đội, Công an xã, phường, thị trấn;")
        recipients += ("- Lưu: VT.",)
    return Issuer(unit_id=unit.id, parent_body=parent_body, body=body_name(unit), symbol=symbol,
                  signer_title=signer, recipients=recipients, place=_place(unit), level=unit.level,
                  era=unit.era)


@dataclass(frozen=True)
class Details:
    """What the office fills in before download: number, signer's name and date (all optional)."""

    number: str = ""
    signer_name: str = ""
    issued_on: date | None = None


def details_for(unit: AdminUnit) -> Details:
    """The number, signer and date last saved for the unit (blank if none)."""
    from congan.reports.models import IssuerDetails

    saved = IssuerDetails.objects.filter(unit=unit).first()
    if saved is None:
        return Details()
    return Details(saved.number, saved.signer_name, saved.issued_on)
