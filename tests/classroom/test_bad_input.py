"""Bad input on the classroom pages gets a clear answer and changes nothing: never a 500."""

import io
from urllib.parse import quote_from_bytes

import pytest
from django.urls import reverse

from classroom.models import Cohort, Enrollment, RegradeJob
from courseware.models import Course, Module

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.django_db]

# As a browser or a script would send them, percent-encoded bytes: a lone surrogate's UTF-8-ish bytes,
# bytes that are not UTF-8, a NUL, huge numbers, long text.
ODD = [
    quote_from_bytes(raw)
    for raw in (
        b"",
        b"abc",
        b"-1",
        b"99999999999999999999",
        b"1 OR 1=1",
        b"\xed\xa0\x80",
        b"\xff\xfe",
        b"\x00",
        "ç".encode() * 500,
        b"1,2",
        b"[]",
    )
]


def form(**fields) -> str:
    return "&".join(f"{key}={value}" for key, value in fields.items())


@pytest.fixture
def setting(softmax_exercise, student, instructor):
    course = Course.objects.create(slug="c", title="C")
    Module.objects.create(course=course, number=1, slug="m1", title="M", exercise_slugs=["softmax"])
    cohort = Cohort.objects.create(course=course, name="T")
    cohort.instructors.add(instructor)
    Enrollment(cohort=cohort, user=student).save()
    return course, cohort


@pytest.mark.parametrize("page", ["gradebook", "statistics", "regrades"])
def test_odd_query_parameters_never_break_a_staff_page(client, setting, instructor, page):
    course, _cohort = setting
    client.force_login(instructor)
    url = reverse(f"classroom:{page}", args=[course.slug])
    for key in ("cohort", "sort", "dir", "q", "late", "inactive", "format", "decimal"):
        for value in ODD:
            response = client.get(f"{url}?{form(**{key: value})}")
            assert response.status_code in (200, 400, 404), (key, value, response.status_code)


def test_odd_posts_never_break_the_regrade_form_or_joining(client, setting, instructor, student):
    course, cohort = setting
    client.force_login(instructor)
    url = reverse("classroom:regrades", args=[course.slug])
    for exercise in ODD:
        for target in ODD:
            body = form(exercise=exercise, cohort=target)
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            assert response.status_code in (200, 400, 403, 404), (exercise, target, response.status_code)
    assert not RegradeJob.objects.exists()
    client.force_login(student)
    for code in ODD:
        body = form(code=code, next=code)
        response = client.post(reverse("classroom:join"), body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 302
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV text file."),
        (b"username\n" + b"a" * (1024 * 1024 + 1), "The file is too large"),
        (b"", "The submitted file is empty."),
        (b"username\n" + b"".join(b"s%d\n" % i for i in range(5001)), "Too many lines"),
    ],
    ids=["binary", "huge", "empty", "too-many-lines"],
)
def test_a_bad_roster_file_is_refused_whole_with_a_message(client, setting, instructor, content, message):
    _course, cohort = setting
    client.force_login(instructor)
    upload = io.BytesIO(content)
    upload.name = "turma.csv"
    response = client.post(reverse("admin:classroom_cohort_roster", args=[cohort.pk]), {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert cohort.enrollments.count() == 1
