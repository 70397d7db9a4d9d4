"""Reading a course folder: every file parsed and validated before anything touches the database.

Layout (see content/redes-neurais)::

    course.yaml                    slug, title, language, description
    modules/NN-slug/lesson.md      front matter (module, slug, title, summary, exercises, figures)
                                   then Markdown with $...$ math
    modules/NN-slug/figures/*.svg|png
    modules/NN-slug/quiz.yaml      title, score_policy, max_attempts, cooldown_seconds, questions
    modules/NN-slug/generators.py  the quiz's generator functions (trusted course code)

Errors carry the file and line; ``load_course`` collects them all and raises one ContentError.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import yaml

from . import engine

MODULE_DIR = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIGURE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}\.(svg|png)$")
FIGURE_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
MAX_FIGURE_BYTES = 2 * 1024 * 1024
LESSON_KEYS = {"module", "slug", "title", "summary", "exercises", "figures"}
QUIZ_KEYS = {"title", "score_policy", "max_attempts", "cooldown_seconds", "questions"}
QUESTION_KEYS = {
    "slug",
    "kind",
    "prompt",
    "generator",
    "randomize",
    "points",
    "max_attempts",
    "cooldown_seconds",
    "explanation",
    "tolerance",
    "options",
    "items",
    "network",
}
SPEC_KEYS = ("tolerance", "options", "items", "network")


class ContentError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class QuestionData:
    slug: str
    kind: str
    prompt: str
    spec: dict
    generator: str = ""
    randomize: bool = True
    points: float = 1.0
    max_attempts: int | None = None
    cooldown_seconds: int | None = None
    explanation: str = ""


@dataclass
class QuizData:
    title: str = ""
    score_policy: str = "best"
    max_attempts: int = 3
    cooldown_seconds: int = 0
    generators_code: str = ""
    questions: list[QuestionData] = field(default_factory=list)


@dataclass
class ModuleData:
    number: int
    slug: str
    title: str
    summary: str
    exercise_slugs: list[str]
    body: str
    figure_names: list[str]
    figures: dict[str, bytes]
    quiz: QuizData | None


@dataclass
class CourseData:
    slug: str
    title: str
    language: str
    description: str
    modules: list[ModuleData]
    checksum: str


# -- YAML with line numbers ------------------------------------------------------------------


class LineDict(dict):
    line = 0
    lines: dict


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node, deep=False):
    mapping = LineDict()
    mapping.line, mapping.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, where: str, first_line: int = 1):
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + first_line if mark else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError([f"{where}:{line}: invalid YAML: {problem}"]) from None


def _line(mapping, key=None) -> int:
    if isinstance(mapping, LineDict):
        return mapping.lines.get(key, mapping.line) if key else mapping.line
    return 1


# -- the course ------------------------------------------------------------------------------


class _Collector:
    def __init__(self, root: Path):
        self.root, self.problems = root, []

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(f"{self.shown(path)}:{line}: {message}")


def checksum(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_course(root: Path) -> CourseData:
    """Parse and validate the course in ``root``; raise ContentError listing every problem."""
    root = Path(root)
    errors = _Collector(root)
    course_file = root / "course.yaml"
    if not course_file.is_file():
        raise ContentError([f"{course_file}: no course.yaml"])
    meta = _read_yaml(course_file, errors) or {}
    if meta and not isinstance(meta, dict):
        errors.add(course_file, 1, "course.yaml must be a mapping")
        meta = {}
    for key in ("slug", "title"):
        if not isinstance(meta.get(key), str) or not meta.get(key).strip():
            errors.add(course_file, _line(meta, key), f"{key} is required")
    if isinstance(meta.get("slug"), str) and not SLUG.match(meta["slug"]):
        errors.add(course_file, _line(meta, "slug"), "slug must be lowercase letters, digits and dashes")
    for key in set(meta) - {"slug", "title", "language", "description"}:
        errors.add(course_file, _line(meta, key), f"unknown key {key!r}")
    modules = []
    module_root = root / "modules"
    folders = sorted(p for p in module_root.iterdir() if p.is_dir()) if module_root.is_dir() else []
    if not folders:
        errors.add(module_root, 1, "no module folders")
    for folder in folders:
        module = _load_module(folder, errors)
        if module:
            modules.append(module)
    _check_unique(modules, errors, module_root)
    if errors.problems:
        raise ContentError(errors.problems)
    return CourseData(
        slug=meta["slug"],
        title=meta["title"].strip(),
        language=str(meta.get("language", "pt-br")),
        description=str(meta.get("description", "") or "").strip(),
        modules=modules,
        checksum=checksum(root),
    )


def _read_yaml(path: Path, errors: _Collector):
    try:
        return parse_yaml(path.read_text(encoding="utf-8"), errors.shown(path))
    except ContentError as error:
        errors.problems.extend(error.problems)
    except UnicodeDecodeError:
        errors.add(path, 1, "not UTF-8 text")
    return None


def _check_unique(modules: list[ModuleData], errors: _Collector, where: Path) -> None:
    seen: dict[str, str] = {}
    for module in modules:
        for question in module.quiz.questions if module.quiz else []:
            if question.slug in seen:
                errors.add(
                    where / f"{module.number:02d}-{module.slug}" / "quiz.yaml",
                    1,
                    f"question slug {question.slug!r} is also used in module {seen[question.slug]}",
                )
            seen[question.slug] = module.slug


def _load_module(folder: Path, errors: _Collector) -> ModuleData | None:
    match = MODULE_DIR.match(folder.name)
    if not match:
        errors.add(folder, 1, "a module folder is named NN-slug (two digits, a dash, a lowercase slug)")
        return None
    lesson_file = folder / "lesson.md"
    if not lesson_file.is_file():
        errors.add(lesson_file, 1, "missing lesson.md")
        return None
    try:
        text = lesson_file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        errors.add(lesson_file, 1, "not UTF-8 text")
        return None
    front, body, body_line = _split_front_matter(text)
    if front is None:
        errors.add(lesson_file, 1, "lesson.md must start with front matter between --- lines")
        return None
    try:
        meta = parse_yaml("\n" + front, errors.shown(lesson_file))  # the blank line stands for "---"
    except ContentError as error:
        errors.problems.extend(error.problems)
        return None
    if not isinstance(meta, dict):
        errors.add(lesson_file, 2, "the front matter must be a mapping")
        return None
    ok = _check_lesson_meta(meta, match, lesson_file, errors)
    figures = _load_figures(folder, meta.get("figures") or [], body, body_line, lesson_file, errors)
    quiz = _load_quiz(folder, errors)
    if not ok:
        return None
    return ModuleData(
        number=meta["module"],
        slug=meta["slug"],
        title=meta["title"].strip(),
        summary=str(meta.get("summary") or "").strip(),
        exercise_slugs=list(meta.get("exercises") or []),
        body=body,
        figure_names=list(meta.get("figures") or []),
        figures=figures,
        quiz=quiz,
    )


def _split_front_matter(text: str):
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None, text, 1


def _check_lesson_meta(meta, match, path: Path, errors: _Collector) -> bool:
    before = len(errors.problems)
    for key in set(meta) - LESSON_KEYS:
        errors.add(path, _line(meta, key), f"unknown key {key!r}")
    if meta.get("module") != int(match.group(1)):
        errors.add(path, _line(meta, "module"), f"module must be {int(match.group(1))}, as the folder's number")
    if meta.get("slug") != match.group(2):
        errors.add(path, _line(meta, "slug"), f"slug must be {match.group(2)!r}, as the folder's name")
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        errors.add(path, _line(meta, "title"), "title is required")
    if "summary" in meta and not isinstance(meta["summary"], str):
        errors.add(path, _line(meta, "summary"), "summary must be text")
    exercises = meta.get("exercises") or []
    if not isinstance(exercises, list) or not all(isinstance(s, str) and SLUG.match(s) for s in exercises):
        errors.add(path, _line(meta, "exercises"), "exercises must be a list of exercise slugs")
    elif len(set(exercises)) != len(exercises):
        errors.add(path, _line(meta, "exercises"), "an exercise is listed twice")
    return len(errors.problems) == before


def _load_figures(folder, names, body, body_line, lesson_file, errors) -> dict[str, bytes]:
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        errors.add(lesson_file, 1, "figures must be a list of file names")
        return {}
    figures = {}
    for name in names:
        path = folder / "figures" / name
        if not FIGURE_NAME.match(name):
            errors.add(lesson_file, 1, f"figure {name!r}: lowercase name ending in .svg or .png")
        elif not path.is_file():
            errors.add(lesson_file, 1, f"figure {name!r} is not in figures/")
        else:
            data = path.read_bytes()
            if len(data) > MAX_FIGURE_BYTES:
                errors.add(path, 1, f"figure larger than {MAX_FIGURE_BYTES // 1024} KiB")
            elif not _looks_like(name, data):
                errors.add(path, 1, "the content is not an image of its type")
            else:
                figures[name] = data
    for offset, line in enumerate(body.splitlines()):
        for ref in re.findall(r"\]\(figures/([^)\s]+)", line):
            if ref not in names:
                errors.add(lesson_file, body_line + offset, f"figures/{ref} is used but not listed in figures:")
    return figures


def _looks_like(name: str, data: bytes) -> bool:
    if name.endswith(".png"):
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    head = data[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")


# -- quizzes ---------------------------------------------------------------------------------


def _load_quiz(folder: Path, errors: _Collector) -> QuizData | None:
    path = folder / "quiz.yaml"
    if not path.is_file():
        return None
    meta = _read_yaml(path, errors)
    if meta is None:
        return None
    if not isinstance(meta, dict):
        errors.add(path, 1, "quiz.yaml must be a mapping")
        return None
    for key in set(meta) - QUIZ_KEYS:
        errors.add(path, _line(meta, key), f"unknown key {key!r}")
    quiz = QuizData(title=str(meta.get("title") or ""))
    if meta.get("score_policy", "best") not in ("best", "last"):
        errors.add(path, _line(meta, "score_policy"), "score_policy is best or last")
    else:
        quiz.score_policy = meta.get("score_policy", "best")
    quiz.max_attempts = _int(meta, "max_attempts", 3, path, errors, minimum=1)
    quiz.cooldown_seconds = _int(meta, "cooldown_seconds", 0, path, errors, minimum=0)
    code_file = folder / "generators.py"
    quiz.generators_code = code_file.read_text(encoding="utf-8") if code_file.is_file() else ""
    if quiz.generators_code:
        try:
            engine.load_generators(quiz.generators_code)
        except engine.QuestionError as error:
            errors.add(code_file, _syntax_line(error), str(error))
            return None
    questions = meta.get("questions")
    if not isinstance(questions, list) or not questions:
        errors.add(path, _line(meta, "questions"), "questions must be a non-empty list")
        return None
    seen = set()
    for entry in questions:
        question = _load_question(entry, quiz, path, errors)
        if question and question.slug in seen:
            errors.add(path, _line(entry), f"question slug {question.slug!r} is used twice")
        elif question:
            seen.add(question.slug)
            quiz.questions.append(question)
    return quiz


def _syntax_line(error) -> int:
    cause = error.__cause__
    return getattr(cause, "lineno", None) or 1


def _int(meta, key, default, path, errors, *, minimum) -> int:
    value = meta.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        errors.add(path, _line(meta, key), f"{key} must be an integer >= {minimum}")
        return default
    return value


def _load_question(entry, quiz: QuizData, path: Path, errors: _Collector) -> QuestionData | None:
    if not isinstance(entry, dict):
        errors.add(path, 1, "every question is a mapping")
        return None
    before = len(errors.problems)
    for key in set(entry) - QUESTION_KEYS:
        errors.add(path, _line(entry, key), f"unknown key {key!r}")
    slug = entry.get("slug")
    if not isinstance(slug, str) or not SLUG.match(slug):
        errors.add(path, _line(entry, "slug"), "slug is required: lowercase letters, digits and dashes")
    for key in ("kind", "prompt"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            errors.add(path, _line(entry, key), f"{key} is required")
    points = entry.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
        errors.add(path, _line(entry, "points"), "points must be a positive number")
    for key in ("generator", "explanation"):
        if key in entry and not isinstance(entry[key], str):
            errors.add(path, _line(entry, key), f"{key} must be text")
    if "randomize" in entry and not isinstance(entry["randomize"], bool):
        errors.add(path, _line(entry, "randomize"), "randomize is true or false")
    attempts = _int(entry, "max_attempts", 1, path, errors, minimum=1) if "max_attempts" in entry else None
    cooldown = _int(entry, "cooldown_seconds", 0, path, errors, minimum=0) if "cooldown_seconds" in entry else None
    if len(errors.problems) != before:
        return None
    question = QuestionData(
        slug=slug,
        kind=entry["kind"].strip(),
        prompt=entry["prompt"],
        generator=entry.get("generator", "").strip(),
        spec={key: _plain(entry[key]) for key in SPEC_KEYS if key in entry},
        randomize=entry.get("randomize", True),
        points=float(points),
        max_attempts=attempts,
        cooldown_seconds=cooldown,
        explanation=entry.get("explanation", ""),
    )
    probe = SimpleNamespace(**question.__dict__)
    try:
        engine.check_question(probe, quiz.generators_code)
    except engine.QuestionError as error:
        line = _line(entry, error.field) if error.field in entry else _line(entry)
        errors.add(path, line, f"question {slug!r}: {error}")
        return None
    return question


def _plain(value):
    """LineDicts back to plain dicts and lists, for JSON fields."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
