"""The command line's own errors — no such option or command, a missing argument, a value Typer
refuses — in the language of the command line (:func:`dalan.cli.lazy.help_lang`), from the catalogue.

Click and Typer write these in English and keep what they are about on the exception (the option,
the parameter, the pydantic error that refused the value); :func:`translate` renders the same facts
with a catalogue message. The three that carry only a sentence (an unknown command, extra
arguments, no command) are recognised by Click's fixed wording; anything else is told in general
terms rather than in English."""

from __future__ import annotations

import re
from typing import Any

from dalan.messages import render, text
from dalan.refusals import refusal

try:
    from typer._click import exceptions
except ImportError:  # Typer before 0.29 raises click's own
    from click import exceptions  # type: ignore[no-redef]

#: Left-to-right marks around a Latin option name inside Persian text, so that ``--by`` keeps its
#: hyphens in front.
_LRM = "\u200e"

#: Click's sentences that name nothing else on the exception -> catalogue id of the message.
#: (A flag given a value and an option given none are both ``BadOptionUsage``, told apart by wording.)
_SENTENCES = (
    (re.compile(r"No such command (?P<name>.+)\.$"), "cli.parse.no_such_command"),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$"), "cli.parse.extra_arguments"),
    (re.compile(r"Missing command\.$"), "cli.parse.missing_command"),
)


def translate(error: Any, lang: str) -> Any:
    """``error`` (a click ``UsageError``) as a ``UsageError`` whose message comes from the catalogue
    in ``lang``; ``error`` itself when it is help shown for a bare group, or an English sentence
    this module does not know (in Persian such a sentence becomes a general one)."""
    if isinstance(error, exceptions.NoArgsIsHelpError):
        return error
    message = _message(error, lang)
    if message is None:
        if lang == "en":
            return error
        message = text("cli.parse.unknown", lang)
    return exceptions.UsageError(message, ctx=error.ctx)


def option_name(name: str, lang: str) -> str:
    """An option as the user types it, quoted and kept left-to-right inside Persian text."""
    return f"'{name}'" if lang == "en" else f"«{_LRM}{name}{_LRM}»"


def _message(error: Any, lang: str) -> str | None:
    if isinstance(error, exceptions.NoSuchOption):
        message = render("cli.parse.no_such_option", lang, option=option_name(error.option_name, lang))
        if error.possibilities:
            names = [option_name(name, lang) for name in sorted(error.possibilities)]
            message = render("cli.parse.did_you_mean", lang, message=message, options=names)
        return message
    if isinstance(error, exceptions.BadOptionUsage):  # a flag given a value, or an option none
        key = "cli.parse.takes_no_value" if "does not take" in error.message else "cli.parse.needs_value"
        return render(key, lang, option=option_name(error.option_name, lang))
    if isinstance(error, exceptions.MissingParameter):
        return _missing(error, lang)
    if isinstance(error, exceptions.BadParameter):
        return _refused(error, lang)
    if type(error) is exceptions.UsageError:
        for pattern, key in _SENTENCES:
            found = pattern.match(error.message)
            if found:
                return render(key, lang, **{k: v.strip("'\"") for k, v in found.groupdict().items()})
    return None


def _param_name(param: Any, lang: str) -> str:
    """An option by its first name (``--by``), an argument by its name in ``lang``."""
    if param.param_type_name == "option":
        return option_name(param.opts[0], lang)
    name = param.metavar or param.name
    return f"«{name}»" if lang == "fa" else f"'{name}'"


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return []
    return [str(getattr(choice, "value", choice)) for choice in descriptor.choices or ()]


def _missing(error: Any, lang: str) -> str | None:
    if error.param is None:
        return None
    key = "cli.parse.missing_option" if error.param.param_type_name == "option" else "cli.parse.missing_argument"
    message = render(key, lang, name=_param_name(error.param, lang))
    choices = _choices(error.param)
    return render("error.hint", lang, text=message, hint=render("hint.choices", lang, choices=choices)) if choices else message


def _refused(error: Any, lang: str) -> str | None:
    """A value Typer's conversion refused: the parameter, the value, and what is wrong with it."""
    if error.param is None:
        return None
    cause = error.__cause__
    details = cause.errors() if hasattr(cause, "errors") else []
    if not details:  # not pydantic's refusal: nothing to word it by
        return None
    value = details[0].get("input")
    name = _param_name(error.param, lang)
    found = refusal(details[0], _choices(error.param))
    if found is None:
        return render("cli.parse.bad_value", lang, option=name, value=str(value))
    message = render("cli.parse.refused", lang, option=name, value=str(value), problem=found.problem)
    return render("error.hint", lang, text=message, hint=found.hint)
