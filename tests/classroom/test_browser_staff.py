"""An instructor's journey in real Chromium, with the real worker.

She logs in to the admin, creates a cohort of the shipped course, imports its roster from a CSV and
sets a late-penalised deadline for softmax in the cohort's inline. A student of the roster, in a second
browser, sees the deadline box on the exercise page and submits a correct softmax late. The instructor
then reads the gradebook (late marker, score after penalty, sort, filter, both CSV downloads), the
student's history with her code, the staff view of the submission, the statistics, regrades softmax for
the cohort while the progress updates itself, and checks the gradebook and the statistics on a phone.

The texts are compared with the catalogue of the language the browsers ask for (``BROWSER_LANGUAGE``:
"pt-br", the site's default, or "en"). ``SAVE_SCREENSHOTS=1`` also writes the pictures of docs/screenshots/.
"""

import codecs
import csv
import io
import os
import shutil
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from tests.conftest import ARGS, CHROMIUM, ROOT
from tests.platform.sources import CORRECT_SOFTMAX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"Chromium not found at {CHROMIUM}"),
]

CONTENT = ROOT / "content" / "redes-neurais"
SHOTS = ROOT / "docs" / "screenshots"
LANGUAGE = os.environ.get("BROWSER_LANGUAGE", "pt-br")
BROWSER_LOCALE = {"en": "en-US", "pt-br": "pt-BR"}[LANGUAGE]
ZONE = "America/Sao_Paulo"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
COHORT = "Noite 2025"
ROSTER = (
    "username,name,email\n"
    "alice,Alice Andrade,alice@example.org\n"
    "dan,Daniela Conceição,dan@example.org\n"
    "eve,Eve Esteves,not-an-address\n"
).encode()


def t(msgid: str, **values) -> str:
    """``msgid`` as the pages write it in the browsers' language."""
    with translation.override(LANGUAGE):
        text = gettext(msgid)
    return text % values if values else text


def tn(singular: str, plural: str, count: int, /, **values) -> str:
    with translation.override(LANGUAGE):
        return ngettext(singular, plural, count) % values


def number(value: float, places=2) -> str:
    """A number as the pages show it (``floatformat``) in the browsers' language."""
    with translation.override(LANGUAGE):
        return floatformat(value, places)


def csv_number(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, where the test also reads the database.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class Watched:
    """A page in a context of its own, with the server errors (5xx) and script errors it met."""

    def __init__(self, browser):
        self.context = browser.new_context(
            locale=BROWSER_LOCALE, timezone_id=ZONE, viewport=DESKTOP, device_scale_factor=1, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.problems: list[str] = []
        self.htmx_gets: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("response", self._response)
        self.page.on("request", self._request)

    def _response(self, response):
        if response.status >= 500:
            self.problems.append(f"{response.status} {response.url}")

    def _request(self, request):
        if request.headers.get("hx-request") and request.method == "GET":
            self.htmx_gets.append(request.url)


def shot(page, name: str, element: str | None = None) -> None:
    """A viewport-sized picture for the docs, only when SAVE_SCREENSHOTS=1 (CI leaves them alone)."""
    if os.environ.get("SAVE_SCREENSHOTS") != "1":
        return
    if element:
        page.locator(element).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)
    page.evaluate("window.scrollTo(0, 0)")


def login(page, username: str, password: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[type=submit]")


def cell_of(page, username: str, key: str):
    """The gradebook cell of ``username`` in the column of item ``key``."""
    keys = page.locator("table.gradebook thead th").evaluate_all("ths => ths.map(th => th.dataset.key)")
    return page.locator(f"table.gradebook tbody tr[data-username={username}]").locator("th, td").nth(keys.index(key))


def usernames(page) -> list[str]:
    return page.locator("table.gradebook tbody tr").evaluate_all("trs => trs.map(tr => tr.dataset.username)")


def no_page_overflow(page) -> None:
    """The page never scrolls sideways on a phone, top bar included: wide tables scroll inside their
    own wrapper."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


@pytest.mark.django_db(transaction=True)
def test_an_instructor_runs_a_cohort_from_the_admin_to_a_regrade(
    live_server, worker, instructor, student, softmax_exercise, chromium
):
    from classroom.models import Cohort, Policy
    from courseware.models import Course
    from exercises.models import Submission

    call_command("sync_course", str(CONTENT), stdout=io.StringIO())
    course = Course.objects.get(slug="redes-neurais")
    assert any("softmax" in module.exercise_slugs for module in course.modules.all())
    student.first_name, student.last_name = "Alice", "Andrade"
    student.save()
    url = live_server.url
    zone = ZoneInfo(ZONE)
    due = (timezone.now() - timedelta(hours=1)).astimezone(zone).replace(microsecond=0)
    cutoff = (timezone.now() + timedelta(days=2)).astimezone(zone).replace(microsecond=0)

    # -- the instructor creates the cohort in the admin --------------------------------------------
    carol = Watched(chromium)
    teacher = carol.page
    teacher.goto(f"{url}/admin/login/?next=/admin/")
    login(teacher, "carol", "carol-password-1")
    teacher.wait_for_url(f"{url}/admin/")
    teacher.goto(f"{url}/admin/classroom/cohort/add/")
    teacher.select_option("#id_course", str(course.pk))
    teacher.fill("#id_name", COHORT)
    teacher.click("input[name=_continue]")
    teacher.wait_for_url("**/admin/classroom/cohort/*/change/")
    cohort = Cohort.objects.get(course=course, name=COHORT)
    assert list(cohort.instructors.all()) == [instructor]  # a cohort she creates is hers
    assert teacher.locator("#id_instructors_to option").all_inner_texts() == ["carol"]
    assert cohort.join_code in teacher.locator(".field-join_code").inner_text()

    # ... imports its roster: two good lines (one a new account), one with a bad e-mail.
    teacher.click(f"a[href='/admin/classroom/cohort/{cohort.pk}/roster/']")
    teacher.set_input_files("#id_file", files=[{"name": "noite-2025.csv", "mimeType": "text/csv", "buffer": ROSTER}])
    teacher.click("input[type=submit].default")
    teacher.wait_for_load_state()
    warning = teacher.locator("ul.messagelist li.warning")
    assert warning.inner_text() == " ".join(
        (
            tn("%(n)d student enrolled.", "%(n)d students enrolled.", 2, n=2),
            tn("%(n)d new account.", "%(n)d new accounts.", 1, n=1),
            tn("%(n)d was already there.", "%(n)d were already there.", 0, n=0),
            tn("%(n)d line with a problem.", "%(n)d lines with problems.", 1, n=1),
        )
    )
    result = teacher.locator("#content").inner_text()
    assert f"{t('Enrolled:')} 2 (alice, dan)" in result
    assert f"{t('New accounts:')} 1" in result
    assert teacher.locator("ul.errorlist li").all_inner_texts() == [
        t("line %(n)d: %(why)s", n=4, why=t("Enter a valid email address."))
    ]
    shot(teacher, "cohort-roster-import.png")

    # ... and gives softmax a due date an hour ago, late work accepted for two days at -10% a day.
    teacher.click(f"a[href$='/admin/classroom/cohort/{cohort.pk}/change/']")
    enrolled = teacher.locator("#enrollments-group").inner_text()
    assert "alice" in enrolled and "dan" in enrolled and "eve" not in enrolled
    teacher.click("#policies-group .add-row a")
    teacher.select_option("#id_policies-0-exercise", str(softmax_exercise.pk))
    teacher.fill("#id_policies-0-due_at_0", due.strftime("%Y-%m-%d"))
    teacher.fill("#id_policies-0-due_at_1", due.strftime("%H:%M:%S"))
    teacher.fill("#id_policies-0-cutoff_at_0", cutoff.strftime("%Y-%m-%d"))
    teacher.fill("#id_policies-0-cutoff_at_1", cutoff.strftime("%H:%M:%S"))
    teacher.select_option("#id_policies-0-penalty", "per_day")
    teacher.fill("#id_policies-0-penalty_value", "0.1")
    teacher.click("input[name=_continue]")
    teacher.wait_for_load_state()
    assert teacher.locator("ul.messagelist li.success").count() == 1, teacher.locator("#content").inner_text()
    policy = Policy.objects.get(cohort=cohort)
    assert (policy.exercise, policy.due_at, policy.cutoff_at) == (softmax_exercise, due, cutoff)
    assert (policy.penalty, policy.penalty_value) == ("per_day", Decimal("0.1"))

    # -- the student, in a browser of her own, submits late ------------------------------------------
    alice = Watched(chromium)
    learner = alice.page
    learner.goto(f"{url}/accounts/login/?next=/exercises/softmax/")
    login(learner, "alice", "alice-password-1")
    learner.wait_for_url("**/exercises/softmax/")
    box = learner.locator(".deadline")
    text = box.inner_text()
    assert t("Cohort %(name)s", name=COHORT) in text
    assert box.locator(".bad").first.inner_text() == t("past due")
    assert t("Late work accepted until") in text
    assert t("Late work loses %(percent)s%% per started day.", percent="10") in text
    # The dates she typed in the admin are the dates the student reads (her zone is São Paulo too).
    shown = box.locator("time").evaluate_all("times => times.map(time => time.getAttribute('datetime'))")
    assert [datetime.fromisoformat(when) for when in shown] == [due, cutoff]
    shot(learner, "exercise-deadline.png")
    learner.wait_for_selector(".CodeMirror")
    learner.evaluate("code => window.exerciseEditor.setValue(code)", CORRECT_SOFTMAX)
    learner.click("#submit-button")
    learner.wait_for_selector("#submissions .submission[data-status=graded]", timeout=60_000)
    assert "10 / 10" in learner.locator("#submissions .submission").first.inner_text()
    submission = Submission.objects.get(user=student, exercise=softmax_exercise)

    # -- the gradebook: late marker, 1 day late at 10% a day = 9 of 10 points -------------------------
    teacher.goto(f"{url}/staff/")
    gradebook_url = f"/staff/redes-neurais/gradebook/?cohort={cohort.pk}"
    teacher.click(f"a[href='{gradebook_url}']")
    teacher.wait_for_url(f"**{gradebook_url}")
    keys = teacher.locator("table.gradebook thead th").evaluate_all("ths => ths.map(th => th.dataset.key)")
    items = [key for key in keys if ":" in key]
    assert keys == ["username", "name", *items, "total"] and "exercise:softmax" in items
    softmax = cell_of(teacher, "alice", "exercise:softmax")
    assert softmax.inner_text().split()[0] == number(9)
    assert softmax.locator(".late-flag").count() == 1
    total = 90 / len(items)  # every item weighs 1; only softmax was done, at 90%
    assert cell_of(teacher, "alice", "total").inner_text() == number(total)
    assert cell_of(teacher, "dan", "total").inner_text() == number(0)
    assert cell_of(teacher, "alice", "name").inner_text() == "Alice Andrade"
    assert cell_of(teacher, "dan", "name").inner_text() == "Daniela Conceição"  # a new account, named by the roster

    # ... sorts by the total (ascending, then descending) ...
    teacher.click("th[data-key=total] a")
    teacher.wait_for_selector("th[data-key=total][aria-sort=ascending]")
    assert usernames(teacher) == ["dan", "alice"]
    teacher.click("th[data-key=total] a")
    teacher.wait_for_selector("th[data-key=total][aria-sort=descending]")
    assert usernames(teacher) == ["alice", "dan"]
    # The table scrolls under the student's column (which stays in view) to softmax's late cell.
    softmax_header = teacher.locator("th[data-key='exercise:softmax']")
    softmax_header.evaluate("th => { th.closest('.gradebook-wrap').scrollLeft = th.offsetLeft - 400; }")
    student_column = teacher.locator("tr[data-username=alice] th").bounding_box()
    assert student_column["x"] >= teacher.locator(".gradebook-wrap").bounding_box()["x"] - 1
    assert softmax_header.bounding_box()["x"] + softmax_header.bounding_box()["width"] <= DESKTOP["width"]
    shot(teacher, "gradebook.png")

    # ... keeps only the students with late work ...
    teacher.check("input[name=late]")
    teacher.click(".filters button[type=submit]")
    teacher.wait_for_url("**late=1**")
    assert usernames(teacher) == ["alice"]
    count = tn("%(shown)s of %(n)s student shown.", "%(shown)s of %(n)s students shown.", 2, shown=1, n=2)
    assert teacher.get_by_text(count).count() == 1
    assert teacher.locator("th[data-key=total]").get_attribute("aria-sort") == "descending"  # the sort stays

    # ... and downloads the CSV, which lists every student of the cohort whatever the filters.
    with teacher.expect_download() as info:
        teacher.click("a[href$='format=csv']")
    download = info.value
    assert download.suggested_filename == "gradebook-redes-neurais-noite-2025.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == ["username", "name", "cohort", *items, "total"]
    lines = {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert sorted(lines) == ["alice", "dan"]
    assert lines["alice"]["exercise:softmax"] == "9.00" and lines["alice"]["total"] == csv_number(total)
    assert (lines["alice"]["name"], lines["alice"]["cohort"]) == ("Alice Andrade", COHORT)
    assert (lines["dan"]["name"], lines["dan"]["total"]) == ("Daniela Conceição", "0.00")
    with teacher.expect_download() as info:
        teacher.click("a[href$='decimal=comma']")
    comma = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    row = next(row for row in csv.reader(io.StringIO(comma), delimiter=";") if row[0] == "alice")
    assert row[3 + items.index("exercise:softmax")] == "9,00" and row[-1] == csv_number(total).replace(".", ",")

    # -- her history: the submission, late, its code; the staff view of it names her ------------------
    teacher.click("tr[data-username=alice] th a")
    teacher.wait_for_url(f"**/staff/redes-neurais/students/{student.pk}/")
    section = teacher.locator("section[data-key='exercise:softmax']")
    assert t("Score that counts: %(s)s of %(m)s", s=number(9), m=number(10, -2)) in section.inner_text()
    assert section.locator(".late-flag").count() == 2  # the item's and the submission's
    section.locator("summary").first.click()
    assert "e = np.exp(x - x.max(axis=0, keepdims=True))" in section.locator("pre").first.inner_text()
    section.locator(f"a[href='/exercises/submissions/{submission.pk}/']").click()
    teacher.wait_for_url(f"**/exercises/submissions/{submission.pk}/")
    assert teacher.locator(".submission-student").inner_text() == f"{t('Student:')} alice (Alice Andrade)"
    assert "def softmax" in teacher.locator("pre").last.inner_text()

    # -- the statistics of the cohort ----------------------------------------------------------------
    teacher.goto(f"{url}/staff/")
    teacher.click(f"a[href='/staff/redes-neurais/statistics/?cohort={cohort.pk}']")
    teacher.wait_for_selector("#exercises")
    summary = tn("Cohort %(cohort)s: %(n)s student.", "Cohort %(cohort)s: %(n)s students.", 2, cohort=COHORT, n=2)
    assert summary in teacher.locator("#scope-summary").inner_text()
    assert teacher.locator("figure.chart svg[role=img]").count() >= 2
    rate = teacher.locator("#exercise-row-softmax .pass-rate").inner_text()
    assert rate.startswith("100%") and t("%(part)s of %(whole)s", part=1, whole=1) in rate
    shot(teacher, "statistics.png", "#exercises")

    # -- a regrade of softmax for the cohort, followed on its page --------------------------------------
    teacher.goto(f"{url}/staff/")
    teacher.click(f"a[href='/staff/redes-neurais/regrades/?cohort={cohort.pk}']")
    teacher.select_option("#id_exercise", "softmax")
    assert teacher.locator("#id_cohort").input_value() == str(cohort.pk)
    teacher.click("#regrade-form button[type=submit]")
    teacher.wait_for_url("**/staff/regrades/*/")
    job_url = teacher.url
    sent = tn(
        "%(count)d submission sent to be graded again.", "%(count)d submissions sent to be graded again.", 1, count=1
    )
    assert teacher.locator(".messages li").inner_text() == sent
    first_render = teacher.get_attribute("#regrade-progress", "data-finished")
    teacher.evaluate("window.sameDocument = true")
    teacher.wait_for_selector("#regrade-progress[data-finished=true]", timeout=60_000)
    if first_render == "false":  # it updated itself, by polling, without reloading the page
        assert any(u.startswith(job_url) for u in carol.htmx_gets)
        assert teacher.evaluate("window.sameDocument") is True
    assert teacher.locator("#regrade-progress .count").inner_text() == "1 / 1"
    regraded = teacher.locator(f"#regraded-{submission.pk}").inner_text()
    assert "alice" in regraded and "10 / 10" in regraded
    assert teacher.locator("#regrade-progress .summary").inner_text() == tn(
        "%(counter)s score changed.", "%(counter)s scores changed.", 0, counter=0
    )
    shot(teacher, "regrade-progress.png")
    teacher.goto(f"{url}{gradebook_url}")
    softmax = cell_of(teacher, "alice", "exercise:softmax")
    assert softmax.inner_text().split()[0] == number(9) and softmax.locator(".late-flag").count() == 1

    # -- on a phone: the page never scrolls sideways; the wide table scrolls inside its wrapper -------
    teacher.set_viewport_size(PHONE)
    teacher.goto(f"{url}{gradebook_url}")
    wrap = teacher.locator(".gradebook-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto'")
    softmax_header = teacher.locator("th[data-key='exercise:softmax']")
    softmax_header.evaluate("th => { th.closest('.gradebook-wrap').scrollLeft = th.offsetLeft - 100; }")
    shot(teacher, "gradebook-phone.png", ".gradebook-wrap")
    no_page_overflow(teacher)
    teacher.goto(f"{url}/staff/redes-neurais/statistics/?cohort={cohort.pk}")
    no_page_overflow(teacher)
    teacher.goto(f"{url}/staff/redes-neurais/students/{student.pk}/")
    no_page_overflow(teacher)
    teacher.goto(f"{url}/staff/redes-neurais/regrades/?cohort={cohort.pk}")  # long exercise names, the jobs
    no_page_overflow(teacher)

    assert carol.problems == [] and alice.problems == []
    carol.context.close()
    alice.context.close()
