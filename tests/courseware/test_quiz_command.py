"""`manage.py quiz answer|check`: the slides' numbers from the fixed variants, and the same grading
as the site."""

import itertools
import json

import pytest
from django.core.management import CommandError

from .conftest import quiz_answer, quiz_check, run

pytestmark = pytest.mark.django_db

SLIDES = {
    "softmax-values": [0.67, 0.24, 0.09],
    "softmax-slides": [0.8360188, 0.11314284, 0.05083836],
    "cross-entropy-value": 4.8,
    "cross-entropy-two-models": [4.8, 1.2],
    "entropy-bits": 0.72,
    "kl-divergence-bits": 0.28,
    "kl-close": 0.04,
    "conv-feature-map": [[12, 12, 17], [10, 17, 19], [9, 6, 14]],
    "padded-conv": [[6, 17, 3], [8, 17, 13], [6, 4, 4]],
    "conv-output-size": 3,
    "avg-pooling-map": [[1.7, 1.7, 1.7], [1.0, 1.2, 1.8], [1.1, 0.8, 1.3]],
    "two-layer-forward": [0.963, -0.506],
    "adam-defaults": [0.9, 0.999, 1e-8],
    "bias-corrected-average": 11.05,
}
# How many decimals the slides print for each value above.
PRINTED_DECIMALS = {
    "softmax-values": 2,
    "cross-entropy-value": 1,
    "cross-entropy-two-models": 1,
    "entropy-bits": 2,
    "kl-divergence-bits": 2,
    "kl-close": 2,
    "avg-pooling-map": 1,
    "softmax-slides": 7,
    "bias-corrected-average": 2,
}


def _flat(value):
    if isinstance(value, list):
        return [x for v in value for x in _flat(v)]
    return [value]


@pytest.mark.parametrize("slug", sorted(SLIDES))
def test_quiz_answer_reproduces_the_slides_numbers(course, slug):
    out = quiz_answer(slug)
    assert out["question"] == slug and out["seed"] is None
    decimals = PRINTED_DECIMALS.get(slug, 3)
    got, want = _flat(out["answer"]), _flat(SLIDES[slug])
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == pytest.approx(w, abs=0.5 * 10**-decimals, rel=1e-6), (slug, got)


def test_quiz_answer_prints_the_slides_network_and_likelihoods(course):
    xor = quiz_answer("xor-gate-composition")
    assert xor["answer"] == {"A": "AND", "B": "OR", "C": "NOT"}
    assert xor["params"]["target"] == [0, 1, 1, 0]
    likely = quiz_answer("max-likelihood")
    assert likely["params"]["likelihood_1"] == pytest.approx(0.0084)
    assert likely["params"]["likelihood_2"] == pytest.approx(0.3024)
    assert likely["answer"] == "model-2"
    size = quiz_answer("conv-output-size")
    assert {k: size["params"][k] for k in "ikps"} == {"i": 5, "k": 3, "p": 1, "s": 2}


def test_quiz_answer_output_is_one_json_object(course):
    text = run("quiz", "answer", "softmax-values", "--seed", "7", "--json")
    assert text.count("\n") <= 1
    out = json.loads(text)
    assert out["seed"] == 7 and set(out) == {"question", "seed", "params", "answer"}


def test_seeded_variants_differ_and_repeat(course):
    a, b = quiz_answer("softmax-values", seed=1), quiz_answer("softmax-values", seed=2)
    assert a["params"] != b["params"]
    assert quiz_answer("softmax-values", seed=1) == a
    assert sum(a["answer"]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "slug",
    [
        "softmax-values",
        "cross-entropy-value",
        "entropy-bits",
        "kl-divergence-bits",
        "conv-feature-map",
        "avg-pooling-map",
        "activation-values",
        "gradient-step",
    ],
)
@pytest.mark.parametrize("seed", [None, 3, 11])
def test_check_accepts_the_answer_and_rejects_a_near_miss(course, slug, seed):
    answer = quiz_answer(slug, seed)["answer"]
    result = quiz_check(slug, answer, seed)
    assert (result["question"], result["correct"], result["score"]) == (slug, True, 1.0)
    miss = json.loads(json.dumps(answer))
    if isinstance(miss, list) and isinstance(miss[0], list):
        miss[1][1] += 0.06
    elif isinstance(miss, list):
        miss[0] += 0.02
    else:
        miss += 0.02
    result = quiz_check(slug, miss, seed)
    assert result["correct"] is False and result["score"] == 0


def test_check_accepts_answers_within_the_tolerance_as_printed_in_the_slides(course):
    assert quiz_check("softmax-values", [0.67, 0.24, 0.09])["correct"]
    assert quiz_check("avg-pooling-map", [[1.7, 1.7, 1.7], [1.0, 1.2, 1.8], [1.1, 0.8, 1.3]])["correct"]
    assert quiz_check("entropy-bits", 0.72)["correct"]
    assert quiz_check("entropy-bits", "0,72")["correct"]  # the pt-BR decimal comma
    assert not quiz_check("softmax-values", [0.68, 0.24, 0.09])["correct"]
    assert not quiz_check("avg-pooling-map", [[1.7, 1.7, 1.7], [1.0, 1.2, 1.8], [1.1, 0.8, 1.4]])["correct"]
    assert not quiz_check("conv-output-size", 4)["correct"]
    assert quiz_check("conv-output-size", 3)["correct"]


def test_check_numeric_tolerance_edges(course):
    assert quiz_check("cross-entropy-value", 4.78)["correct"]
    assert quiz_check("cross-entropy-value", 4.789)["correct"]
    assert not quiz_check("cross-entropy-value", 4.8)["correct"]  # 0.02 away, tolerance 0.01
    assert not quiz_check("cross-entropy-value", 4.765)["correct"]


def test_check_choice_ordering_and_multiple(course):
    assert quiz_check("max-likelihood", "model-2")["correct"]
    assert not quiz_check("max-likelihood", "model-1")["correct"]
    assert quiz_check("kl-properties", ["zero", "cross", "nonnegative"])["correct"]
    assert not quiz_check("kl-properties", ["zero", "nonnegative"])["correct"]
    assert not quiz_check("kl-properties", ["zero", "cross", "nonnegative", "symmetric"])["correct"]
    order = quiz_answer("lenet-order")["answer"]
    assert quiz_check("lenet-order", order)["correct"]
    swapped = [order[1], order[0], *order[2:]]
    assert not quiz_check("lenet-order", swapped)["correct"]
    bad = quiz_check("max-likelihood", "model-3")
    assert bad["correct"] is False and bad["score"] == 0


def _gate(name, values):
    if name == "AND":
        return int(all(values))
    if name == "OR":
        return int(any(values))
    if name == "NAND":
        return int(not all(values))
    if name == "NOR":
        return int(not any(values))
    return int(not values[0])


def _computes_xor(a, b, c):
    rows = itertools.product((0, 1), repeat=2)
    return all(_gate("AND", [_gate(c, [_gate(a, [x1, x2])]), _gate(b, [x1, x2])]) == (x1 ^ x2) for x1, x2 in rows)


def test_every_gate_composition_that_computes_xor_is_accepted_and_no_other(course):
    two_input = ["AND", "OR", "NAND", "NOR"]
    accepted = []
    for a, b, c in itertools.product(two_input, two_input, [*two_input, "NOT"]):
        result = quiz_check("xor-gate-composition", {"A": a, "B": b, "C": c})
        assert result["correct"] == _computes_xor(a, b, c), (a, b, c, result)
        if result["correct"]:
            accepted.append((a, b, c))
    assert ("AND", "OR", "NOT") in accepted and ("NAND", "OR", "AND") in accepted
    assert len(accepted) >= 4


def test_gate_composition_by_weights_is_simulated(course):
    slides = {"A": {"w": [1, 1], "b": -1.5}, "B": {"w": [1, 1], "b": -0.5}, "C": {"w": [-1], "b": 0.5}}
    assert quiz_check("xor-gate-composition", slides)["correct"]
    mixed = {"A": {"w": [2, 2], "b": -3}, "B": "OR", "C": "NOT"}
    assert quiz_check("xor-gate-composition", mixed)["correct"]
    wrong = quiz_check("xor-gate-composition", {"A": "OR", "B": "OR", "C": "NOT"})
    assert not wrong["correct"]
    assert "0 0 → 0; 0 1 → 0; 1 0 → 0; 1 1 → 0" in wrong["feedback"]  # the truth table it computes
    not_two = quiz_check("xor-gate-composition", {"A": "NOT", "B": "OR", "C": "NOT"})
    assert not not_two["correct"] and "NOT" in not_two["feedback"]


def test_unknown_question_and_bad_json_are_errors(course):
    with pytest.raises(CommandError):
        run("quiz", "answer", "no-such-question", "--json")
    with pytest.raises(CommandError):
        run("quiz", "check", "softmax-values", "[0.6,", "--json")
