"""Every numpy exercise: the reference gets full marks, the starter fails, every mistake loses points
with a message that names the function it blames."""

from pathlib import Path

import pytest

from grader import engine
from grader.bank import all_slugs, load_bundle

from .conftest import SEED

KERAS = {"keras-mlp", "keras-cnn"}
SLUGS = [s for s in all_slugs() if s not in KERAS]


def mistakes():
    for slug in SLUGS:
        for path in sorted((load_bundle(slug).path / "mistakes").glob("*.py")):
            yield pytest.param(slug, path, id=f"{slug}/{path.stem}")


def blamed_function(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# mistake:") and "blames:" in first, path
    return first.rsplit("blames:", 1)[1].strip()


def test_every_numpy_exercise_has_checks():
    assert len(SLUGS) == 22
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


@pytest.mark.parametrize(("slug", "path"), list(mistakes()))
def test_mistake_loses_points_and_names_the_function(slug, path, zygote):
    bundle = load_bundle(slug)
    verdict = engine.grade(bundle, path.read_text(encoding="utf-8"), SEED, zygote)
    assert verdict.score < verdict.max_score
    function = blamed_function(path)
    texts = [verdict.message] + [c.message for c in verdict.checks if not c.passed]
    assert any(function in text for text in texts), texts
