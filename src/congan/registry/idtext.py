"""An ID number's problems in words, in the active language.

The rules live in `congan.idnumbers` (no Django, shared with the cleansing engine, whose findings
carry English codes such as `cccd_sex_mismatch`); pages, forms and messages say the same in words.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from congan import idnumbers


def refusal(check: idnumbers.IdCheck) -> str:
    """Why `check` (idnumbers.check_id) refuses the number, as a sentence."""
    digits = check.number
    if not digits:
        return _("the number is empty")
    if not digits.isdigit():
        bad = next(c for c in digits if not c.isdigit())
        return _("it holds the character “%(char)s”, not only digits") % {"char": bad}
    if check.cccd is not None:
        info = check.cccd
        text = _("the year of birth %(year)s is in the future") % {"year": info.birth_year}
        if "century" in (check.reason or ""):  # the century itself has not begun
            text += _(" (century digit %(digit)s means %(start)s–%(end)s, a century not yet begun)") % {
                "digit": info.century_digit, "start": info.century, "end": info.century + 99}
        return text
    return _("it has %(count)s digits; a CCCD has %(cccd)s, a CMND %(cmnd)s") % {
        "count": len(digits), "cccd": idnumbers.CCCD_DIGITS, "cmnd": idnumbers.CMND_DIGITS}


def findings(number: str, sex: str | None, birth_year: int | None) -> list[str]:
    """Where the number disagrees with the record's sex or year of birth, one sentence each
    (the same findings as idnumbers.consistency_findings)."""
    if not number:
        return []
    check = idnumbers.check_id(number)
    if not check.valid:
        return [_("Malformed ID number: %(reason)s") % {"reason": refusal(check)}]
    info = check.cccd
    if info is None:
        return []
    out = []
    if sex and sex != info.sex:
        out.append(_("The number says %(number_says)s, the record says %(record_says)s.") % {
            "number_says": info.sex, "record_says": sex})
    if birth_year and birth_year != info.birth_year:
        out.append(_("The number says born in %(number_says)s, the record says %(record_says)s.") % {
            "number_says": info.birth_year, "record_says": birth_year})
    return out


def findings_text(number: str, sex: str | None, birth_year: int | None) -> str:
    return " ".join(findings(number, sex, birth_year))
