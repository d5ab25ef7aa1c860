"""Charts drawn on the server with matplotlib: SVG for the page, PNG for Word. No network, no CDN.

Figures are built with the object API (no pyplot state), so concurrent requests do not share one.
"""

from __future__ import annotations

import functools
import io

import matplotlib
from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from congan.reports.render import tables
from congan.reports.render import wording as w

_INK, _LAST, _BRAND, _ACCENT = "#1d2433", "#9aa3b5", "#8a1c1c", "#b8860b"
# Times New Roman as in the document around the charts; Liberation Serif (metric-compatible)
# where Times New Roman is not installed, then any serif.
# Named fonts, not the generic "serif": text resolves its family when drawn, outside this context.
SERIF = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]
FONT_RC = {"font.family": SERIF}


@functools.cache
def _register_serif_fonts() -> None:
    """Make Times New Roman / Liberation Serif known to matplotlib even when its font cache was
    built before they were installed."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    if known & {"Times New Roman", "Liberation Serif"}:
        return
    for path in font_manager.findSystemFonts():
        name = path.rsplit("/", 1)[-1].lower()
        if name.startswith(("times", "liberationserif")):
            font_manager.fontManager.addfont(path)


def _serif(make):
    """Build a chart with the serif font (text objects take the font when they are created)."""
    @functools.wraps(make)
    def build(report: dict, *args, **kwargs) -> Figure:
        _register_serif_fonts()
        with matplotlib.rc_context(FONT_RC):
            return make(report, *args, **kwargs)
    return build


def _figure(width: float = 7.0, height: float = 3.0) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


@_serif
def monthly_trend(report: dict) -> Figure:
    months = report["monthly"]
    labels = [f"{m['number']}" if m["number"] else w.day(m["start"])[:5] for m in months]
    fig = _figure()
    ax = fig.add_subplot()
    x = range(len(months))
    ax.bar([i - 0.2 for i in x], [m["detected"] for m in months], 0.4, label=_("Cases detected"), color=_BRAND)
    ax.bar([i + 0.2 for i in x], [m["cleared"] for m in months], 0.4, label=_("Cases cleared"), color=_ACCENT)
    ax.plot(list(x), [m["accidents"] for m in months], marker="o", color=_INK, label=_("Traffic accidents"))
    ax.set_xticks(list(x), labels)
    ax.set_xlabel(_("Month"))
    ax.set_title(title("monthly", report))
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_serif
def this_vs_last(report: dict) -> Figure:
    c, tr = report["crime"], report["traffic"]
    names = [_("Cases detected"), _("Cases cleared"), _("Accidents"), _("Deaths"), _("Injuries")]
    now = [c["detected"], c["cleared"], tr["accidents"], tr["deaths"], tr["injuries"]]
    last = [c["previous"]["detected"], c["previous"]["cleared"], tr["previous"]["accidents"],
            tr["previous"]["deaths"], tr["previous"]["injuries"]]
    fig = _figure()
    ax = fig.add_subplot()
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], last, 0.4, label=_("Same period last year"), color=_LAST)
    ax.bar([i + 0.2 for i in x], now, 0.4, label=_("This period"), color=_BRAND)
    ax.set_xticks(list(x), names, fontsize=8)
    ax.set_title(title("comparison", report))
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@_serif
def breakdown(report: dict, limit: int = 30) -> Figure:
    b = report["breakdown"]
    rows = [r for r in b["rows"] if r.get("structure", b["cut"]) == b["cut"]]  # one structure, as the table
    rows = sorted(rows, key=lambda r: r["detected"], reverse=True)[:limit]
    rows.reverse()
    fig = _figure(7.0, max(2.5, 0.22 * len(rows) + 1))
    ax = fig.add_subplot()
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [r["detected"] for r in rows], 0.4, label=_("Cases detected"), color=_BRAND)
    ax.barh([i - 0.2 for i in y], [r["cleared"] for r in rows], 0.4, label=_("Cases cleared"), color=_ACCENT)
    ax.set_yticks(list(y), [r["name"] for r in rows], fontsize=7)
    ax.set_title(title("breakdown", report))
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def title(name: str, report: dict) -> str:
    if name == "monthly":
        return _("Monthly trend")
    if name == "comparison":
        return _("This period against the same period last year")
    return tables.breakdown_title(report)


CHARTS = {"monthly": monthly_trend, "comparison": this_vs_last, "breakdown": breakdown}


def svg(fig: Figure) -> str:
    """Inline SVG with text kept as text (smaller, selectable, printed sharp)."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]


def png(fig: Figure, dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def all_svg(report: dict) -> dict[str, str]:
    return {name: svg(make(report)) for name, make in CHARTS.items()}
