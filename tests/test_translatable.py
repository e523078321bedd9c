"""Every sentence an editor or a viewer can read is translatable, read from the syntax tree.

A refusal or a failure is written in English where it arises and marked for translation there
(``N_`` for sentences that are stored or given to the API in English and translated when shown,
``_``/``lazy_gettext`` for text made inside a request). A literal handed on unmarked would reach
French readers in English; these tests name each one. Their French translations are checked in
tests/viewer/test_i18n.py (every msgid extracted, every msgstr filled, the .mo up to date).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "archive" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"

#: Errors whose sentence editors or viewers read (pages, flashes, the upload page, job rows),
#: with the position of the sentence among their arguments.
USER_FACING_ERRORS = {
    **dict.fromkeys(
        (
            # media_jobs: rejections and failures, stored on job rows and shown on pages
            "MediaError", "MediaRejected", "MediaTimeout", "TranscriptionFailed",
            # uploads: the upload page shows these
            "UploadRefused", "InvalidImport",
            # the editor's forms and commands
            "HighlightError", "RecordError", "TranscriptUploadError", "JobActionError",
            "LifecycleError", "PosterError", "PhotoError", "DetailsError", "TimeError",
            "ReplayUpdateError", "AccountError", "UnsupportedLanguage", "NothingToTranscribe",
            "NoPublishedMedia", "ProgrammeError", "ValidationError",
            # the search page
            "BadSearch", "ParamError",
        ),
        0,
    ),
    "TranscriptError": 2,  # (file, line, reason)
}  # fmt: skip
#: Calls whose first argument is shown as it is.
SHOWN_CALLS = {"flash"}
#: Keyword arguments that carry a sentence for users (ffmpeg's failure sentence).
SHOWN_KEYWORDS = {"failure"}
#: Where ``jsonify(error=...)`` answers a page of the site rather than the API's scripts.
PAGE_JSON_PACKAGES = ("archive/uploads/", "archive/editor/")
#: What marks a text for translation.
MARKERS = {"N_", "_", "gettext", "lazy_gettext", "_l", "ngettext"}

_SENTENCE = re.compile(r"^[A-Z][^\n]* [^\n]*[.?!]$")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


def python_files() -> Iterator[Path]:
    for package in ("archive", "media_jobs"):
        yield from sorted((ROOT / package).rglob("*.py"))


def is_marked(node: ast.expr) -> bool:
    """``N_("...")``, ``_("...")``, ``N_("...") % {...}``: a text pybabel extracts."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    return isinstance(node, ast.Call) and _name(node.func) in MARKERS


def is_bare_text(node: ast.expr) -> bool:
    """A literal (or a literal formatted in place) that no marker wraps."""
    if is_marked(node):
        return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return is_bare_text(node.left) or is_bare_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and is_bare_text(node.func.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and v.value.strip() for v in node.values)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def shown_texts(path: Path) -> Iterator[tuple[int, str, ast.expr]]:
    """(line, where, node) for every expression a user reads as it is."""
    relative = path.relative_to(ROOT).as_posix()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            position = USER_FACING_ERRORS.get(name)
            if position is not None and len(node.args) > position:
                yield node.lineno, name, node.args[position]
            if name in SHOWN_CALLS and node.args:
                yield node.lineno, name, node.args[0]
            if name == "append" and relative.startswith("archive/") and _shown_list(node.func):
                yield node.lineno, "errors.append", node.args[0]
            for keyword in node.keywords:
                if keyword.arg in SHOWN_KEYWORDS:
                    yield node.lineno, f"{keyword.arg}=", keyword.value
                if (
                    name == "jsonify"
                    and keyword.arg == "error"
                    and relative.startswith(PAGE_JSON_PACKAGES)
                ):
                    yield node.lineno, "jsonify(error=)", keyword.value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "error":
                    yield node.lineno, ".error =", node.value


def _shown_list(func: ast.expr) -> bool:
    """``problems.append(...)`` and ``form.field.errors.append(...)``: lists a page shows."""
    if not isinstance(func, ast.Attribute):
        return False
    owner = func.value
    return (isinstance(owner, ast.Name) and owner.id == "problems") or (
        isinstance(owner, ast.Attribute) and owner.attr == "errors"
    )


def test_no_sentence_reaches_a_user_unmarked() -> None:
    """Refusals, failures, flashes and form errors are marked, so French readers get French."""
    bare = [
        f"{path.relative_to(ROOT)}:{line} {where}: {ast.unparse(node)[:70]}"
        for path in python_files()
        for line, where, node in shown_texts(path)
        if is_bare_text(node)
    ]
    assert bare == [], "wrap these in N_(...) (or _() inside a request)"


def test_media_jobs_writes_no_unmarked_sentence() -> None:
    """media_jobs only speaks to users: each sentence it writes, constants included, is marked."""
    bare = []
    for path in sorted((ROOT / "media_jobs").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        marked = {
            id(argument)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _name(node.func) in MARKERS
            for argument in node.args
        }
        bare += [
            f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _SENTENCE.match(node.value)
            and id(node) not in docstrings | marked
        ]
    assert bare == []


def test_the_checker_finds_an_unmarked_refusal() -> None:
    """The checker itself: a bare literal, an f-string and a formatted literal are reported."""
    source = (
        'raise UploadRefused("No.", 400)\n'
        'raise PhotoError(f"The photo {name!r} is too big.")\n'
        'flash("Saved %s" % x)\n'
        'raise UploadRefused(N_("No."), 400)\n'
        'raise PosterError(N_("At %(t)s.") % {"t": t})\n'
        "raise DetailsError(str(err))\n"
    )
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    shown = [n for n in calls if _name(n.func) in {"UploadRefused", "PhotoError", "flash"}]
    shown += [n for n in calls if _name(n.func) in {"PosterError", "DetailsError"}]
    assert [is_bare_text(n.args[0]) for n in shown] == [True, True, True, False, False, False]


def test_each_translation_keeps_the_values_of_its_sentence() -> None:
    """A French sentence names the same values as the English one, or they would be lost."""
    with CATALOG.open("rb") as source:
        catalog = read_po(source)
    different = [
        message.id
        for message in catalog
        if isinstance(message.id, str)
        and message.string
        and sorted(_PLACEHOLDER.findall(message.id))
        != sorted(_PLACEHOLDER.findall(str(message.string)))
    ]
    assert different == []
