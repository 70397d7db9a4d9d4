"""A student in real Chromium: log in, submit a correct softmax in the editor, watch the verdict arrive."""

import shutil

import pytest

from tests.conftest import CHROMIUM

from .sources import CORRECT_SOFTMAX

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"Chromium not found at {CHROMIUM}"),
]


@pytest.mark.django_db(transaction=True)
def test_student_submits_softmax_in_the_editor_and_sees_the_verdict(
    live_server, worker, student, softmax_exercise, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next=/exercises/softmax/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-password-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/exercises/softmax/")
    page.wait_for_selector(".CodeMirror")  # the editor component replaced the textarea
    assert "def softmax" in page.evaluate("window.exerciseEditor.getValue()")  # the starter code
    page.evaluate("code => window.exerciseEditor.setValue(code)", CORRECT_SOFTMAX)
    page.click("#submit-button")
    first = page.locator("#submissions .submission").first
    first.wait_for()
    assert first.get_attribute("data-status") in ("queued", "running", "graded")
    page.wait_for_selector("#submissions .submission[data-status=graded]", timeout=60_000)
    graded = page.locator("#submissions .submission[data-status=graded]").first
    assert "10 / 10" in graded.inner_text()
    every_check = graded.locator(".checks li").count()
    assert every_check >= 8 and graded.locator(".checks li.ok").count() == every_check
    # The page updated itself: it is still the same document, never reloaded.
    assert page.url.endswith("/exercises/softmax/")
