"""Loading a validated course folder into the database, and writing the database back to files.

``sync`` runs in one transaction: a course loads whole or not at all. It is idempotent: run twice on
the same files, the second run changes nothing (and when the files' checksum is the one already
loaded, it does not even touch the rows, so edits made in the admin survive a restart until the
files change). Content that left the files is unpublished or deactivated, never deleted, so
students' attempts are kept.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from exercises.models import Exercise

from .content import FIGURE_TYPES, ContentError, CourseData, load_course
from .models import Course, Figure, Lesson, Module, Question, Quiz


@dataclass
class SyncReport:
    course: Course
    changed: bool
    modules: list[tuple[int, str, int, int, int]] = field(default_factory=list)  # number, slug, questions...
    warnings: list[str] = field(default_factory=list)


def course_folders() -> list[Path]:
    root = Path(getattr(settings, "COURSEWARE_CONTENT_DIR", settings.BASE_DIR / "content"))
    return sorted(p.parent for p in root.glob("*/course.yaml"))


def sync(root: Path, *, force: bool = False) -> SyncReport:
    data = load_course(root)
    with transaction.atomic():
        course = Course.objects.select_for_update().filter(slug=data.slug).first()
        if course and course.source_checksum == data.checksum and not force:
            return SyncReport(course, changed=False, modules=_summary(course))
        course = _save_course(course, data)
    report = SyncReport(course, changed=True, modules=_summary(course))
    report.warnings = _exercise_warnings(data)
    return report


def _save_course(course: Course | None, data: CourseData) -> Course:
    course = course or Course(slug=data.slug)
    course.title, course.language, course.description = data.title, data.language, data.description
    course.source_checksum, course.is_published = data.checksum, True
    course.save()
    foreign = Question.objects.filter(slug__in=[q.slug for m in data.modules if m.quiz for q in m.quiz.questions])
    clash = foreign.exclude(quiz__module__course=course).values_list("slug", flat=True)
    if clash:
        raise ContentError([f"question slug {slug!r} already belongs to another course" for slug in clash])
    # Free the numbers first, so modules can be renumbered without tripping the unique constraint.
    for module in course.modules.all():
        Module.objects.filter(pk=module.pk).update(number=10000 + module.pk % 20000)
    kept = []
    for data_module in data.modules:
        module = _save_module(course, data_module)
        kept.append(module.pk)
    course.modules.exclude(pk__in=kept).update(is_published=False)
    return course


def _save_module(course: Course, data) -> Module:
    module = course.modules.filter(slug=data.slug).first() or Module(course=course, slug=data.slug)
    module.number, module.title, module.summary = data.number, data.title, data.summary
    module.exercise_slugs, module.is_published = data.exercise_slugs, True
    module.save()
    Lesson.objects.update_or_create(module=module, defaults={"body": data.body, "figure_names": data.figure_names})
    module.figures.exclude(filename__in=list(data.figures)).delete()
    for name, blob in data.figures.items():
        Figure.objects.update_or_create(
            module=module,
            filename=name,
            defaults={"data": blob, "content_type": FIGURE_TYPES[name.rsplit(".", 1)[1]]},
        )
    if data.quiz is None:
        Question.objects.filter(quiz__module=module).update(is_active=False)
        return module
    quiz, _ = Quiz.objects.update_or_create(
        module=module,
        defaults={
            "title": data.quiz.title,
            "score_policy": data.quiz.score_policy,
            "max_attempts": data.quiz.max_attempts,
            "cooldown_seconds": data.quiz.cooldown_seconds,
            "generators_code": data.quiz.generators_code,
        },
    )
    slugs = []
    for position, q in enumerate(data.quiz.questions):
        Question.objects.update_or_create(
            slug=q.slug,
            defaults={
                "quiz": quiz,
                "position": position,
                "kind": q.kind,
                "prompt": q.prompt,
                "spec": q.spec,
                "generator": q.generator,
                "randomize": q.randomize,
                "points": q.points,
                "max_attempts": q.max_attempts,
                "cooldown_seconds": q.cooldown_seconds,
                "explanation": q.explanation,
                "is_active": True,
            },
        )
        slugs.append(q.slug)
    quiz.questions.exclude(slug__in=slugs).update(is_active=False)
    return module


def _summary(course: Course) -> list[tuple[int, str, int, int, int]]:
    rows = []
    for module in course.modules.filter(is_published=True).prefetch_related("figures"):
        questions = Question.objects.filter(quiz__module=module, is_active=True).count()
        rows.append((module.number, module.slug, questions, len(module.exercise_slugs), module.figures.count()))
    return rows


def _exercise_warnings(data: CourseData) -> list[str]:
    known = set(Exercise.objects.values_list("slug", flat=True))
    bank = Path(settings.BASE_DIR) / "exercises" / "bank"
    warnings = []
    for module in data.modules:
        for slug in module.exercise_slugs:
            if slug not in known and not (bank / slug).is_dir():
                warnings.append(f"module {module.number:02d}-{module.slug}: exercise {slug!r} is not in the bank yet")
    return warnings


# -- export ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def export(course: Course, dest: Path) -> list[Path]:
    """Write ``course`` as files that ``sync`` loads back to the same course; return the files."""
    dest = Path(dest)
    written = [
        _write(
            dest / "course.yaml",
            dump_yaml(
                {
                    "slug": course.slug,
                    "title": course.title,
                    "language": course.language,
                    "description": course.description,
                }
            ),
        )
    ]
    for module in course.modules.filter(is_published=True).select_related("lesson"):
        folder = dest / "modules" / f"{module.number:02d}-{module.slug}"
        lesson = getattr(module, "lesson", None)
        front = {
            "module": module.number,
            "slug": module.slug,
            "title": module.title,
            "summary": module.summary,
            "exercises": list(module.exercise_slugs),
            "figures": list(lesson.figure_names if lesson else []),
        }
        written.append(
            _write(folder / "lesson.md", "---\n" + dump_yaml(front) + "---\n" + (lesson.body if lesson else ""))
        )
        for figure in module.figures.all():
            written.append(_write(folder / "figures" / figure.filename, bytes(figure.data)))
        quiz = Quiz.objects.filter(module=module).first()
        if quiz and quiz.questions.filter(is_active=True).exists():
            written.append(_write(folder / "quiz.yaml", dump_yaml(_quiz_dict(quiz))))
            if quiz.generators_code:
                written.append(_write(folder / "generators.py", quiz.generators_code))
    return written


def _quiz_dict(quiz: Quiz) -> dict:
    out = {
        "title": quiz.title,
        "score_policy": quiz.score_policy,
        "max_attempts": quiz.max_attempts,
        "cooldown_seconds": quiz.cooldown_seconds,
        "questions": [],
    }
    for q in quiz.questions.filter(is_active=True):
        entry = {"slug": q.slug, "kind": q.kind, "points": q.points, "prompt": q.prompt}
        if q.generator:
            entry["generator"] = q.generator
            entry["randomize"] = q.randomize
        for key in ("max_attempts", "cooldown_seconds"):
            if getattr(q, key) is not None:
                entry[key] = getattr(q, key)
        entry.update(q.spec)
        if q.explanation:
            entry["explanation"] = q.explanation
        out["questions"].append(entry)
    return out


def _write(path: Path, content) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
