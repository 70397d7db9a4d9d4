import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from courseware import engine
from courseware.models import Question


class Command(BaseCommand):
    help = (
        "The quiz engine at the shell. 'quiz answer SLUG [--seed N]' prints a variant's parameters and "
        "computed answer (no seed: the fixed variant with the slides' numbers); 'quiz check SLUG ANSWER_JSON "
        "[--seed N]' grades an answer as the site does."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        answer = actions.add_parser("answer", help="print a variant and its computed answer")
        check = actions.add_parser("check", help="grade an answer given as JSON")
        for sub in (answer, check):
            sub.add_argument("slug")
        check.add_argument("answer", help="the answer as JSON: a number, a list, a key, an object for gates")
        for sub in (answer, check):
            sub.add_argument("--seed", type=int, default=None)
            sub.add_argument("--json", action="store_true", help="print one JSON object and nothing else")

    def handle(self, *args, action, slug, seed, **options):
        question = Question.objects.select_related("quiz").filter(slug=slug).first()
        if question is None:
            raise CommandError(f"no question {slug!r}")
        try:
            variant = engine.make_variant(question, question.quiz.generators_code, seed)
        except engine.QuestionError as error:
            raise CommandError(f"{slug}: {error}") from None
        if action == "answer":
            out = {"question": slug, "seed": seed, "params": variant.params, "answer": variant.answer}
        else:
            out = self._check(question, variant, options["answer"])
        self.stdout.write(jsonlib.dumps(out, ensure_ascii=False, indent=None if options["json"] else 2))

    def _check(self, question, variant, text):
        try:
            given = jsonlib.loads(text)
        except jsonlib.JSONDecodeError as error:
            raise CommandError(f"the answer is not JSON: {error}") from None
        try:
            result = engine.grade(question, variant, given)
        except engine.AnswerError as error:
            return {"question": question.slug, "correct": False, "score": 0.0, "feedback": str(error)}
        return {
            "question": question.slug,
            "correct": result.correct,
            "score": result.score,
            "feedback": result.feedback,
        }
