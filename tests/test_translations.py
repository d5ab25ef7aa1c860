"""The Vietnamese catalogues are complete and compiled: a new string without a translation fails here."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "congan"
CATALOGUES = sorted(SRC.glob("*/locale/vi/LC_MESSAGES/django.po"))
pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (.ci/run installs it)",
)
_ENTRY = re.compile(r'^(#, fuzzy\n)?(?:msgctxt "(.*)"\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.M)


def _entries(po: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    out = {}
    for m in _ENTRY.finditer(po.read_text(encoding="utf-8") + "\n"):
        msgid = "".join(re.findall(r'"(.*)"', m.group(3)))
        if msgid:
            out[(m.group(2) or "", msgid)] = ("".join(re.findall(r'"(.*)"', m.group(4))), bool(m.group(1)))
    return out


def test_every_app_with_pages_has_a_catalogue():
    apps_with_templates = {p.parent.name for p in SRC.glob("*/templates")}
    assert apps_with_templates <= {po.parents[3].name for po in CATALOGUES}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_catalogue_is_up_to_date_and_translated(po, tmp_path):
    app = po.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "congan", "makemessages", "-l", "vi", "--no-location", "--no-obsolete"],
        cwd=copy, check=True, capture_output=True,
    )
    fresh = _entries(copy / "locale/vi/LC_MESSAGES/django.po")
    committed = _entries(po)
    missing = sorted(k[1] for k in fresh if k not in committed)
    assert not missing, f"{po}: strings not in the catalogue (run `make messages`): {missing}"
    untranslated = sorted(k[1] for k, (msgstr, fuzzy) in committed.items() if not msgstr or fuzzy)
    assert not untranslated, f"{po}: untranslated or fuzzy: {untranslated}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parents[3].name)
def test_compiled_catalogue_matches_the_source(po, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)
    assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), f"run `make messages` for {po}"
