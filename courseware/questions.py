"""What a question looks like on the page, and how a posted form becomes an engine answer.

The page never carries the answer before the student has it right or has no attempts left: options
and ordering items go out as opaque tokens in a shuffled order (``tokens``), a multiple choice's
option explanations wait until then (which options carry one would tell the wrong ones apart), and
the reveal and the question's explanation show only then.
"""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import engine, gates, tokens
from .markdown import render_markdown
from .models import Attempt
from .services import Outcome, Standing


def inline_markdown(text: str):
    html = str(render_markdown(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)


def answer_from_post(question, variant: engine.Variant, data, *, user, attempt: int) -> object:
    """The answer in the engine's format; raise AnswerError when a field is missing or an option's
    token is not one the page gave ``user`` for her attempt ``attempt`` (0-based)."""
    kind = question.kind
    if kind == "numeric":
        return _field(data, "value")
    if kind == "vector":
        return [_field(data, f"v{i}") for i in range(len(variant.answer))]
    if kind == "matrix":
        return [[_field(data, f"m{i}_{j}") for j in range(len(row))] for i, row in enumerate(variant.answer)]
    if kind == "single":
        return _key(question, "options", user, attempt, _field(data, "choice"))
    if kind == "multiple":
        chosen = [token for token in data.getlist("choice") if token]
        if not chosen:
            raise engine.AnswerError(_("Choose at least one option."))
        return [_key(question, "options", user, attempt, token) for token in chosen]
    if kind == "ordering":
        return [
            _key(question, "items", user, attempt, _field(data, f"pos{i}")) for i in range(len(question.spec["items"]))
        ]
    return _gates_answer(question, data)


def _key(question, entries: str, user, attempt: int, token: str) -> str:
    keys = [entry["key"] for entry in question.spec[entries]]
    key = tokens.option_key(user, question.slug, attempt, keys, token)
    if key is None:
        raise engine.AnswerError(_("This option is not one of the question's: reload the page."))
    return key


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


def question_context(question, standing: Standing, outcome: Outcome | None = None, *, can_answer: bool, user) -> dict:
    """What ``_question.html`` needs to show ``question`` to ``user`` (anonymous for a visitor)."""
    variant = standing.variant
    params = variant.params
    language = content_language(question)
    solved = bool(outcome and outcome.result and outcome.result.correct) or bool(
        standing.state and standing.state.correct
    )
    settled = standing.exhausted or solved  # from here on the answer may reach the page
    ctx = {
        "question": question,
        "standing": standing,
        "outcome": outcome,
        "can_answer": can_answer,
        "prompt_html": render_markdown(engine.fill(question.prompt, params, language)),
        "result": outcome.result if outcome else None,
        "explanations": [],
        "reveal": None,
        "explanation_html": None,
    }
    kind = question.kind
    if kind == "vector":
        ctx["cells"] = range(len(variant.answer))
    elif kind == "matrix":
        ctx["grid"] = [[f"m{i}_{j}" for j in range(len(row))] for i, row in enumerate(variant.answer)]
    elif kind in ("single", "multiple"):
        explanations = _option_explanations(question, outcome, language, settled)
        ctx["explanations"] = list(explanations.values())
        options = question.spec["options"]
        ctx["options"] = [
            {
                "token": tokens.option_token(user, question.slug, standing.number, o["key"]),
                "html": inline_markdown(engine.fill(o["text"], params, language)),
                "explanation": explanations.get(o["key"]),
            }
            for o in (options[i] for i in tokens.display_order(len(options), question.slug, variant.seed))
        ]
    elif kind == "ordering":
        items = question.spec["items"]
        ctx["items"] = [
            {
                "token": tokens.option_token(user, question.slug, standing.number, items[i]["key"]),
                "html": inline_markdown(items[i]["text"]),
            }
            for i in tokens.display_order(len(items), question.slug, variant.seed)
        ]
        ctx["positions"] = range(len(items))
    elif kind == "gates":
        ctx["perceptrons"] = gates.free_perceptrons(question.spec["network"])
        ctx["network"] = question.spec["network"]
        ctx["gate_names"] = gates.GATES
    shown = _settled_variant(question, standing, outcome) if settled else None
    if shown is not None:
        if question.explanation:
            ctx["explanation_html"] = render_markdown(engine.fill(question.explanation, shown.params, language))
        ctx["reveal"] = reveal(question, shown, language)
    return ctx


def _option_explanations(question, outcome: Outcome | None, language: str, settled: bool) -> dict:
    """The explanations of the options the student just chose, rendered, in the file's order.

    The engine gives only the chosen options' ones. In a multiple choice they still wait until the
    answer is settled: authors explain the wrong options, so which chosen ones carry an explanation
    would tell the wrong ones apart (choose them all, read which are explained)."""
    if not (outcome and outcome.result) or (question.kind == "multiple" and not settled):
        return {}
    given = outcome.result.details.get("explanations", {})
    params = outcome.attempt.params if outcome.attempt else {}
    return {
        o["key"]: inline_markdown(engine.fill(given[o["key"]], params, language))
        for o in question.spec["options"]
        if o["key"] in given
    }


def _settled_variant(question, standing: Standing, outcome: Outcome | None) -> engine.Variant | None:
    """The variant whose answer may be shown: the last one answered when the attempts are used up,
    else the one the student got right (the shown variant is already her next attempt's)."""
    if standing.exhausted:
        return standing.variant
    attempt = outcome.attempt if outcome and outcome.result and outcome.result.correct else None
    if attempt is None and standing.state is not None:
        attempt = (
            Attempt.objects.filter(user_id=standing.state.user_id, question=question, correct=True)
            .order_by("-number")
            .first()
        )
    if attempt is None:  # marked solved without a correct attempt on record (edited by hand)
        return None
    return engine.make_variant(question, question.quiz.generators_code, attempt.seed)


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
