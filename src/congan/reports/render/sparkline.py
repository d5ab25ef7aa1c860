"""Sparklines: a small inline SVG line drawn on the server (no script, no library; the site's CSP
allows inline SVG). A missing value (a rate over nothing) breaks the line."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD = 96, 24, 2
INK = "#8a1c1c"


def points(values: list) -> list[list[tuple[float, float]]]:
    """The line's runs of (x, y) in the box, one run per stretch of values that are not None."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return []
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    runs, run = [], []
    for i, v in enumerate(values):
        if v is None:
            if run:
                runs.append(run)
            run = []
            continue
        y = HEIGHT - PAD - (float(v) - low) / span * (HEIGHT - 2 * PAD) if high != low else HEIGHT / 2
        run.append((round(PAD + i * step, 1), round(y, 1)))
    if run:
        runs.append(run)
    return runs


def svg(values: list, label: str = "") -> SafeString:
    """The sparkline of `values` (oldest first); `label` is its accessible name."""
    parts = []
    for run in points(values):
        if len(run) == 1:
            x, y = run[0]
            parts.append(format_html('<circle cx="{}" cy="{}" r="1.5" fill="{}"/>', x, y, INK))
        else:
            coords = " ".join(f"{x},{y}" for x, y in run)
            parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>',
                                     coords, INK))
        last_x, last_y = run[-1]
    if parts:
        parts.append(format_html('<circle cx="{}" cy="{}" r="2" fill="{}"/>', last_x, last_y, INK))
    return format_html('<svg class="spark" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" '
                       'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
                       label, WIDTH, HEIGHT, WIDTH, HEIGHT, label, format_html_join("", "{}", ((p,) for p in parts)))
