"""User administration for the administrator, inside the app: create an account, set its unit and
role, deactivate it, reset its password, lift a login lock. Every change is written to the audit
trail (which fields changed, never a password); accounts are deactivated, never deleted, since
their audited actions name them.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from congan.org import audit, jurisdiction
from congan.org.forms import PICKER_ATTRS
from congan.org.listing import paginate
from congan.org.models import PoliceUnit, Role, User
from congan.vntext import fold


def require_admin(user) -> None:
    if user.role != Role.ADMIN:
        raise PermissionDenied


def city_police_units():
    """The police units an account can belong to: those of the city this installation serves."""
    return PoliceUnit.objects.filter(admin_unit_id__in=jurisdiction.city_unit_ids()).select_related("admin_unit")


class AccountForm(forms.ModelForm):
    """An account's names, unit, role and whether it may sign in."""

    unit = forms.ModelChoiceField(queryset=PoliceUnit.objects.none(), label=_("Unit"), required=False,
                                  widget=forms.Select(attrs=PICKER_ATTRS))  # named with its era

    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "unit", "role", "is_active"]
        labels = {"last_name": _("Family and middle names"), "first_name": _("Given name"),
                  "is_active": _("May sign in")}

    def __init__(self, *args, admin: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.admin = admin
        self.fields["unit"].queryset = city_police_units().order_by("admin_unit__era", "admin_unit__level", "name")
        if self.instance.pk:
            self.fields["username"].disabled = True  # the audit trail names the account by it

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role and role != Role.AUDITOR and role != Role.ADMIN and not data.get("unit"):
            self.add_error("unit", _("An account that works with records needs a unit."))
        if self.instance.pk == self.admin.pk and (data.get("role") != Role.ADMIN or not data.get("is_active")):
            raise forms.ValidationError(_("You cannot remove your own administrator role or deactivate yourself."))
        return data


class NewAccountForm(AccountForm):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password, User(username=self.cleaned_data.get("username", "")))
        return password

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


def _locked_usernames(users) -> set[str]:
    names = [u.username for u in users]
    return set(AccessAttempt.objects.filter(username__in=names).values_list("username", flat=True))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    users = User.objects.select_related("unit__admin_unit").order_by("username")
    if q := request.GET.get("q", "").strip()[:100]:
        users = users.filter(Q(username__icontains=q) | Q(last_name__icontains=q) | Q(first_name__icontains=q))
        if not users.exists():  # names typed without diacritics
            key = fold(q)
            ids = [u.pk for u in User.objects.only("pk", "last_name", "first_name")
                   if key in fold(f"{u.last_name} {u.first_name}")]
            users = User.objects.filter(pk__in=ids).select_related("unit__admin_unit").order_by("username")
    if role := request.GET.get("role"):
        users = users.filter(role=role)
    page = paginate(request, users)
    audit.record(action=audit.Action.LIST, request=request, object_type="org.User",
                 detail={"query": q or None, "role": role or None, "ids": [u.pk for u in page]})
    return render(request, "org/user_list.html", {
        "page": page, "total": page.paginator.count, "q": q, "role": role, "roles": Role.choices,
        "locked": _locked_usernames(page),
    })


def _account_page(request: HttpRequest, form: forms.ModelForm, *, title: str) -> HttpResponse:
    creating = form.instance.pk is None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            account = form.save()
            fields = form.fields if creating else form.changed_data  # a new account: every field was set
            audit.record(action=audit.Action.CREATE if creating else audit.Action.UPDATE, request=request,
                         obj=account, detail={"fields": sorted(f for f in fields if f != "password")})
        messages.success(request, gettext("Account %(username)s saved.") % {"username": account.username})
        return redirect("org:user_edit", pk=account.pk)
    return render(request, "org/user_form.html", {"form": form, "title": title, "account": form.instance,
                                                  "locked": not creating and bool(_locked_usernames([form.instance]))})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = NewAccountForm(request.POST or None, instance=User(), admin=request.user)
    return _account_page(request, form, title=gettext("New account"))


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    form = AccountForm(request.POST or None, instance=account, admin=request.user)
    return _account_page(request, form, title=gettext("Account %(username)s") % {"username": account.username})


@login_required
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    form = SetPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(action=audit.Action.UPDATE, request=request, obj=account, detail={"fields": ["password"]})
        messages.success(request, gettext("The password of %(username)s was reset.") % {"username": account.username})
        return redirect("org:user_edit", pk=account.pk)
    return render(request, "org/user_password.html", {"form": form, "account": account})


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user)
    account = get_object_or_404(User, pk=pk)
    lifted = axes_reset(username=account.username)
    audit.record(action=audit.Action.UPDATE, request=request, obj=account, detail={"unlocked": bool(lifted)})
    messages.success(request, gettext("The sign-in lock of %(username)s was lifted.") % {"username": account.username})
    return redirect("org:user_edit", pk=account.pk)
