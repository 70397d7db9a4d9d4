"""What a question looks like on the page, and how a posted form becomes an engine answer."""

import numpy as np
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import engine, gates
from .markdown import render_markdown
from .services import Outcome, Standing


def inline_markdown(text: str):
    html = str(render_markdown(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)


def answer_from_post(question, variant: engine.Variant, data) -> object:
    """The answer in the engine's format; raise AnswerError when a field is missing."""
    kind = question.kind
    if kind == "numeric":
        return _field(data, "value")
    if kind == "vector":
        return [_field(data, f"v{i}") for i in range(len(variant.answer))]
    if kind == "matrix":
        return [[_field(data, f"m{i}_{j}") for j in range(len(row))] for i, row in enumerate(variant.answer)]
    if kind == "single":
        return _field(data, "choice")
    if kind == "multiple":
        chosen = data.getlist("choice")
        if not chosen:
            raise engine.AnswerError(_("Choose at least one option."))
        return chosen
    if kind == "ordering":
        return [_field(data, f"pos{i}") for i in range(len(question.spec["items"]))]
    return _gates_answer(question, data)


def _field(data, name: str) -> str:
    value = (data.get(name) or "").strip()
    if not value:
        raise engine.AnswerError(_("Fill in every field."))
    return value


def _gates_answer(question, data) -> dict:
    out = {}
    for p in gates.free_perceptrons(question.spec["network"]):
        name = p["name"]
        choice = _field(data, f"gate_{name}")
        if choice == "WEIGHTS":
            weights = [engine.parse_number(_field(data, f"w_{name}_{k}")) for k in range(len(p["inputs"]))]
            out[name] = {"w": weights, "b": engine.parse_number(_field(data, f"b_{name}"))}
        else:
            out[name] = choice
    return out


def content_language(question) -> str:
    """The language the question is written in: the numbers filled into it follow it."""
    return question.quiz.module.course.language


def question_context(question, standing: Standing, outcome: Outcome | None = None, *, can_answer: bool) -> dict:
    variant = standing.variant
    params = variant.params
    language = content_language(question)
    ctx = {
        "question": question,
        "standing": standing,
        "outcome": outcome,
        "can_answer": can_answer,
        "prompt_html": render_markdown(engine.fill(question.prompt, params, language)),
        "result": outcome.result if outcome else None,
        "reveal": None,
        "explanation_html": None,
    }
    kind = question.kind
    if kind == "vector":
        ctx["cells"] = range(len(variant.answer))
    elif kind == "matrix":
        ctx["grid"] = [[f"m{i}_{j}" for j in range(len(row))] for i, row in enumerate(variant.answer)]
    elif kind in ("single", "multiple"):
        explanations = outcome.result.details.get("explanations", {}) if outcome and outcome.result else {}
        ctx["options"] = [
            {
                "key": o["key"],
                "html": inline_markdown(engine.fill(o["text"], params, language)),
                "explanation": inline_markdown(explanations[o["key"]]) if o["key"] in explanations else None,
            }
            for o in question.spec["options"]
        ]
    elif kind == "ordering":
        items = list(question.spec["items"])
        order = np.random.default_rng(variant.seed or 0).permutation(len(items))
        ctx["items"] = [{"key": items[i]["key"], "html": inline_markdown(items[i]["text"])} for i in order]
        ctx["positions"] = range(len(items))
    elif kind == "gates":
        ctx["perceptrons"] = gates.free_perceptrons(question.spec["network"])
        ctx["network"] = question.spec["network"]
        ctx["gate_names"] = gates.GATES
    solved = bool(outcome and outcome.result and outcome.result.correct)
    if standing.exhausted or solved:
        if question.explanation:
            ctx["explanation_html"] = render_markdown(engine.fill(question.explanation, params, language))
    if standing.exhausted:
        ctx["reveal"] = reveal(question, variant, language)
    return ctx


def reveal(question, variant: engine.Variant, language: str | None = None) -> dict:
    """The correct answer of ``variant``, ready for the template, its numbers as ``language`` writes them."""
    answer, kind = variant.answer, question.kind
    separator = engine.decimal_separator(language)
    if kind == "numeric":
        return {"text": engine.format_number(answer, separator)}
    if kind == "vector":
        return {"text": engine.format_value(answer, None, separator)}
    if kind == "matrix":
        return {"matrix": [[engine.format_number(v, separator) for v in row] for row in answer]}
    if kind in ("single", "multiple"):
        keys = [answer] if kind == "single" else answer
        texts = {o["key"]: o["text"] for o in question.spec["options"]}
        return {"list": [inline_markdown(engine.fill(texts[k], variant.params, language)) for k in keys]}
    if kind == "ordering":
        texts = {i["key"]: i["text"] for i in question.spec["items"]}
        return {"ordered": [inline_markdown(texts[k]) for k in answer]}
    return {"text": ", ".join(f"{name} = {gate}" for name, gate in answer.items())}
