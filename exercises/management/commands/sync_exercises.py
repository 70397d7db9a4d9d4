import hashlib

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exercises.models import Exercise
from grader import engine
from grader.bank import Bundle, BundleError, all_slugs, bank_dir, load_bundle
from grader.sandbox.client import SandboxUnavailable
from grader.worker import get_sandbox, stop_zygote

VALIDATION_SEED = 20240601


def bundle_checksum(bundle: Bundle) -> str:
    """Of the bundle's files and of the given code it draws on: a change to either revalidates it."""
    digest = hashlib.sha256()
    files = [p for p in bundle.path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    given = bundle.bank / "_given"
    if bundle.given:
        files += [p for p in given.glob("*") if p.is_file()]
    for path in sorted(files):
        digest.update(str(path.relative_to(bundle.bank)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _full_marks(verdict: engine.Verdict) -> bool:
    return verdict.status == engine.GRADED and verdict.score >= verdict.max_score


class Command(BaseCommand):
    help = (
        "Validate the exercise bank (each reference passes all its checks, each starter fails one, each "
        "mistake loses points; errors name file:line) "
        "and load it into the database. Idempotent: unchanged bundles are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these exercises (default: all)")
        parser.add_argument("--force", action="store_true", help="validate and update even unchanged bundles")

    def handle(self, *args, **options):
        slugs = options["slugs"] or all_slugs()
        existing = {e.slug: e for e in Exercise.objects.filter(slug__in=slugs)}
        to_save, errors, skipped = [], [], []
        try:
            for slug in slugs:
                try:
                    bundle = load_bundle(slug)
                except BundleError as exc:
                    if not (bank_dir() / slug / "checks.py").exists():
                        skipped.append(slug)
                        continue
                    errors.append(f"{slug}: {exc}")
                    continue
                checksum = bundle_checksum(bundle)
                current = existing.get(slug)
                if current and current.bundle_checksum == checksum and not options["force"]:
                    continue
                problem = self.validate(bundle)
                if problem:
                    errors.append(f"{slug}: {problem}")
                else:
                    to_save.append((bundle, checksum))
        finally:
            stop_zygote()
        if errors:
            raise CommandError("exercise bank is invalid, nothing was loaded:\n  " + "\n  ".join(errors))
        with transaction.atomic():
            for bundle, checksum in to_save:
                self.save(bundle, checksum)
        unchanged = len(slugs) - len(to_save) - len(skipped)
        self.stdout.write(
            f"exercises: {len(to_save)} loaded, {unchanged} unchanged"
            + (f", {len(skipped)} skipped without checks.py ({', '.join(skipped)})" if skipped else "")
        )

    def validate(self, bundle: Bundle) -> str:
        """Empty when the bundle is sound: its files parse, the reference gets full marks, the starter made
        from it does not, and (numpy exercises) every mistake of mistakes.toml loses points."""
        sandbox = get_sandbox(bundle.runner)
        try:
            bundle.given_wire()
            mistakes = bundle.mistakes()
            reference = engine.grade(bundle, bundle.solution_source, VALIDATION_SEED, sandbox)
            starter = engine.grade(bundle, bundle.starter, VALIDATION_SEED, sandbox)
            # Keras mistakes take seconds each: the test suite grades those.
            graded = [] if bundle.runner != "numpy" else mistakes
            kept_marks = [m for m in graded if _full_marks(engine.grade(bundle, m.source, VALIDATION_SEED, sandbox))]
        except (BundleError, SandboxUnavailable) as exc:
            return str(exc)
        if reference.status != engine.GRADED or reference.score < reference.max_score:
            failed = [f"{c.name}: {c.message}" for c in reference.checks if not c.passed]
            return "solution.py does not pass its own checks: " + (
                reference.message if not failed else "; ".join(failed)
            )
        if _full_marks(starter):
            return "the starter made from solution.py passes every check; it must fail at least one"
        if kept_marks:
            return "; ".join(f"{m.where}: mistake {m.name} gets full marks; it must lose points" for m in kept_marks)
        return ""

    def save(self, bundle: Bundle, checksum: str) -> None:
        Exercise.objects.update_or_create(
            slug=bundle.slug,
            defaults={
                "title": bundle.title,
                "module_number": bundle.module,
                "statement": bundle.statement,
                "starter_code": bundle.starter,
                "functions": list(bundle.functions),
                "points": bundle.points,
                "time_limit_s": int(bundle.time_limit_s),
                "memory_mb": bundle.memory_mb,
                "queue": bundle.queue,
                "bundle_checksum": checksum,
            },
        )
