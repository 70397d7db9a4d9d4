"""The gradebook: scores after each cohort's policies, the staff pages, the CSV and the command.

A small course built in the database: module 1 has a quiz (q1 worth 2 points, q2 worth 1; 3 attempts
per question, best kept) and the exercise ex-a (10 points); module 2 has the exercise ex-b (4 points).
Cohort "Turma A" (taught by carol) has alice, eve and fay; "Turma B" (taught by dave) has bob; dani
studies on her own. Expected numbers are worked out by hand in each test.
"""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classroom import scores
from classroom.models import Cohort, Enrollment, Policy
from courseware.models import Attempt, Course, Module, Question, Quiz
from exercises.models import Exercise, Submission

pytestmark = pytest.mark.usefixtures("english")

DUE = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 15:30 in São Paulo
HOUR, DAY = timedelta(hours=1), timedelta(days=1)
QUIZ, EX_A, EX_B = "quiz:m1-basics", "exercise:ex-a", "exercise:ex-b"


class World:
    def __init__(self, django_user_model, student, other_student, instructor):
        self.course = Course.objects.create(slug="dl", title="Deep Learning")
        m1 = Module.objects.create(
            course=self.course, number=1, slug="m1-basics", title="Basics", exercise_slugs=["ex-a"]
        )
        Module.objects.create(course=self.course, number=2, slug="m2-more", title="More", exercise_slugs=["ex-b"])
        self.module = m1
        quiz = Quiz.objects.create(module=m1, max_attempts=3, score_policy="best")
        self.q1 = Question.objects.create(quiz=quiz, slug="q-one", position=1, kind="numeric", prompt="x", points=2)
        self.q2 = Question.objects.create(quiz=quiz, slug="q-two", position=2, kind="numeric", prompt="y", points=1)
        self.ex_a = Exercise.objects.create(slug="ex-a", title="Exercise A", points=10)
        self.ex_b = Exercise.objects.create(slug="ex-b", title="Exercise B", points=4)

        users = django_user_model.objects
        self.alice, self.bob, self.carol = student, other_student, instructor
        self.alice.first_name, self.alice.last_name = "Alice", "Araújo"
        self.alice.save()
        self.eve = users.create_user("eve", first_name="Eve", last_name="Lima")
        self.fay = users.create_user("fay", first_name="Fay", last_name="Souza")
        self.cara = users.create_user("cara")
        self.dani = users.create_user("dani")  # self-study
        self.dave = users.create_user("dave", is_staff=True)
        self.root = users.create_superuser("root")

        self.a = Cohort.objects.create(course=self.course, name="Turma A")
        self.b = Cohort.objects.create(course=self.course, name="Turma B")
        self.a.instructors.add(self.carol)
        self.b.instructors.add(self.dave)
        for user in (self.alice, self.eve, self.fay):
            Enrollment.objects.create(cohort=self.a, user=user)
        for user in (self.bob, self.cara):
            Enrollment.objects.create(cohort=self.b, user=user)

    def policy(self, cohort, item, **fields):
        target = {"module": self.module} if item == "quiz" else {"exercise": item}
        return Policy.objects.create(cohort=cohort, **target, **fields)

    def attempt(self, user, question, number, score, when, answer=None):
        row = Attempt.objects.create(
            user=user, question=question, number=number, score=score, correct=score == 1, answer=answer
        )
        Attempt.objects.filter(pk=row.pk).update(created_at=when)
        return row

    def submit(self, user, exercise, fraction, when, *, status="graded", counts=True, source="pass", finished=None):
        row = Submission.objects.create(
            user=user,
            exercise=exercise,
            source=source,
            seed=1,
            status=status,
            score=None if fraction is None else fraction * 20,
            max_score=None if fraction is None else 20,
            counts=counts,
        )
        Submission.objects.filter(pk=row.pk).update(
            created_at=when, finished_at=finished or when + timedelta(minutes=1)
        )
        return row

    def book(self, cohort=None):
        from classroom.staff import Scope

        return scores.build(self.course, Scope(self.course, cohort, []).students())


@pytest.fixture
def world(db, django_user_model, student, other_student, instructor):
    return World(django_user_model, student, other_student, instructor)


def cells(book, username):
    row = next(r for r in book.rows if r.user.username == username)
    return row.cells


def row_of(book, username):
    return next(r for r in book.rows if r.user.username == username)


# -- scores after policy ------------------------------------------------------------------------


def test_best_keeps_the_highest_attempt_and_last_the_last_each_under_her_cohorts_rules(world):
    world.policy(world.a, "quiz", score_policy="best")
    world.policy(world.b, "quiz", score_policy="last")
    for user in (world.alice, world.bob):
        for number, score in enumerate((0.5, 1.0, 0.25), start=1):
            world.attempt(user, world.q1, number, score, DUE - DAY + number * HOUR)
    # q1 is worth 2 points: best keeps 1.0 → 2; last keeps 0.25 → 0.5. q2 unanswered; quiz max 2 + 1 = 3.
    for book in (world.book(), world.book(world.a)):  # the whole course, and Turma A alone
        alice = cells(book, "alice")[QUIZ]
        assert (alice.score, alice.max, alice.attempts, alice.status) == (2.0, 3.0, 3, "done")
    bob = cells(world.book(), "bob")[QUIZ]
    assert bob.score == pytest.approx(0.5)
    assert cells(world.book(world.b), "bob")[QUIZ].score == pytest.approx(0.5)


def test_quiz_attempts_beyond_the_cohorts_limit_do_not_count(world):
    world.policy(world.a, "quiz", max_attempts=2)
    for number, score in enumerate((0.5, 0.25, 1.0), start=1):
        world.attempt(world.alice, world.q1, number, score, DUE - DAY + number * HOUR)
    cell = cells(world.book(world.a), "alice")[QUIZ]
    assert cell.score == pytest.approx(2 * 0.5)  # the 1.0 was the third attempt of two
    assert cell.attempts == 2


def test_the_fourth_submission_of_a_three_submission_exercise_is_ignored(world):
    world.policy(world.a, world.ex_a, max_attempts=3)
    for index, fraction in enumerate((0.2, 0.4, 0.6, 1.0)):
        world.submit(world.alice, world.ex_a, fraction, DUE - DAY + index * HOUR)
    cell = cells(world.book(world.a), "alice")[EX_A]
    assert cell.score == pytest.approx(6.0)  # best of 2, 4, 6 out of 10; not the fourth's 10
    assert (cell.max, cell.attempts) == (10.0, 3)


def test_per_day_penalty_two_started_days_late_at_a_tenth_a_day_is_times_0_8(world):
    world.policy(world.a, world.ex_a, due_at=DUE, cutoff_at=DUE + 7 * DAY, penalty="per_day", penalty_value="0.1")
    world.submit(world.alice, world.ex_a, 0.5, DUE - HOUR)  # on time: 5
    world.submit(world.alice, world.ex_a, 1.0, DUE + DAY + 2 * HOUR)  # 26 h late = 2 started days: 10 × 0.8 = 8
    world.submit(world.fay, world.ex_a, 1.0, DUE + 30 * 60 * timedelta(seconds=1))  # 1 started day: 10 × 0.9
    book = world.book(world.a)
    alice, fay = cells(book, "alice")[EX_A], cells(book, "fay")[EX_A]
    assert alice.score == pytest.approx(8.0) and alice.late
    assert fay.score == pytest.approx(9.0) and fay.late


def test_fixed_factor_applies_to_late_work_only(world):
    world.policy(world.a, world.ex_b, due_at=DUE, cutoff_at=DUE + 3 * DAY, penalty="factor", penalty_value="0.5")
    world.submit(world.alice, world.ex_b, 0.4, DUE - HOUR)  # on time: 0.4 × 4 = 1.6
    world.submit(world.alice, world.ex_b, 1.0, DUE + HOUR)  # late: 4 × 0.5 = 2.0, kept
    world.submit(world.eve, world.ex_b, 0.9, DUE - HOUR)  # on time: 3.6
    world.submit(world.bob, world.ex_b, 1.0, DUE + HOUR)  # Turma B has no deadline: 4
    book = world.book()
    alice = cells(book, "alice")[EX_B]
    assert alice.score == pytest.approx(2.0) and alice.late
    eve = cells(book, "eve")[EX_B]
    assert eve.score == pytest.approx(3.6) and not eve.late
    bob = cells(book, "bob")[EX_B]
    assert bob.score == pytest.approx(4.0) and not bob.late


def test_work_after_the_cutoff_does_not_count(world):
    world.policy(world.a, world.ex_a, due_at=DUE, cutoff_at=DUE + DAY)
    world.policy(world.a, "quiz", due_at=DUE)
    world.submit(world.alice, world.ex_a, 0.3, DUE - HOUR)  # 3
    world.submit(world.alice, world.ex_a, 1.0, DUE + DAY + timedelta(minutes=1))  # after the cutoff
    world.attempt(world.alice, world.q2, 1, 1.0, DUE + timedelta(minutes=5))  # after the quiz's due date
    alice = cells(world.book(world.a), "alice")
    assert alice[EX_A].score == pytest.approx(3.0) and not alice[EX_A].late
    assert alice[QUIZ].score == 0


def test_a_submission_accepted_before_the_cutoff_and_graded_after_counts_on_time(world):
    world.policy(world.a, world.ex_a, due_at=DUE, cutoff_at=DUE, penalty="factor", penalty_value="0.5")
    world.submit(world.alice, world.ex_a, 1.0, DUE - timedelta(minutes=1), finished=DUE + 2 * HOUR)
    cell = cells(world.book(world.a), "alice")[EX_A]
    assert cell.score == pytest.approx(10.0)
    assert not cell.late


def test_platform_failures_neither_count_nor_use_an_attempt(world):
    world.policy(world.a, world.ex_a, max_attempts=2)
    world.submit(world.alice, world.ex_a, None, DUE - 3 * HOUR, status="error", counts=False)
    world.submit(world.alice, world.ex_a, 0.5, DUE - 2 * HOUR)
    world.submit(world.alice, world.ex_a, 0.7, DUE - HOUR)
    cell = cells(world.book(world.a), "alice")[EX_A]
    assert cell.score == pytest.approx(7.0)  # had the failure used an attempt, the 0.7 would be the third of two
    assert cell.attempts == 2


def test_a_queued_submission_uses_an_attempt_but_is_worth_nothing_yet(world):
    world.submit(world.alice, world.ex_a, None, DUE - HOUR, status="queued")
    cell = cells(world.book(world.a), "alice")[EX_A]
    assert (cell.score, cell.attempts, cell.status) == (0, 1, "done")


def test_the_total_is_the_weighted_percentage_and_self_study_has_the_defaults(world):
    world.policy(world.a, world.ex_a, weight="2")
    world.attempt(world.alice, world.q1, 1, 1.0, DUE - HOUR)
    world.attempt(world.alice, world.q2, 1, 1.0, DUE - HOUR)
    world.submit(world.alice, world.ex_a, 0.5, DUE - HOUR)
    world.submit(world.dani, world.ex_b, 1.0, DUE + 30 * DAY)
    book = world.book()
    # alice: quiz 3/3 (weight 1), ex-a 5/10 (weight 2), ex-b 0/4 (weight 1): 100 × (1 + 2 × 0.5 + 0) / 4 = 50
    assert row_of(book, "alice").total == pytest.approx(50.0)
    # dani, no cohort: every weight 1, no deadline; 100 × (0 + 0 + 1) / 3
    assert row_of(book, "dani").total == pytest.approx(100 / 3)
    assert row_of(book, "dani").cohort is None


def test_a_student_with_no_activity_appears_with_zero(world):
    book = world.book(world.a)
    eve = row_of(book, "eve")
    assert eve.total == 0 and not eve.active
    assert all(cell.score == 0 and cell.status == "none" for cell in eve.cells.values())


def test_the_number_of_queries_does_not_grow_with_the_students(world, django_user_model):
    def count():
        with CaptureQueriesContext(connection) as queries:
            world.book()
        return len(queries)

    world.attempt(world.alice, world.q1, 1, 1.0, DUE)
    world.submit(world.bob, world.ex_a, 1.0, DUE)
    few = count()
    for n in range(20):
        user = django_user_model.objects.create_user(f"extra{n}")
        Enrollment.objects.create(cohort=world.a if n % 2 else world.b, user=user)
        world.attempt(user, world.q2, 1, 0.5, DUE)
        world.submit(user, world.ex_b, 0.5, DUE)
    assert count() == few


# -- the CSV and the command ---------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("gradebook", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_every_student_of_a_cohort_or_every_student_account(world):
    world.submit(world.alice, world.ex_a, 1.0, DUE)
    cohort = list(csv.DictReader(io.StringIO(run("dl", "--cohort", "Turma A", "--csv"))))
    assert [r["username"] for r in cohort] == ["alice", "eve", "fay"]
    assert cohort[0][EX_A] == "10.00" and cohort[1][EX_A] == "0.00"  # eve did nothing: 0, not blank
    everyone = list(csv.DictReader(io.StringIO(run("dl", "--csv"))))
    assert [r["username"] for r in everyone] == ["alice", "bob", "cara", "dani", "eve", "fay"]  # no staff
    assert next(r for r in everyone if r["username"] == "dani")["cohort"] == ""
    table = run("dl", "--cohort", "Turma B")
    assert "bob" in table and "cara" in table and "alice" not in table


def test_the_command_refuses_an_unknown_course_or_cohort(world):
    with pytest.raises(CommandError, match="No course with the slug 'nope'"):
        run("nope", "--csv")
    with pytest.raises(CommandError, match=r"No cohort named 'Turma Z'.*'Turma A', 'Turma B'"):
        run("dl", "--cohort", "Turma Z", "--csv")


def test_the_csv_download_has_a_bom_semicolons_and_decimal_comma(world, client):
    world.policy(world.a, world.ex_b, due_at=DUE, penalty="factor", penalty_value="0.5", cutoff_at=DUE + DAY)
    world.submit(world.alice, world.ex_b, 1.0, DUE + HOUR)  # 4 × 0.5 = 2
    world.submit(world.alice, world.ex_a, 0.875, DUE)  # 8.75
    client.force_login(world.carol)
    url = reverse("classroom:gradebook", args=["dl"])
    response = client.get(url, {"cohort": world.a.pk, "format": "csv", "decimal": "comma"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="gradebook-dl-turma-a.csv"'
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == ["username", "name", "cohort", QUIZ, EX_A, EX_B, "total"]
    alice = table[1]
    # total: quiz 0/3, ex-a 8.75/10, ex-b 2/4, all weight 1: 100 × (0 + 0.875 + 0.5) / 3 = 45.8333…
    assert alice == ["alice", "Alice Araújo", "Turma A", "0,00", "8,75", "2,00", "45,83"]
    assert [r[0] for r in table[1:]] == ["alice", "eve", "fay"]

    plain = client.get(url, {"cohort": world.a.pk, "format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(plain)))
    assert rows[1][3:] == ["0.00", "8.75", "2.00", "45.83"]
    assert plain == run("dl", "--cohort", "Turma A", "--csv")  # the same CSV as the command's


# -- the staff pages -----------------------------------------------------------------------------


def usernames(html: str) -> list[str]:
    return re.findall(r'<tr data-username="([^"]+)"', html)


def test_the_gradebook_page_shows_scores_late_flags_weights_and_local_due_dates(world, client):
    world.policy(world.a, world.ex_a, due_at=DUE, cutoff_at=DUE + DAY, weight="2")
    world.submit(world.alice, world.ex_a, 0.5, DUE + HOUR)
    client.force_login(world.carol)
    response = client.get(reverse("classroom:gradebook", args=["dl"]))  # carol's only cohort by default
    html = response.content.decode()
    assert response.status_code == 200
    assert usernames(html) == ["alice", "eve", "fay"]
    assert "5.00" in html and ">late</span>" in html
    assert "weight 2" in html and "max 10" in html
    assert 'datetime="2026-03-10T15:30:00-03:00"' in html
    assert reverse("classroom:student", args=["dl", world.alice.pk]) in html
    assert "format=csv&amp;decimal=comma" in html


def test_the_gradebook_sorts_by_any_column_and_filters(world, client):
    world.submit(world.alice, world.ex_a, 0.5, DUE - HOUR)
    world.submit(world.fay, world.ex_a, 0.9, DUE - HOUR)
    world.policy(world.a, world.ex_b, due_at=DUE, cutoff_at=DUE + DAY)
    world.submit(world.fay, world.ex_b, 1.0, DUE + HOUR)
    client.force_login(world.carol)
    url = reverse("classroom:gradebook", args=["dl"])

    html = client.get(url, {"cohort": world.a.pk, "sort": EX_A, "dir": "desc"}).content.decode()
    assert usernames(html) == ["fay", "alice", "eve"]
    header = re.search(rf'<th [^>]*aria-sort="([a-z]+)"[^>]*data-key="{EX_A}"', html)
    assert header.group(1) == "descending"
    assert usernames(client.get(url, {"cohort": world.a.pk, "sort": EX_A}).content.decode()) == ["eve", "alice", "fay"]
    assert usernames(client.get(url, {"sort": "name", "dir": "desc"}).content.decode()) == ["fay", "eve", "alice"]

    assert usernames(client.get(url, {"q": "araú"}).content.decode()) == ["alice"]  # by name
    assert usernames(client.get(url, {"q": "FA"}).content.decode()) == ["fay"]  # by username
    assert usernames(client.get(url, {"late": "1"}).content.decode()) == ["fay"]
    assert usernames(client.get(url, {"inactive": "1"}).content.decode()) == ["eve"]


def test_the_course_wide_gradebook_is_for_those_who_see_everyone(world, client):
    client.force_login(world.root)
    html = client.get(reverse("classroom:gradebook", args=["dl"])).content.decode()
    assert usernames(html) == ["alice", "bob", "cara", "dani", "eve", "fay"]
    assert "self-study" in html
    client.force_login(world.carol)
    assert client.get(reverse("classroom:gradebook", args=["dl"]), {"cohort": world.b.pk}).status_code == 404


def test_staff_home_lists_the_cohorts_the_viewer_may_open(world, client):
    client.force_login(world.carol)
    html = client.get(reverse("classroom:staff_home")).content.decode()
    assert "Turma A" in html and "Turma B" not in html
    assert f"{reverse('classroom:statistics', args=['dl'])}?cohort={world.a.pk}" in html
    assert f"{reverse('classroom:regrades', args=['dl'])}?cohort={world.a.pk}" in html
    client.force_login(world.root)
    html = client.get(reverse("classroom:staff_home")).content.decode()
    assert "Turma A" in html and "Turma B" in html and "Whole course" in html


def test_a_students_history_shows_her_answers_and_code(world, client):
    world.attempt(world.alice, world.q1, 1, 0.0, DUE - HOUR, answer=41.5)
    world.attempt(world.alice, world.q1, 2, 1.0, DUE - HOUR / 2, answer=42.25)
    sub = world.submit(world.alice, world.ex_a, 0.5, DUE - HOUR, source="def softmax(z):\n    return z < 0\n")
    client.force_login(world.carol)
    response = client.get(reverse("classroom:student", args=["dl", world.alice.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "41.5" in html and "42.25" in html
    assert "def softmax(z):\n    return z &lt; 0" in html
    assert "<details>" in html
    assert reverse("exercises:submission", args=[sub.pk]) in html
    assert "Total: 38.89%" in html  # quiz 2/3, ex-a 5/10, ex-b 0/4: 100 × (2/3 + 1/2 + 0) / 3 = 38.888…


def test_the_history_is_404_for_an_instructor_who_does_not_teach_her(world, client):
    client.force_login(world.dave)
    assert client.get(reverse("classroom:student", args=["dl", world.alice.pk])).status_code == 404
    assert client.get(reverse("classroom:student", args=["dl", world.bob.pk])).status_code == 200


def test_students_are_refused_and_anonymous_visitors_sent_to_log_in(world, client):
    pages = [
        reverse("classroom:staff_home"),
        reverse("classroom:gradebook", args=["dl"]),
        reverse("classroom:gradebook", args=["dl"]) + "?format=csv",
        reverse("classroom:student", args=["dl", world.alice.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url
    client.force_login(world.alice)
    for url in pages:
        assert client.get(url).status_code == 403, url
