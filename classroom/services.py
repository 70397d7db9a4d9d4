"""Every change to cohorts and who is in them goes through a verb here: ``join_with_code``,
``enroll`` and ``import_roster``."""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import JOIN_CODE_ALPHABET, Cohort, Enrollment

MAX_ROSTER_BYTES = 1024 * 1024
MAX_ROSTER_ROWS = 5000


class JoinRefused(ValueError):
    """The code names no open cohort, or she is already in a cohort of that course."""


def enroll(user, cohort: Cohort, source: str = Enrollment.Source.ADMIN) -> tuple[Enrollment, bool]:
    """Put ``user`` in ``cohort``; (enrollment, created). Refused (``JoinRefused``) when she is in
    another cohort of the same course: moving a student is a staff decision made in the admin."""
    existing = Enrollment.objects.filter(user=user, course=cohort.course_id).select_related("cohort").first()
    if existing is not None:
        if existing.cohort_id == cohort.pk:
            return existing, False
        raise JoinRefused(
            _("%(user)s is already in the cohort “%(cohort)s” of this course.")
            % {"user": user.get_username(), "cohort": existing.cohort.name}
        )
    try:
        with transaction.atomic():
            return Enrollment.objects.create(user=user, cohort=cohort, source=source), True
    except IntegrityError:  # a concurrent join of the same student won
        return enroll(user, cohort, source)


def join_with_code(user, code: str) -> Cohort:
    code = "".join(code.split()).upper()
    if not code or len(code) > 16 or any(c not in JOIN_CODE_ALPHABET for c in code):  # never reaches the database
        raise JoinRefused(_("No cohort has this code. Check it with your instructor."))
    try:
        cohort = Cohort.objects.select_related("course").get(join_code=code, accepts_join_code=True)
    except Cohort.DoesNotExist:
        raise JoinRefused(_("No cohort has this code. Check it with your instructor.")) from None
    try:
        enroll(user, cohort, Enrollment.Source.CODE)
    except JoinRefused:
        raise JoinRefused(_("You are already in another cohort of this course.")) from None
    return cohort


@dataclass
class RosterReport:
    created: list[str] = field(default_factory=list)  # accounts created
    first_access: dict[str, str] = field(default_factory=dict)  # created username → path to set a password
    enrolled: list[str] = field(default_factory=list)  # put in the cohort (created or existing)
    already: list[str] = field(default_factory=list)  # were in the cohort
    errors: list[str] = field(default_factory=list)  # "line N: why"; those lines changed nothing


def too_large_message() -> str:
    return _("The file is too large: the limit is %(kb)d KB.") % {"kb": MAX_ROSTER_BYTES // 1024}


def read_roster(data: bytes) -> list[dict]:
    """The roster's rows as {"line", "username", "name", "email"}; raise ValueError for a file that
    cannot be read at all (too big, not text, no username column)."""
    if len(data) > MAX_ROSTER_BYTES:
        raise ValueError(too_large_message())
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # Excel saves rosters in cp1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ValueError(_("This is not a CSV text file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = [row for row in reader]
    if not rows:
        raise ValueError(_("The file is empty."))
    header = [h.strip().lower() for h in rows[0]]
    aliases = {
        "username": "username",
        "usuario": "username",
        "usuário": "username",
        "login": "username",
        "name": "name",
        "nome": "name",
        "email": "email",
        "e-mail": "email",
    }
    columns = {aliases[h]: i for i, h in enumerate(header) if h in aliases}
    if "username" not in columns:
        raise ValueError(_("The first line must name the columns: username, name, email."))
    if len(rows) - 1 > MAX_ROSTER_ROWS:
        raise ValueError(_("Too many lines: the limit is %(n)d students.") % {"n": MAX_ROSTER_ROWS})
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        value = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
        out.append(
            {
                "line": number,
                "username": value.get("username", ""),
                "name": value.get("name", ""),
                "email": value.get("email", ""),
            }
        )
    return out


def import_roster(cohort: Cohort, data: bytes) -> RosterReport:
    """Create the accounts that do not exist (no usable password: they set one through "forgot my
    password" with the e-mail given) and enroll every listed student in ``cohort``. A bad line is
    reported and skipped; the others are imported."""
    User = get_user_model()
    report = RosterReport()
    username_field = User._meta.get_field(User.USERNAME_FIELD)
    for row in read_roster(data):
        line, username = row["line"], row["username"]
        try:
            if not username:
                raise ValidationError(_("no username"))
            username_field.run_validators(username)
            if row["email"]:
                validate_email(row["email"])
        except ValidationError as error:
            report.errors.append(_("line %(n)d: %(why)s") % {"n": line, "why": " ".join(error.messages)})
            continue
        try:
            with transaction.atomic():
                user, created_account = _student_account(User, username, row)
                _enrollment, created = enroll(user, cohort, Enrollment.Source.ROSTER)
        except JoinRefused as error:  # nothing of this line is kept
            report.errors.append(_("line %(n)d: %(why)s") % {"n": line, "why": error})
            continue
        if created_account:
            report.created.append(username)
            report.first_access[username] = first_access_path(user)
        (report.enrolled if created else report.already).append(username)
    return report


def first_access_path(user) -> str:
    """A one-time link for an account the roster created: she chooses her password there and is logged
    in. It stops working once used (the password changes) or after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


def _student_account(User, username: str, row: dict):
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        first, _sep, last = row["name"].partition(" ")
        user = User(**{User.USERNAME_FIELD: username}, email=row["email"], first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.save()
        return user, True
    if user.is_staff or user.is_superuser:
        raise JoinRefused(_("%(user)s is a staff account, not a student") % {"user": username})
    return user, False
