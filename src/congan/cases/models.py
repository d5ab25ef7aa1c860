"""The criminal case register: one row per case detected, with its suspects.

A case carries the unit valid on the day it was detected (either era). The clear-up rate is
cases cleared ÷ cases detected in a period, so `cleared_on` and `clearing_unit` are what the
reports read; how a case was cleared is recorded as NIBRS does (offender identified, or
closed by exception such as the offender's death) so reports can count either.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from congan import vntext
from congan.cases.history import CaseChange  # noqa: F401  (a model of this app)
from congan.cases.operations import Operation, OperationStatus  # noqa: F401  (a model of this app)
from congan.org import validity
from congan.org.crypto import EncryptedTextField
from congan.org.models import AdminUnit
from congan.org.versioning import Versioned


class Severity(models.TextChoices):
    """Penal Code 2015 Art. 9, by the top of the sentencing bracket."""

    IT_NGHIEM_TRONG = "it_nghiem_trong", _("Less serious")
    NGHIEM_TRONG = "nghiem_trong", _("Serious")
    RAT_NGHIEM_TRONG = "rat_nghiem_trong", _("Very serious")
    DAC_BIET_NGHIEM_TRONG = "dac_biet_nghiem_trong", _("Especially serious")


#: "Serious" in the KPIs by default: rất nghiêm trọng + đặc biệt nghiêm trọng.
SERIOUS = (Severity.RAT_NGHIEM_TRONG, Severity.DAC_BIET_NGHIEM_TRONG)


class Category(models.TextChoices):
    DRUGS = "drugs", _("Drugs")
    ORGANIZED_CRIME = "organized_crime", _("Organised crime")
    LOAN_SHARKING = "loan_sharking", _("Loan-sharking")
    HIGH_TECH = "high_tech", _("High-tech crime")
    THEFT = "theft", _("Theft")
    FRAUD = "fraud", _("Fraud")
    ASSAULT = "assault", _("Assault")
    MURDER = "murder", _("Murder")
    ROBBERY = "robbery", _("Robbery")
    GAMBLING = "gambling", _("Gambling")
    SMUGGLING = "smuggling", _("Smuggling and trade fraud")
    CORRUPTION = "corruption", _("Corruption")
    ENVIRONMENT = "environment", _("Environmental crime")
    OTHER = "other", _("Other")


class CrimeGroup(models.TextChoices):
    """The report dimension clear-up rates are quoted by (social order is the headline one)."""

    SOCIAL_ORDER = "social_order", _("Social order")
    ECONOMIC = "economic", _("Economic")
    DRUGS = "drugs", _("Drugs")
    CORRUPTION = "corruption", _("Corruption and position")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


# Categories whose group does not depend on the article. Loan-sharking (Art. 201) sits in the
# Penal Code's economic chapter, but Vietnamese police count "tín dụng đen" under social order
# (it is investigated by the criminal police as extortion and violence); high-tech crime is
# counted by what is stolen or disrupted, overwhelmingly property, so also social order.
_GROUP_BY_CATEGORY = {
    Category.DRUGS: CrimeGroup.DRUGS,
    Category.ORGANIZED_CRIME: CrimeGroup.SOCIAL_ORDER,
    Category.LOAN_SHARKING: CrimeGroup.SOCIAL_ORDER,
    Category.HIGH_TECH: CrimeGroup.SOCIAL_ORDER,
    Category.THEFT: CrimeGroup.SOCIAL_ORDER,
    Category.FRAUD: CrimeGroup.SOCIAL_ORDER,
    Category.ASSAULT: CrimeGroup.SOCIAL_ORDER,
    Category.MURDER: CrimeGroup.SOCIAL_ORDER,
    Category.ROBBERY: CrimeGroup.SOCIAL_ORDER,
    Category.GAMBLING: CrimeGroup.SOCIAL_ORDER,
    Category.SMUGGLING: CrimeGroup.ECONOMIC,
    Category.CORRUPTION: CrimeGroup.CORRUPTION,
    Category.ENVIRONMENT: CrimeGroup.ENVIRONMENT,
}

# Penal Code 2015 chapters (first article, last article, group) for cases of category "other".
_GROUP_BY_CHAPTER = (
    (123, 187, CrimeGroup.SOCIAL_ORDER),  # XIV–XVII: life, freedom, property, family
    (188, 234, CrimeGroup.ECONOMIC),  # XVIII: economic management
    (235, 246, CrimeGroup.ENVIRONMENT),  # XIX
    (247, 259, CrimeGroup.DRUGS),  # XX
    (260, 329, CrimeGroup.SOCIAL_ORDER),  # XXI: public safety and order
    (352, 366, CrimeGroup.CORRUPTION),  # XXIII: position (corruption 353–359)
)

_ARTICLE = re.compile(r"\d+")


def article_numbers(articles: str) -> list[int]:
    """"173, 174" → [173, 174]; clauses such as "173.1" keep only the article."""
    out = []
    for part in re.split(r"[,;/]", articles or ""):
        m = _ARTICLE.search(part)
        if m:
            out.append(int(m.group()))
    return out


def crime_group_for(category: str, articles: str = "") -> str:
    """The one rule deciding a case's crime group: by category, else by the first article's chapter."""
    group = _GROUP_BY_CATEGORY.get(category)
    if group is not None:
        return group
    for number in article_numbers(articles):
        for first, last, chapter_group in _GROUP_BY_CHAPTER:
            if first <= number <= last:
                return chapter_group
        return CrimeGroup.OTHER
    return CrimeGroup.OTHER


#: The last article of the Penal Code 2015 (as amended): a higher number is no article.
LAST_ARTICLE = 426
_ARTICLES_TEXT = re.compile(r"^\s*\d{1,3}(\.\d{1,2}){0,2}\s*([,;/]\s*\d{1,3}(\.\d{1,2}){0,2}\s*)*$")

# Where the Penal Code fixes the offence of a category, the articles that define it (the first
# article of a case must be among them). Organised, high-tech and other crime are ways of
# committing offences found across the Code, so any article goes with them.
ARTICLES_OF_CATEGORY = {
    Category.MURDER: range(123, 128),  # 123 murder … 127 infanticide-type killings
    Category.ASSAULT: range(134, 141),  # 134 intentional injury … 140 torture
    Category.ROBBERY: range(168, 172),  # 168 robbery, 169 kidnapping for ransom, 170 extortion, 171 snatching
    Category.THEFT: range(172, 174),  # 172 open appropriation, 173 theft
    Category.FRAUD: range(174, 176),  # 174 fraud, 175 abuse of trust
    Category.SMUGGLING: range(188, 201),  # 188 smuggling … 200 tax evasion
    Category.LOAN_SHARKING: range(201, 202),  # 201 usury
    Category.ENVIRONMENT: range(235, 247),  # chapter XIX
    Category.DRUGS: range(247, 260),  # chapter XX
    Category.GAMBLING: range(321, 323),  # 321 gambling, 322 organising gambling
    Category.CORRUPTION: range(352, 367),  # chapter XXIII, crimes of position
}


def article_errors(articles: str, category: str) -> dict:
    """The article text is Penal Code articles ("173", "173.1", "173, 174"), each of them an
    article of the Code, one of them defining the category where the Code fixes it."""
    if not articles:
        return {}
    if not _ARTICLES_TEXT.match(articles):
        return {"articles": ValidationError(
            _("is not a list of Penal Code articles such as “173” or “173.1, 174”"), code="articles")}
    numbers = article_numbers(articles)
    wrong = [n for n in numbers if not 1 <= n <= LAST_ARTICLE]
    if wrong:
        return {"articles": ValidationError(_("article %(number)s is not in the Penal Code (1–%(last)s)"),
                                            code="articles", params={"number": wrong[0], "last": LAST_ARTICLE})}
    allowed = ARTICLES_OF_CATEGORY.get(category)
    if allowed is not None and not any(n in allowed for n in numbers):
        return {"articles": ValidationError(
            _("none of these articles defines %(category)s (Penal Code articles %(first)s–%(last)s)"),
            code="category", params={"category": Category(category).label, "first": allowed[0], "last": allowed[-1]})}
    return {}


class Status(models.TextChoices):
    DETECTED = "detected", _("Detected")
    PROSECUTED = "prosecuted", _("Prosecuted")
    CLEARED = "cleared", _("Cleared")
    SUSPENDED = "suspended", _("Suspended")
    NO_CRIME = "no_crime", _("Closed as no crime")


class ClearanceType(models.TextChoices):
    OFFENDER_IDENTIFIED = "offender_identified", _("Offender identified")
    EXCEPTIONAL = "exceptional", _("Closed by exception (e.g. offender died)")


def dates_before_detection(detected_on: date | None, **dates: date | None) -> dict[str, str]:
    """The one rule for the dates of a case and its suspects: none before the case was detected."""
    return {name: ValidationError(_("cannot be before the date the case was detected (%(date)s)"),
                                  code="order", params={"date": validity.day_text(detected_on)})
            for name, value in dates.items() if value and detected_on and value < detected_on}


class Case(Versioned):
    case_number = models.CharField(_("case number"), max_length=40, unique=True)
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("detecting unit"),
    )
    detected_on = models.DateField(_("detected on"))
    articles = models.CharField(_("Penal Code article(s)"), max_length=80, blank=True)
    severity = models.CharField(_("severity"), max_length=24, choices=Severity.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    crime_group = models.CharField(
        _("crime group"), max_length=16, choices=CrimeGroup.choices, editable=False,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DETECTED)
    prosecuted_on = models.DateField(_("prosecuted on"), null=True, blank=True)
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    clearance_type = models.CharField(
        _("how cleared"), max_length=20, choices=ClearanceType.choices, blank=True,
    )
    clearing_unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("clearing unit"),
    )
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    #: The day the case was closed as "no crime" (no sign of an offence): it then counts in no figure.
    no_crime_on = models.DateField(_("closed as no crime on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("criminal case")
        verbose_name_plural = _("criminal cases")
        ordering = ["-detected_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "detected_on"], name="case_unit_detected"),
            models.Index(fields=["unit", "cleared_on"], name="case_unit_cleared"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cleared_on__isnull=True) | models.Q(cleared_on__gte=models.F("detected_on")),
                name="case_cleared_after_detected",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """What follows from the record's own fields: NFC text, the crime group, the status (the
        furthest step dated). Save, the form, the import and the demo all call it."""
        self.summary = vntext.nfc(self.summary)
        self.crime_group = crime_group_for(self.category, self.articles)
        if self.no_crime_on:
            self.status = Status.NO_CRIME
        elif self.cleared_on:
            self.status = Status.CLEARED
        elif self.suspended_on:
            self.status = Status.SUSPENDED
        elif self.prosecuted_on:
            self.status = Status.PROSECUTED
        else:
            self.status = Status.DETECTED

    @property
    def is_serious(self) -> bool:
        return self.severity in SERIOUS

    def clean(self):
        """The case register's rulebook: the form, the import and the API call it."""
        errors = dates_before_detection(self.detected_on, **{
            name: getattr(self, name) for name in ("prosecuted_on", "cleared_on", "suspended_on", "no_crime_on")})
        if self.no_crime_on and self.cleared_on:
            errors["cleared_on"] = _("a case closed as no crime cannot be cleared: re-open it first")
        if self.cleared_on and not self.clearance_type:
            errors["clearance_type"] = ValidationError(_("say how the case was cleared"))
        if self.clearance_type and not self.cleared_on:
            errors["cleared_on"] = ValidationError(_("a case cleared needs the date it was cleared"))
        validity.raise_errors(
            validity.text_errors(self),
            validity.date_errors(self, "detected_on", "prosecuted_on", "cleared_on", "suspended_on"),
            errors,
            article_errors(self.articles, self.category),
        )

    def clearing_errors(self, on: date) -> dict:
        """What the rulebook says of clearing the case on `on` (the clear form and `clear` ask it)."""
        trial = Case(detected_on=self.detected_on, cleared_on=on)
        return {**validity.date_errors(trial, "cleared_on"),
                **dates_before_detection(self.detected_on, cleared_on=on)}

    def clear(self, *, on: date, by_unit: AdminUnit | None = None,
              how: str = ClearanceType.OFFENDER_IDENTIFIED) -> None:
        """Record the case as cleared; refuses a date the rulebook refuses (`clearing_errors`). Saves."""
        validity.raise_errors(self.clearing_errors(on))
        if how not in ClearanceType.values:
            raise ValidationError({"clearance_type": _("unknown way of clearing a case")})
        self.cleared_on = on
        self.clearance_type = how
        self.clearing_unit = by_unit or self.unit
        self.save()


class Suspect(models.Model):
    """A suspect of a case; the review counts arrests ("bắt") and accused prosecuted ("khởi tố bị can").

    `arrested_on` is the day the person was arrested or detained for the case; `prosecuted_on`
    the date of the decision to prosecute the accused (quyết định khởi tố bị can), which is not
    the decision to open the case (`Case.prosecuted_on`). Both are counted in the period they
    fall in, attributed to the case's detecting unit.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspects", verbose_name=_("case"))
    #: The suspect's number in the source system (`suspect_id` of the import); empty for a form entry.
    suspect_number = models.CharField(_("suspect number"), max_length=40, blank=True)
    full_name = EncryptedTextField(_("full name"), max_length=120)  # sealed (org/crypto.py)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("resident record"),
    )
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    arrested_on = models.DateField(_("arrested on"), null=True, blank=True)
    prosecuted_on = models.DateField(_("accused prosecuted on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("suspect")
        verbose_name_plural = _("suspects")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["arrested_on"], name="suspect_arrested_on"),
            models.Index(fields=["prosecuted_on"], name="suspect_prosecuted_on"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["suspect_number"], condition=~models.Q(suspect_number=""),
                                    name="suspect_number_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = vntext.nfc(self.full_name)
        super().save(*args, **kwargs)

    def clean(self):
        """A suspect's rulebook: the form and the import call it."""
        detected_on = self.case.detected_on if self.case_id else None
        errors = dates_before_detection(detected_on, arrested_on=self.arrested_on, prosecuted_on=self.prosecuted_on)
        latest_year = detected_on.year if detected_on else validity.today().year
        validity.raise_errors(
            validity.text_errors(self),
            validity.date_errors(self, "arrested_on", "prosecuted_on"),
            errors,
            validity.range_errors(self, {"year_of_birth": (validity.EARLIEST_BIRTH.year, latest_year)}),
        )

