"""A student's progress per module, computed from the rows (read-only; changes go through services).

An exercise counts as solved when the student has a graded submission with score == max_score.
"""

from dataclasses import dataclass, field

from django.db.models import Max

from exercises.models import Exercise, Submission

from .models import Module, ModuleProgress, Question, QuestionState


@dataclass
class ModuleStatus:
    module: Module
    read: bool = False
    questions: int = 0
    answered: int = 0
    correct: int = 0
    quiz_score: float = 0.0
    quiz_max: float = 0.0
    exercises: list = field(default_factory=list)  # (Exercise or slug, best score, max score, solved)

    @property
    def exercises_solved(self) -> int:
        return sum(1 for *_rest, solved in self.exercises if solved)

    @property
    def done(self) -> bool:
        return self.read and self.answered == self.questions and self.exercises_solved == len(self.exercises)


def course_progress(user, modules: list[Module]) -> list[ModuleStatus]:
    rows = {m.pk: ModuleStatus(m) for m in modules}
    questions = Question.objects.filter(quiz__module__in=modules, is_active=True).values_list(
        "pk", "quiz__module_id", "points"
    )
    points = {}
    for pk, module_id, pts in questions:
        rows[module_id].questions += 1
        rows[module_id].quiz_max += pts
        points[pk] = (module_id, pts)
    slugs = {slug for m in modules for slug in m.exercise_slugs}
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=slugs, is_published=True)}
    results = {}
    if user.is_authenticated:
        read = ModuleProgress.objects.filter(user=user, module__in=modules, read_at__isnull=False)
        for module_id in read.values_list("module_id", flat=True):
            rows[module_id].read = True
        for state in QuestionState.objects.filter(user=user, question_id__in=points):
            module_id, pts = points[state.question_id]
            row = rows[module_id]
            row.answered += state.attempts_used > 0
            row.correct += state.correct
            row.quiz_score += state.score * pts
        results = exercise_results(user, list(exercises.values()))
    for module in modules:
        for slug in module.exercise_slugs:
            if slug in exercises:
                best, best_max, solved = results.get(slug, (None, None, False))
                rows[module.pk].exercises.append((exercises[slug], best, best_max, solved))
    return [rows[m.pk] for m in modules]


def exercise_results(user, exercises: list[Exercise]) -> dict[str, tuple]:
    """slug -> (best score, its max score, solved) over the student's graded submissions."""
    graded = Submission.objects.filter(user=user, exercise__in=exercises, status=Submission.Status.GRADED)
    out = {}
    for slug, best, best_max in (
        graded.values("exercise__slug")
        .annotate(best=Max("score"), best_max=Max("max_score"))
        .values_list("exercise__slug", "best", "best_max")
    ):
        out[slug] = (best, best_max, False)
    for sub in graded.filter(score__isnull=False, max_score__isnull=False).values_list(
        "exercise__slug", "score", "max_score"
    ):
        slug, score, max_score = sub
        if max_score and score >= max_score:
            out[slug] = (out[slug][0], out[slug][1], True)
    return out
