"""Import a register's file from a page: the file is kept privately and imported in the background
by `congan worker`, as its user and inside their area (congan.org.jobs, project.tasks)."""

from __future__ import annotations

import os
import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from congan.org import jobs, jurisdiction
from congan.org.models import JobKind
from congan.project.discovery import registered_importers
from congan.project.tasks import import_file

#: The registers in words, in the order of the review (the CLI's names are the contract's).
REGISTERS = {
    "residents": pgettext_lazy("register", "Residents"),
    "id_cards": pgettext_lazy("register", "ID-card applications"),
    "cases": pgettext_lazy("register", "Criminal cases"),
    "suspects": pgettext_lazy("register", "Suspects of cases"),
    "traffic": pgettext_lazy("register", "Traffic accidents"),
    "weapons": pgettext_lazy("register", "Weapons handed in"),
    "wanted": pgettext_lazy("register", "Wanted persons"),
}
SUFFIXES = (".csv", ".xlsx")


class ImportForm(forms.Form):
    register = forms.ChoiceField(label=_("Register"))
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
    sheet = forms.CharField(label=_("Sheet (for a workbook with data on several sheets)"), required=False,
                            max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = registered_importers()
        self.fields["register"].choices = [(k, v) for k, v in REGISTERS.items() if k in known]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = os.path.splitext(upload.name)[1].lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(gettext("The file must be a .csv or .xlsx file."))
        limit = settings.CONGAN_UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(gettext("The file is larger than %(mb)s MB.") % {"mb": limit})
        if upload.size == 0:
            raise forms.ValidationError(gettext("The file is empty."))
        return upload


def _keep(upload) -> str:
    """Write the upload into the private jobs directory (0600); the name the task reads it by."""
    name = f"upload-{uuid.uuid4().hex}{os.path.splitext(upload.name)[1].lower()}"
    fd = os.open(jobs.jobs_dir() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name


@login_required
def import_page(request):
    jurisdiction.require_edit(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        register = form.cleaned_data["register"]
        upload = form.cleaned_data["file"]
        name = _keep(upload)
        job = jobs.enqueue(import_file, kind=JobKind.IMPORT, user=request.user,
                           label=f"{REGISTERS[register]}: {upload.name}", register=register, file=name,
                           name=upload.name[-200:],
                           sheet=form.cleaned_data["sheet"],
                           language=translation.get_language())  # the job's words in the reader's language
        return redirect("org:job", pk=job.pk)
    return render(request, "project/import.html", {"form": form, "max_mb": settings.CONGAN_UPLOAD_MAX_MB})
