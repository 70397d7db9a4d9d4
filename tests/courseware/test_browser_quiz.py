"""A student in real Chromium reads a lesson (math typeset by KaTeX, the figure loaded) and answers
the XOR gate-composition question; the truth table of her network comes back without a reload."""

import io
import shutil

import pytest
from django.core.management import call_command

from tests.conftest import CHROMIUM

from .conftest import CONTENT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"Chromium not found at {CHROMIUM}"),
]


@pytest.mark.django_db(transaction=True)
def test_student_reads_the_xor_lesson_and_composes_xor_from_gates(live_server, student, browser_page):
    call_command("sync_course", str(CONTENT), stdout=io.StringIO())
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-password-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/courses/redes-neurais/xor-multicamadas/")
    page.wait_for_selector(".katex")  # LaTeX typeset in the browser
    assert page.locator(".katex").count() > 3
    figure = page.locator("img[src*='figures/xor.svg']")
    figure.wait_for()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", figure.element_handle())

    question = page.locator("#q-xor-gate-composition")
    question.locator("select[name=gate_A]").select_option("AND")
    question.locator("select[name=gate_B]").select_option("OR")
    question.locator("select[name=gate_C]").select_option("NOT")
    question.locator("button[type=submit]").click()
    page.wait_for_selector("#q-xor-gate-composition .feedback .ok")
    feedback = page.locator("#q-xor-gate-composition .feedback").inner_text()
    assert "✓" in feedback
    rows = page.locator("#q-xor-gate-composition table.truth tbody tr")
    assert rows.count() == 4
    assert page.url.endswith("/courses/redes-neurais/xor-multicamadas/")


@pytest.mark.django_db(transaction=True)
def test_a_wrong_composition_shows_the_truth_table_it_computes(live_server, student, browser_page):
    call_command("sync_course", str(CONTENT), stdout=io.StringIO())
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next=/courses/redes-neurais/xor-multicamadas/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-password-1")
    page.click("button[type=submit]")
    question = page.locator("#q-xor-gate-composition")
    question.wait_for()
    question.locator("select[name=gate_A]").select_option("OR")
    question.locator("select[name=gate_B]").select_option("OR")
    question.locator("select[name=gate_C]").select_option("NOT")
    question.locator("button[type=submit]").click()
    page.wait_for_selector("#q-xor-gate-composition .feedback .bad")
    # NOT(OR) AND OR is 0 everywhere: the table shows the network's column next to the wanted XOR column.
    cells = page.locator("#q-xor-gate-composition table.truth tbody tr td").all_inner_texts()
    assert len(cells) == 16
    network_column = [cells[i] for i in range(2, 16, 4)]
    wanted_column = [cells[i] for i in range(3, 16, 4)]
    assert network_column == ["0", "0", "0", "0"] and wanted_column == ["0", "1", "1", "0"]
