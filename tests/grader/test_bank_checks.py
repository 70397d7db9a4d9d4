"""Every numpy exercise: the reference gets full marks, and so do the student's functions alone and a
notebook that imports the given helpers; the starter fails; every mistake loses points with a message
that names the function it blames; a slide's mistake scores at most 40% and its feedback names it."""

import pytest
from django.utils import translation

from grader import engine
from grader.bank import all_slugs, load_bundle
from grader.notebook import notebook_to_source

from .conftest import SEED

KERAS = {"keras-mlp", "keras-cnn"}
SLUGS = [s for s in all_slugs() if s not in KERAS]
SLIDE_MISTAKE_CAP = 0.4


def mistakes():
    for slug in SLUGS:
        for mistake in load_bundle(slug).mistakes():
            yield pytest.param(slug, mistake, id=f"{slug}/{mistake.name}")


def test_the_bank_holds_every_exercise_of_the_course():
    # COURSE.md's table: 22 numpy exercises and two Keras ones, at least.
    assert len(SLUGS) >= 22 and KERAS <= set(all_slugs())
    for slug in SLUGS:
        assert (load_bundle(slug).path / "checks.py").is_file(), slug


@pytest.mark.parametrize("slug", SLUGS)
def test_reference_gets_full_marks_and_starter_fails(slug, zygote):
    bundle = load_bundle(slug)
    reference = engine.grade(bundle, bundle.solution_source, SEED, zygote)
    assert reference.status == engine.GRADED, reference.message
    assert reference.score == reference.max_score, [c.message for c in reference.checks if not c.passed]
    assert any(c.hidden for c in reference.checks) or slug == "xor-mlp"
    starter = engine.grade(bundle, bundle.starter, SEED, zygote)
    assert starter.score < starter.max_score


@pytest.mark.parametrize("slug", SLUGS)
def test_functions_alone_and_a_notebook_are_graded_like_the_reference(slug, zygote):
    bundle = load_bundle(slug)
    variants = bundle.variants()
    alone = variants["functions"]
    for name in bundle.given_names:
        assert f"def {name}(" not in alone, name
    notebook = notebook_to_source(variants["notebook"])
    for source in (alone, notebook):
        verdict = engine.grade(bundle, source, SEED, zygote)
        assert verdict.score == verdict.max_score, (verdict.message, [c.message for c in verdict.checks])


@pytest.mark.parametrize(("slug", "mistake"), list(mistakes()))
def test_mistake_loses_points_and_names_the_function(slug, mistake, zygote):
    bundle = load_bundle(slug)
    verdict = engine.grade(bundle, mistake.source, SEED, zygote)
    assert verdict.score < verdict.max_score
    texts = [verdict.message] + [c.message for c in verdict.checks if not c.passed]
    assert any(mistake.blames in text for text in texts), texts


@pytest.mark.parametrize(("slug", "mistake"), [p for p in mistakes() if p.values[1].slide])
def test_a_slide_mistake_scores_at_most_40_percent_and_is_named(slug, mistake, zygote):
    bundle = load_bundle(slug)
    assert mistake.says, f"{slug}/{mistake.name}: `says` must give the words that name the mistake"
    for language, words in mistake.says:
        with translation.override(language):
            verdict = engine.grade(bundle, mistake.source, SEED, zygote)
        assert verdict.score <= SLIDE_MISTAKE_CAP * verdict.max_score, (verdict.score, verdict.max_score)
        texts = " | ".join([str(verdict.message)] + [str(c.message) for c in verdict.checks if not c.passed])
        assert words.lower() in texts.lower(), (language, words, texts)
