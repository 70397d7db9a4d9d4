"""JSON API for submissions: session auth for the site, bearer tokens for scripts."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from . import services
from .models import Exercise, Submission

router = Router(tags=["submissions"])


class CheckOut(Schema):
    name: str
    passed: bool
    score: float
    max_score: float
    message: str
    hidden: bool = False


class SubmissionOut(Schema):
    id: int
    exercise: str
    status: str
    score: float | None
    max_score: float | None
    message: str
    checks: list[CheckOut]
    stdout: str
    images: list[dict]
    counts: bool
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_exercise(obj: Submission) -> str:
        return obj.exercise.slug

    # The feedback in the language of the request (Accept-Language, the language cookie), whatever
    # the language it was graded in.
    @staticmethod
    def resolve_message(obj: Submission) -> str:
        return obj.feedback_message

    @staticmethod
    def resolve_checks(obj: Submission) -> list[dict]:
        return obj.feedback_checks

    @staticmethod
    def resolve_images(obj: Submission) -> list[dict]:
        return obj.feedback_images


class SubmissionIn(Schema):
    exercise: str
    source: str


class ExerciseOut(Schema):
    slug: str
    title: str
    module_number: int | None
    points: float
    queue: str


class ErrorOut(Schema):
    detail: str


@router.get("/exercises", response=list[ExerciseOut], tags=["exercises"])
def list_exercises(request):
    return list(Exercise.objects.filter(is_published=True))


@router.post("/submissions", response={201: SubmissionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def create_submission(request, payload: SubmissionIn):
    """Submit source code (a JSON string) for an exercise; grading starts at once. 403 when the
    cohort's rules refuse it now (not yet open, past the deadline, no submissions left, cooldown)."""
    exercise = services.get_exercise_for_user(request.auth, payload.exercise)
    try:
        source = services.validate_text(payload.source)
        return Status(201, services.submit(request.auth, exercise, source, language=get_language()))
    except services.SubmissionRefused as exc:
        return Status(403, {"detail": str(exc)})
    except services.InvalidSubmission as exc:
        return Status(400, {"detail": str(exc)})


@router.post("/submissions/upload", response={201: SubmissionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def upload_submission(request, exercise: Form[str], file: File[UploadedFile]):
    """Submit a file (.py, or .ipynb whose code cells are graded) as multipart/form-data."""
    target = services.get_exercise_for_user(request.auth, exercise)
    try:
        source = services.source_from_upload(file)
        submission = services.submit(request.auth, target, source, filename=file.name or "", language=get_language())
    except services.SubmissionRefused as exc:
        return Status(403, {"detail": str(exc)})
    except services.InvalidSubmission as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, submission)


@router.get("/submissions/{submission_id}", response={200: SubmissionOut, 404: ErrorOut})
def read_submission(request, submission_id: int):
    """One of my submissions, with its status and verdict (another student's is 404)."""
    return services.get_submission_for_user(request.auth, submission_id)


@router.get("/submissions", response=list[SubmissionOut])
def list_submissions(request, exercise: str | None = None, limit: int = 50):
    """My submissions, newest first; optionally of one exercise."""
    queryset = Submission.objects.filter(user=request.auth).select_related("exercise")
    if exercise:
        queryset = queryset.filter(exercise=get_object_or_404(Exercise, slug=exercise))
    return list(queryset[: max(1, min(limit, 200))])
