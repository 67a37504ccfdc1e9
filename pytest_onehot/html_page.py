"""The matrix as one self-contained HTML page: a colour grid of checks by environments.

Standard library only, everything inline (styles; no script, font or image from anywhere), so the
page reads from a file or as a CI artifact. Each cell carries its outcome, message and cause in the
page itself: in its `title` (hover) and in a `<details>` that a click opens. Every text taken from a
report is escaped.
"""
from html import escape

from pytest_onehot.matrix import (GLYPHS, causes, env_list, failure_notes, grid, last_line, layers,
                                  observation_groups, passed_run)

# (background, text) of each outcome's cells: light for what is fine, strong for what needs a look.
COLOURS = {"passed": ("#9fd5a2", "#124d17"), "failed": ("#d93025", "#ffffff"), "error": ("#7b2fa6", "#ffffff"),
           "skipped": ("#e7eaec", "#5f6b73"), "xfailed": ("#f6d26b", "#5a4100"), "xpassed": ("#f08c00", "#ffffff")}

STYLE = """
body { font: 14px/1.45 "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1b1b;
       margin: 1.2em 1.6em; background: #fff; }
h1 { font-size: 1.35em; margin: 0 0 .2em; }
h2 { font-size: 1.1em; margin: 1em 0 .4em; }
h3 { font-size: 1em; margin: .8em 0 .2em; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; }
.meta { color: #555; margin: .2em 0; }
.legend { margin: .6em 0 1em; }
.legend span { display: inline-block; margin: 0 1.1em .3em 0; }
.legend b { display: inline-block; width: 1.7em; height: 1.5em; line-height: 1.5em; margin-right: .35em;
            vertical-align: middle; text-align: center; border-radius: 3px; font-weight: normal; }
.layout { display: flex; flex-wrap: wrap; gap: 1.5em 2.5em; align-items: flex-start; }
.grid { border-collapse: separate; border-spacing: 2px; }
.grid td { min-width: 1.7em; height: 1.5em; line-height: 1.5em; padding: 0; position: relative;
           text-align: center; border-radius: 3px; font-size: 13px; }
.grid th.check { text-align: left; vertical-align: bottom; font-weight: normal; padding: 0 .6em 0 0;
                 white-space: nowrap; position: sticky; left: 0; background: #fff; z-index: 1; }
.grid th.env { vertical-align: bottom; padding: 0 0 .3em; font-weight: normal; font-size: 12px; }
.grid th.env span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.grid tr.total th, .grid tr.total td { font-size: 11px; color: #333; background: none; padding-top: .3em;
                                       vertical-align: top; }
.grid tr.total td span { writing-mode: vertical-rl; transform: rotate(180deg); }
.grid tr:hover th.check { background: #eef3f7; }
.none { background: #fff; box-shadow: inset 0 0 0 1px #c9d1d6; }
details > summary { display: block; list-style: none; cursor: pointer; }
details > summary::-webkit-details-marker { display: none; }
details[open] > summary { box-shadow: inset 0 0 0 2px #1b1b1b; border-radius: 3px; }
.pop { position: absolute; top: 100%; left: 0; z-index: 3; width: 30em; margin-top: 2px; padding: .5em .7em;
       background: #fff; color: #1b1b1b; border: 1px solid #8a99a3; border-radius: 4px;
       box-shadow: 0 3px 10px rgba(0, 0, 0, .25); text-align: left; font-size: 12.5px; line-height: 1.4; }
.right .pop { left: auto; right: 0; }
.pop .msg { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3em 0 0; }
aside { max-width: 36em; min-width: 20em; flex: 1 1 24em; }
aside ul, .failures ol { margin: .2em 0; padding-left: 1.2em; }
aside li, .failures li { margin: .15em 0; overflow-wrap: anywhere; }
.envs { color: #555; }
.failures li .why { display: block; }
""" + "".join(f".{name} {{ background: {bg}; color: {fg}; }}\n" for name, (bg, fg) in COLOURS.items())


def attr(text):
    return escape(str(text), quote=True)


def text(value):
    return escape(str(value), quote=False)


def env_title(doc):
    """The versions behind an environment's column, for its header's title."""
    env = doc.environment
    return "; ".join(f"{k} {v}" for k, v in env.items() if v and k not in ("tox_env", "key"))


def split_message(check_id, message):
    """(the check's purpose, the rest): a failure's message starts with "<check id>: <purpose>",
    which the page shows once, on the check's row, rather than in every cell."""
    first, _, rest = message.partition("\n")
    if rest and first.startswith(f"{check_id}: "):
        return first[len(check_id) + 2:], rest
    return None, message


def cell(env, check_id, entry, right):
    """One grid cell: the glyph, and outcome, cause and message in a title and a <details>."""
    if entry is None:
        return f'<td class="none" title="{attr(f"{env} · {check_id}: not in this report")}"></td>'
    outcome, cause = entry.outcome, entry.cause_id
    message = split_message(check_id, entry.message or "")[1]
    glyph = GLYPHS.get(outcome, "?")
    headline = outcome + (f" · cause {cause}" if cause else "")
    title = attr(f"{env} · {check_id}\n{headline}" + (f"\n{last_line(message)}" if message else ""))
    css = f"{outcome if outcome in GLYPHS else 'error'}{' right' if right else ''}"
    if not message and not cause:
        return f'<td class="{css}" title="{title}">{glyph}</td>'
    return (f'<td class="{css}" title="{title}"><details><summary>{glyph}</summary><div class="pop">'
            f'<b class="mono">{text(check_id)}</b> on <b>{text(env)}</b><br>{text(headline)}'
            f'<div class="msg">{text(message)}</div></div></details></td>')


def row_header(check_id, entries):
    """The check's id, with its purpose (from any failure's message) as the title."""
    purposes = (split_message(check_id, e.message or "")[0] for e in entries if e)
    purpose = next(filter(None, purposes), None)
    title = f' title="{attr(purpose)}"' if purpose else ""
    return f'<th class="check mono"{title}>{text(check_id)}</th>'


def opens_left(column, columns):
    """Whether a cell's details open to its left: in the right half of a grid wide enough that a
    30em box fits left of the cell (the check names take about 14em, a column about 2em)."""
    return column >= max(columns / 2, 9)


def grid_table(docs, envs, per_env, check_ids):
    head = "".join(f'<th class="env" title="{attr(env_title(docs[env]))}"><span>{text(env)}</span></th>'
                   for env in envs)
    rows = [f'<thead><tr><th class="check">check</th>{head}</tr></thead><tbody>']
    for check_id in check_ids:
        entries = [per_env[env].get(check_id) for env in envs]
        cells = "".join(cell(env, check_id, entry, right=opens_left(i, len(envs)))
                        for i, (env, entry) in enumerate(zip(envs, entries)))
        rows.append(f"<tr>{row_header(check_id, entries)}{cells}</tr>")
    totals = "".join(f"<td><span>{text(passed_run(docs[env]))}</span></td>" for env in envs)
    rows.append(f'<tr class="total"><th class="check">passed / run</th>{totals}</tr></tbody>')
    return '<table class="grid">' + "".join(rows) + "</table>"


def legend():
    items = "".join(f'<span><b class="{name}">{glyph}</b>{name}</span>' for name, glyph in GLYPHS.items())
    return (f'<div class="legend">{items}<span><b class="none"></b>not in the report</span>'
            '<br><span>Click a cell for its message and cause; hover shows them too.</span></div>')


def aside(docs, envs):
    """Observations (environments grouped by what they saw) and the causes the reports name."""
    parts = ["<aside>"]
    groups = observation_groups(docs, envs)
    if groups:
        parts.append("<h2>Observations</h2><p class=\"meta\">What the layer did; not verdicts.</p>")
    for key, seen in groups.items():
        items = "".join(f'<li><span class="envs">{text(env_list(names, envs))}:</span> {text(what)}</li>'
                        for what, names in seen.items())
        parts.append(f"<h3>{text(key)}</h3><ul>{items}</ul>")
    known = causes(docs)
    if known:
        items = "".join(f"<li><code>{text(cause_id)}</code>: {text(summary)}</li>"
                        for cause_id, summary in known.items())
        parts.append(f"<h2>Causes</h2><ul>{items}</ul>")
    return "".join(parts) + "</aside>"


def failures(envs, per_env, check_ids):
    """Each distinct failure once, with the environments it happened in: the grid's text, in order."""
    notes = failure_notes(envs, per_env, check_ids)
    if not notes:
        return ""
    items = "".join(
        f'<li><code>{text(check_id)}</code>' + (f' · cause <code>{text(cause)}</code>' if cause else "")
        + f' <span class="envs">on {text(env_list(names, envs))}</span><span class="why">{text(why)}</span></li>'
        for (check_id, why, cause), names in notes.items())
    return f'<section class="failures"><h2>Failures ({len(notes)} distinct)</h2><ol>{items}</ol></section>'


def render_html(docs, title="pytest-onehot matrix", notes=()):
    """The page for reports keyed by environment (as `load_reports` gives them); `notes` are
    paragraphs shown under the title."""
    envs, per_env, check_ids = grid(docs)
    counts = [e.outcome for env in envs for e in per_env[env].values()]
    summary = (f"{len(envs)} environments × {len(check_ids)} checks: "
               + ", ".join(f"{counts.count(name)} {name}" for name in GLYPHS if counts.count(name)))
    versions = sorted({str(docs[env].plugin_version) for env in envs})
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{text(title)}</h1>",
        "<p class=\"meta\">Layer " + ", ".join(f"<code>{text(layer)}</code>" for layer in layers(docs))
        + f" · {text(summary)} · reports of pytest-onehot {text(', '.join(versions))}</p>",
        *(f"<p>{text(note)}</p>" for note in notes if note),
        legend(),
        f'<div class="layout">{grid_table(docs, envs, per_env, check_ids)}{aside(docs, envs)}</div>',
        failures(envs, per_env, check_ids),
        "</body></html>",
    ]) + "\n"
