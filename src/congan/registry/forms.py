from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congan import idnumbers
from congan import units as unitdata
from congan.org import audit, jurisdiction, unitcodes
from congan.org.forms import DATE, PICKER_ATTRS, date_field, unit_from_code
from congan.org.models import AdminUnit, PoliceUnit
from congan.org.versioning import VersionedForm
from congan.registry import idtext, search
from congan.registry.models import HEAD, CardStep, IdentityDocument, Person, PlaceKind, birth_parts
from congan.registry.search import MAX_QUERY


class SearchForm(forms.Form):
    q = forms.CharField(label=_("ID number or full name"), max_length=MAX_QUERY)
    year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1880, max_value=2100)


class UnitChoiceField(forms.ModelChoiceField):
    widget = forms.Select(attrs=PICKER_ATTRS)

    def label_from_instance(self, obj: AdminUnit) -> str:
        parent = f", {obj.parent.short_name}" if obj.parent_id and obj.parent.level == unitdata.DISTRICT else ""
        return f"{obj.name}{parent} ({obj.code}, {unitcodes.era_label(obj.era)})"


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def wards_for(user):
    """The wards a user may file a resident in: those of their jurisdiction, either era."""
    return (jurisdiction.scope(AdminUnit.objects.filter(level=unitdata.WARD), user, field="id")
            .select_related("parent").order_by("era", "code"))


class ResidentForm(VersionedForm, forms.ModelForm):
    """The resident information form; partial dates: give the full date, or the year (and month)."""

    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)

    class Meta:
        model = Person
        fields = ["full_name", "date_of_birth", "birth_year", "birth_month", "sex", "id_number",
                  "ethnicity", "religion", "nationality", "hometown", "address", "unit",
                  "father_name", "mother_name", "spouse_name", "relation_to_head"]
        widgets = {"date_of_birth": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(queryset=wards_for(user), label=_("Ward of permanent residence"))
        self.fields["birth_year"].validators = []
        self.fields["sex"].required = True
        self.user = user

    def clean_id_number(self) -> str:
        raw = self.cleaned_data.get("id_number", "")
        if not raw:
            return ""
        check = idnumbers.check_id(raw)
        if not check.valid:
            raise forms.ValidationError(_("Malformed ID number: %(reason)s"), params={"reason": idtext.refusal(check)})
        return check.number

    def clean(self):
        """A full date gives the year and month; what is valid is the register's rulebook (`Person.clean`)."""
        data = super().clean()
        if "unit" in self.errors:  # a ward outside the area is not a choice: refused, and audited
            refused = AdminUnit.objects.filter(pk=_int(self.data.get(self.add_prefix("unit")))).first()
            if refused is not None and not jurisdiction.can_see_unit(self.user, refused.id):
                audit.denied(None, audit.Denial.UNIT_PARAMETER, actor=self.user, obj=refused, unit=refused.code,
                             form="unit")
        full, year, month = data.get("date_of_birth"), data.get("birth_year"), data.get("birth_month")
        if full:
            data["birth_year"], data["birth_month"] = birth_parts(full, year, month)
        return data


class CardStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=CardStep.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > date.today():
            raise forms.ValidationError(_("A step cannot be dated in the future."))
        return on


class ProgressForm(forms.Form):
    end = date_field(_("As of"), required=False)
    by = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("district", _("pre-2025 wards by district")), ("ward2025", _("as 2025 wards"))])


# --- places, identity documents, households ----------------------------------------------------

def _reason():
    return forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=1000)


def _ward_field(required=True):
    return forms.CharField(
        label=_("Ward code"), max_length=10, required=required,
        help_text=_("The official (GSO) code of the ward or commune, read in the structure valid on the date."),
        widget=forms.TextInput(attrs={"list": "ward-codes", "inputmode": "numeric"}),
    )


def _not_future(form, field, day):
    if day and day > date.today():
        form.add_error(field, _("The date cannot be in the future."))


class PlaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)
    address = forms.CharField(label=_("Address"), max_length=255)
    ward = _ward_field()
    since = date_field(_("Since"))
    until = date_field(_("Until"), required=False)
    reason = _reason()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        _not_future(self, "since", since)
        if since and until and until < since:
            self.add_error("until", _("A residence cannot end before it began."))
        if since and data.get("ward"):
            data["unit"] = unit_from_code(self, "ward", data["ward"], since, self.user, level=unitdata.WARD)
        return data


class EndPlaceForm(forms.Form):
    until = date_field(_("Until"))
    reason = _reason()

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place

    def clean_until(self):
        until = self.cleaned_data["until"]
        if self.place.since and until < self.place.since:
            raise forms.ValidationError(_("A residence cannot end before it began."))
        return until


class IssuingUnitField(forms.ModelChoiceField):
    widget = forms.Select(attrs=PICKER_ATTRS)

    def label_from_instance(self, obj: PoliceUnit) -> str:
        return obj.name


class DocumentForm(forms.Form):
    """A CCCD or CMND: a malformed number is refused; one that disagrees with the sex or year of
    birth is saved and shown with its finding."""

    number = forms.CharField(label=_("ID number (CCCD 12 digits, CMND 9 digits)"), max_length=20)
    issued_on = date_field(_("Issued on"))
    issuing_unit = IssuingUnitField(label=_("Issuing unit"), queryset=PoliceUnit.objects.none(), required=False)
    issued_by = forms.CharField(label=_("Issued by (another body)"), max_length=120, required=False,
                                help_text=_("For a body outside the city police, e.g. the national "
                                            "residence-management department."))
    current = forms.BooleanField(label=_("Make it the current ID number (the other documents become invalid)"),
                                 required=False, initial=True)
    reason = _reason()

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["issuing_unit"].queryset = (PoliceUnit.objects.filter(admin_unit__level__in=[unitdata.PROVINCE, unitdata.DISTRICT])
                                                .select_related("admin_unit"))

    def clean_number(self) -> str:
        check = idnumbers.check_id(self.cleaned_data["number"])
        if not check.valid:
            raise forms.ValidationError(_("Malformed ID number: %(reason)s"), params={"reason": idtext.refusal(check)})
        if self.person.documents.filter(number_bidx__in=search.id_number_keys(check.number)).exists():
            raise forms.ValidationError(_("This document is already on file."))
        self.kind = check.kind
        return check.number

    def clean(self):
        data = super().clean()
        trial = IdentityDocument(person=self.person, issued_on=data.get("issued_on"), issued_by=data.get("issued_by", ""))
        try:
            trial.clean()  # the document's rulebook
        except ValidationError as exc:
            for field, messages in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        if not data.get("issuing_unit") and not data.get("issued_by"):
            self.add_error("issuing_unit", _("Give the issuing unit or the body that issued it."))
        return data


class ReasonForm(forms.Form):
    reason = _reason()


class HouseholdPlaceForm(forms.Form):
    """A household book's address and ward: the ward's code read in the structure valid on `on`
    (today if empty), inside the user's area; `unit` in cleaned_data when a code was given."""

    address = forms.CharField(label=_("Address"), max_length=255)
    ward = _ward_field()
    on = date_field(_("Ward valid on"), required=False)
    reason = _reason()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        _not_future(self, "on", data.get("on"))
        if data.get("ward"):
            data["unit"] = unit_from_code(self, "ward", data["ward"], data.get("on") or date.today(), self.user,
                                          level=unitdata.WARD)
        return data


class HouseholdAddressForm(HouseholdPlaceForm):
    ward = _ward_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].help_text = _("Leave empty to keep the ward. The code is read in the structure "
                                          "valid on the date given (today if empty).")


def find_resident(user, key: str) -> Person:
    """The one resident of the user's area with this ID number or record id, or a form error."""
    key = key.strip()
    people = jurisdiction.scope(Person.objects.select_related("household"), user)
    check = idnumbers.check_id(key)
    found = list(people.filter(id_number_bidx__in=search.id_number_keys(check.number))[:2]) if check.valid else []
    found = found or list(people.filter(record_id=key)[:2])
    if not found:
        named = Person.objects.filter(id_number_bidx__in=search.id_number_keys(check.number)) if check.valid else Person.objects.none()
        jurisdiction.refuse_typed_link(user, named | Person.objects.filter(record_id=key), typed="resident")
        raise forms.ValidationError(_("No resident of your area has this ID number or record id."))
    if len(found) > 1:
        raise forms.ValidationError(_("Several residents have this ID number: give the record id."))
    return found[0]


class AddMemberForm(forms.Form):
    resident = forms.CharField(label=_("ID number or record id of the resident"), max_length=64)
    relation = forms.CharField(label=_("Relation to head"), max_length=30)
    reason = _reason()

    def __init__(self, *args, user, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.household = household

    def clean_resident(self) -> Person:
        person = find_resident(self.user, self.cleaned_data["resident"])
        if person.household_id == self.household.pk:
            raise forms.ValidationError(_("This resident is already a member of the household."))
        return person

    def clean_relation(self) -> str:
        relation = self.cleaned_data["relation"].strip()
        if relation == HEAD and self.household.head is not None:
            raise forms.ValidationError(_("The household already has a head: change the head instead."))
        return relation


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.birth_display}, {obj.relation_to_head or '—'})"


class ChangeHeadForm(forms.Form):
    new_head = MemberChoiceField(label=_("New head"), queryset=Person.objects.none())
    old_head_relation = forms.CharField(label=_("Relation of the former head to the new head"), max_length=30,
                                        required=False)
    reason = _reason()

    def __init__(self, *args, household, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.head = household.head
        # Members registered outside the user's area are not theirs to choose (nor to show).
        self.fields["new_head"].queryset = jurisdiction.scope(
            household.members.exclude(relation_to_head=HEAD), user).order_by("id")
        if self.head is not None:
            self.fields["old_head_relation"].required = True

    def clean_old_head_relation(self) -> str:
        relation = self.cleaned_data["old_head_relation"].strip()
        if relation == HEAD:
            raise forms.ValidationError(_("The household has one head."))
        return relation


class NewHouseholdForm(HouseholdPlaceForm):
    code = forms.CharField(label=_("Household number"), max_length=40)
    head = forms.CharField(label=_("ID number or record id of the head"), max_length=64)
    field_order = ["code", "head", "address", "ward", "on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].help_text = _("The date the book was opened (today if empty): it decides the "
                                        "structure the ward code is read in.")

    def clean_head(self) -> Person:
        return find_resident(self.user, self.cleaned_data["head"])


class SplitHouseholdForm(forms.Form):
    """A member founds a new household; the other members who go with them are ticked, each with
    their relation to the new head. Only members registered in the user's area are offered."""

    founder = MemberChoiceField(label=_("Member who founds the new household"), queryset=Person.objects.none())
    code = forms.CharField(label=_("Number of the new household"), max_length=40)
    address = forms.CharField(label=_("Address of the new household"), max_length=255)
    reason = _reason()

    def __init__(self, *args, household, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.candidates = list(jurisdiction.scope(household.members.exclude(relation_to_head=HEAD), user).order_by("id"))
        self.fields["founder"].queryset = Person.objects.filter(pk__in=[p.pk for p in self.candidates]).order_by("id")
        self.fields["address"].initial = household.address
        for p in self.candidates:
            self.fields[f"move_{p.pk}"] = forms.BooleanField(
                label=_("%(name)s goes too") % {"name": p.full_name}, required=False)
            self.fields[f"relation_{p.pk}"] = forms.CharField(
                label=_("Relation of %(name)s to the new head") % {"name": p.full_name}, max_length=30, required=False)

    def member_rows(self):
        return [(p, self[f"move_{p.pk}"], self[f"relation_{p.pk}"]) for p in self.candidates]

    def clean(self):
        data = super().clean()
        founder = data.get("founder")
        others = {}
        for p in self.candidates:
            if not data.get(f"move_{p.pk}") or (founder and p.pk == founder.pk):
                continue
            relation = (data.get(f"relation_{p.pk}") or "").strip()
            if not relation:
                self.add_error(f"relation_{p.pk}", _("Give the relation to the new head."))
            elif relation == HEAD:
                self.add_error(f"relation_{p.pk}", _("The household has one head."))
            others[p] = relation
        data["others"] = others
        return data
