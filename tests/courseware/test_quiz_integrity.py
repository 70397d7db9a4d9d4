"""The quiz page does not give the answer away: options go out as opaque tokens in an order of each
student's own, and the correct answer, the reveal and a multiple choice's option explanations reach
the browser only once the student has it right or has no attempts left."""

import re
import shutil
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from courseware import engine, services, tokens
from courseware.models import Attempt, Module, Question, QuestionState
from courseware.questions import inline_markdown
from tests.conftest import CHROMIUM

from .conftest import answer_url, form_fields, lesson_url, post_answer

REFUSED = "This option is not one of the question&#x27;s: reload the page."
CHOICE_KINDS = ("single", "multiple")


class _Page(HTMLParser):
    """Every attribute and comment of a page or fragment, and its answer fields in document order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.comments: list[str] = []
        self.choices: list[str] = []  # values of the choice inputs, in order
        self.selects: dict[str, list[str]] = defaultdict(list)  # select name -> option values
        self.inputs: list[dict] = []
        self._select = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.attributes.extend((tag, name, value) for name, value in attrs.items())
        if tag == "input":
            self.inputs.append(attrs)
            if attrs.get("name") == "choice":
                self.choices.append(attrs.get("value", ""))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and attrs.get("value"):
            self.selects[self._select].append(attrs["value"])

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def handle_comment(self, data):
        self.comments.append(data)


def _section(html: str, slug: str) -> str:
    start = html.index(f'id="q-{slug}"')
    return html[start : html.index("</section>", start)]


def _keys(question) -> list[str]:
    entries = question.spec.get("options") or question.spec.get("items") or []
    return [entry["key"] for entry in entries]


def _shown_keys(user, question, values: list[str], attempt: int = 0) -> list[str]:
    """The quiz-file keys behind the tokens the page gave ``user`` (None for a token that is none)."""
    return [tokens.option_key(user, question.slug, attempt, _keys(question), value) for value in values]


def _number_texts(value) -> set[str]:
    if not isinstance(value, list):
        flat = [value]
    elif value and isinstance(value[0], list):
        flat = [v for row in value for v in row]
    else:
        flat = value
    texts = {engine.format_number(v, sep) for v in flat for sep in (".", ",")}
    texts |= {engine.format_value(value, None, sep) for sep in (".", ",")}
    return texts


def _active_by_module(course) -> dict[Module, list[Question]]:
    by_module = defaultdict(list)
    questions = Question.objects.filter(quiz__module__course=course, is_active=True).select_related("quiz__module")
    for question in questions.order_by("quiz__module__number", "position"):
        by_module[question.quiz.module].append(question)
    return by_module


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def students(django_user_model):
    def make(n: int, prefix: str = "s"):
        return [django_user_model.objects.create_user(f"{prefix}{i:02d}") for i in range(n)]

    return make


def _no_cooldown(*slugs):
    Question.objects.filter(slug__in=slugs).update(cooldown_seconds=0)


# -- what a page carries ---------------------------------------------------------------------


@pytest.mark.django_db
def test_no_page_carries_a_key_of_the_quiz_file_or_an_answer(course, student, other_student, students):
    readers = [None, student, other_student, *students(2, "reader")]
    by_module = _active_by_module(course)
    assert sum(len(qs) for qs in by_module.values()) > 20
    checked = defaultdict(int)
    for reader in readers:
        client = _login(reader) if reader else Client()
        for module, questions in by_module.items():
            html = client.get(module.get_absolute_url()).content.decode()
            page = _Page(html)
            all_keys = {key for question in questions for key in _keys(question)}
            for tag, name, value in page.attributes:
                if name == "value" or name.startswith("data-"):
                    assert value not in all_keys, (module.slug, tag, name, value)
            assert not any(key in comment for comment in page.comments for key in all_keys), page.comments
            for question in questions:
                section = _section(html, question.slug)
                part = _Page(section)
                keys = set(_keys(question))
                leaked = [(tag, name, value) for tag, name, value in part.attributes if value in keys]
                assert not leaked, (question.slug, leaked)
                assert not part.comments, (question.slug, part.comments)
                assert 'class="reveal"' not in section and 'class="answer"' not in section, question.slug
                assert "The correct answer" not in section and 'class="explanation"' not in section, question.slug
                if reader is None:
                    continue  # a visitor gets no form
                if question.kind in engine.NUMBER_KINDS:
                    answer = services.standing(reader, question).variant.answer
                    values = {i.get("value", "") for i in part.inputs if i.get("name") not in ("attempt", None)}
                    values.discard("")
                    assert not values & _number_texts(answer), (question.slug, values)
                    data = [value for _tag, name, value in part.attributes if name.startswith("data-")]
                    assert not set(data) & _number_texts(answer), (question.slug, data)
                if question.kind in CHOICE_KINDS:
                    shown = _shown_keys(reader, question, part.choices)
                    assert sorted(shown) == sorted(keys), question.slug  # every option, each as its token
                if question.kind == "ordering":
                    for position in range(len(keys)):
                        assert sorted(_shown_keys(reader, question, part.selects[f"pos{position}"])) == sorted(keys)
                checked[question.kind] += 1
    assert set(checked) >= {"single", "multiple", "ordering", "numeric", "vector", "matrix", "gates"}, checked


@pytest.mark.django_db
def test_option_order_is_each_students_own_and_the_right_one_is_not_always_first(course, students):
    crowd = students(40)
    by_module = {
        module: [q for q in questions if q.kind in (*CHOICE_KINDS, "ordering")]
        for module, questions in _active_by_module(course).items()
    }
    by_module = {module: qs for module, qs in by_module.items() if qs}
    orders: dict[str, list[tuple]] = defaultdict(list)
    for person in crowd:
        client = _login(person)
        for module, questions in by_module.items():
            html = client.get(module.get_absolute_url()).content.decode()
            for question in questions:
                part = _Page(_section(html, question.slug))
                values = part.choices if question.kind in CHOICE_KINDS else part.selects["pos0"]
                shown = _shown_keys(person, question, values)
                assert None not in shown and len(shown) == len(_keys(question))
                orders[question.slug].append((person, tuple(shown)))

    first_right = {}
    for question in Question.objects.filter(slug__in=orders):
        seen = orders[question.slug]
        assert len({order for _p, order in seen}) > 1, f"{question.slug}: every student sees the same order"
        file_order = tuple(_keys(question))
        as_in_file = sum(order == file_order for _p, order in seen)
        assert as_in_file < len(seen) * (0.85 if len(file_order) == 2 else 0.4), (question.slug, as_in_file)
        answers = [services.standing(person, question).variant.answer for person, _o in seen]
        if question.kind == "single":
            hits = sum(order[0] == answer for (_p, order), answer in zip(seen, answers))
            n = len(file_order)
            first_right[question.slug] = (hits, n)
            assert 0 < hits < len(seen), (question.slug, hits)
            # 1/n expected; one question of many can reach 50% by chance (20 of 40 at n = 3 is 2.5%
            # likely), so each is held to 65% and all of them together to 45% below.
            if n >= 3:
                assert hits < len(seen) * 0.65, (question.slug, hits)
        elif question.kind == "multiple":
            # The wrong options land in every position over the crowd, not where the file puts them.
            wrong = [k for k in file_order if k not in answers[0]]
            positions = {order.index(k) for _p, order in seen for k in wrong}
            assert len(positions) == len(file_order), (question.slug, positions)
        else:
            assert sum(order == tuple(answer) for (_p, order), answer in zip(seen, answers)) < 5, question.slug
    # Over all the single choices with three options or more, the right one comes first about 1/n of the time.
    big = [(hits, n) for hits, n in first_right.values() if n >= 3]
    assert big and sum(hits for hits, _n in big) < 0.45 * 40 * len(big)
    assert sum(hits for hits, _n in big) > 0.5 * sum(40 / n for _h, n in big)


@pytest.mark.django_db
def test_order_and_tokens_are_stable_for_her_and_differ_for_someone_else(course, student, other_student):
    url = lesson_url("init-for-relu")
    first = _login(student).get(url).content.decode()
    again = _login(student).get(url).content.decode()
    theirs = _login(other_student).get(url).content.decode()
    question = Question.objects.get(slug="init-for-relu")
    mine_values = _Page(_section(first, question.slug)).choices
    assert _Page(_section(again, question.slug)).choices == mine_values
    their_values = _Page(_section(theirs, question.slug)).choices
    assert not set(mine_values) & set(their_values)  # her tokens mean nothing on another account
    assert None in _shown_keys(student, question, their_values)

    differs = False
    for slug in ("softmax-shift", "entropy-max", "keras-loss-onehot", "lenet-order", "kl-properties"):
        question = Question.objects.get(slug=slug)
        url = lesson_url(slug)
        pages = [_Page(_section(_login(p).get(url).content.decode(), slug)) for p in (student, other_student)]
        values = [p.choices or p.selects["pos0"] for p in pages]
        shown = [_shown_keys(p, question, v) for p, v in zip((student, other_student), values)]
        differs |= shown[0] != shown[1]
    assert differs


# -- answering with tokens ---------------------------------------------------------------------


@pytest.mark.django_db
def test_answering_with_the_pages_tokens_works(client, course, student):
    client.force_login(student)
    for slug in ("softmax-shift", "kl-properties", "lenet-order", "perceptron-gate"):
        question = Question.objects.get(slug=slug)
        section = _section(client.get(lesson_url(slug)).content.decode(), slug)
        part = _Page(section)
        values = part.choices or part.selects["pos0"]
        by_key = dict(zip(_shown_keys(student, question, values), values))
        answer = services.standing(student, question).variant.answer
        if question.kind == "single":
            data = {"choice": by_key[answer]}
        elif question.kind == "multiple":
            data = {"choice": [by_key[k] for k in answer]}
        else:
            data = {f"pos{i}": by_key[k] for i, k in enumerate(answer)}
        assert data == form_fields(question.kind, answer, user=student, slug=slug)
        html = post_answer(client, slug, data, 0).content.decode()
        assert 'class="ok"' in html, (slug, html)
        state = QuestionState.objects.get(user=student, question=question)
        assert (state.attempts_used, state.correct) == (1, True)
        assert Attempt.objects.get(user=student, question=question).answer == answer


@pytest.mark.django_db
def test_a_raw_key_or_a_forged_token_is_refused_without_costing_an_attempt(client, course, student, other_student):
    client.force_login(student)
    question = Question.objects.get(slug="softmax-shift")
    theirs = tokens.option_token(other_student, question.slug, 0, "invariance")
    forged = [
        {"choice": "invariance"},  # the quiz file's key
        {"choice": "0123456789abcdef"},
        {"choice": theirs},  # another student's token for the right option
        {"choice": tokens.option_token(student, question.slug, 1, "invariance")},  # a later attempt's
        {"choice": tokens.option_token(None, question.slug, 0, "invariance")},  # a visitor's
    ]
    for data in forged:
        html = post_answer(client, question.slug, data, 0).content.decode()
        assert REFUSED in html and 'class="ok"' not in html, data
    assert not Attempt.objects.filter(user=student).exists()
    assert not QuestionState.objects.filter(user=student, attempts_used__gt=0).exists()

    multiple = Question.objects.get(slug="kl-properties")
    good = tokens.option_token(student, multiple.slug, 0, "zero")
    html = post_answer(client, multiple.slug, {"choice": [good, "nonnegative"]}, 0).content.decode()
    assert REFUSED in html
    ordering = Question.objects.get(slug="keras-workflow")
    fields = form_fields("ordering", _keys(ordering), user=student, slug=ordering.slug)
    fields["pos2"] = "fit"
    assert REFUSED in post_answer(client, ordering.slug, fields, 0).content.decode()
    assert not Attempt.objects.filter(user=student).exists()

    # Without htmx the refusal comes back as the page's message, and still costs nothing.
    response = client.post(answer_url(question.slug), {"choice": "invariance", "attempt": 0}, follow=True)
    assert REFUSED in response.content.decode()
    assert not Attempt.objects.filter(user=student).exists()
    # The right token then counts as the first attempt.
    data = form_fields("single", "invariance", user=student, slug=question.slug)
    assert 'class="ok"' in post_answer(client, question.slug, data, 0).content.decode()
    assert QuestionState.objects.get(user=student, question=question).attempts_used == 1


@pytest.mark.django_db
def test_a_page_left_open_after_another_tab_answered_is_told_it_changed(client, course, student):
    client.force_login(student)
    _no_cooldown("softmax-shift")
    wrong = form_fields("single", "normalize", user=student, slug="softmax-shift")
    post_answer(client, "softmax-shift", wrong, 0)
    html = post_answer(client, "softmax-shift", wrong, 0).content.decode()
    assert "has changed" in html
    assert Attempt.objects.filter(user=student).count() == 1


# -- when the answer may show ------------------------------------------------------------------


def _wrong_answers(question, variant) -> list:
    keys = _keys(question)
    if question.kind == "single":
        return [k for k in keys if k != variant.answer]
    if question.kind == "multiple":
        return [keys]  # all of them, wrong as long as one option is wrong
    if question.kind == "ordering":
        return [list(reversed(variant.answer))]
    raise AssertionError(question.kind)


@pytest.mark.django_db
def test_wrong_answers_show_no_answer_until_the_attempts_are_used_up(client, course, student):
    client.force_login(student)
    slugs = ("softmax-shift", "kl-properties", "lenet-order", "conv-output-size", "softmax-values")
    _no_cooldown(*slugs)
    for slug in slugs:
        question = Question.objects.get(slug=slug)
        allowed = question.attempts_allowed
        for attempt in range(allowed):
            variant = services.standing(student, question).variant
            if question.kind in engine.NUMBER_KINDS:
                bump = (lambda v: v + 1) if question.kind == "numeric" else (lambda v: [x + 1 for x in v])
                data = form_fields(question.kind, bump(variant.answer))
            else:
                wrong = _wrong_answers(question, variant)
                data = form_fields(question.kind, wrong[attempt % len(wrong)], user=student, slug=slug, attempt=attempt)
            html = post_answer(client, slug, data, attempt).content.decode()
            assert 'class="bad"' in html, (slug, attempt, html)
            part = _Page(html)
            assert not part.comments and not [a for a in part.attributes if a[2] in set(_keys(question))]
            last = attempt == allowed - 1
            assert ('class="reveal"' in html) is last, (slug, attempt)
            if question.kind == "multiple":
                explained = [o["explanation"] for o in question.spec["options"] if o.get("explanation")]
                # Which chosen options carry an explanation would tell the wrong ones apart.
                assert all((text in html) is last for text in explained), (slug, attempt)
        assert "No attempts left. The correct answer:" in html
        reveal = html[html.index('class="reveal"') :]
        if question.kind == "numeric":
            assert f'<p class="answer">{engine.format_number(variant.answer, ",")}</p>' in reveal
        if question.kind == "single":
            right = next(o["text"] for o in question.spec["options"] if o["key"] == variant.answer)
            assert str(inline_markdown(right)) in reveal and 'name="choice"' not in html
        if question.kind == "ordering":
            texts = {i["key"]: i["text"] for i in question.spec["items"]}
            listed = re.findall(r"<li>(.*?)</li>", reveal[: reveal.index("</ol>")])
            assert listed == [str(inline_markdown(texts[k])) for k in variant.answer]
        page = client.get(lesson_url(slug)).content.decode()
        assert "No attempts left. The correct answer:" in _section(page, slug)


@pytest.mark.django_db
def test_a_single_choice_explains_the_chosen_wrong_option_only(client, course, student):
    client.force_login(student)
    question = Question.objects.get(slug="softmax-shift")
    html = post_answer(client, question.slug, form_fields("single", "normalize", user=student, slug=question.slug), 0)
    html = html.content.decode()
    explanations = {o["key"]: o.get("explanation", "") for o in question.spec["options"]}
    assert "Elas já somam 1 pela divisão" in html  # her option's explanation
    assert "As probabilidades continuam entre 0 e 1" not in html  # not another option's
    assert 'class="reveal"' not in html and explanations["normalize"]


@pytest.mark.django_db
def test_once_solved_the_answer_she_got_right_is_shown(client, course, student):
    client.force_login(student)
    _no_cooldown("conv-output-size", "kl-properties")
    question = Question.objects.get(slug="conv-output-size")
    solved = services.standing(student, question).variant
    html = post_answer(client, question.slug, {"value": str(solved.answer)}, 0).content.decode()
    assert 'class="ok"' in html and "You answered correctly. The answer:" in html
    assert f'<p class="answer">{engine.format_number(solved.answer, ",")}</p>' in html
    assert 'name="attempt" value="1"' in html  # she may keep practising with new numbers
    page = _section(client.get(lesson_url(question.slug)).content.decode(), question.slug)
    assert "You answered correctly. The answer:" in page and f">{engine.format_number(solved.answer, ',')}<" in page
    assert question.explanation and 'class="explanation"' in page

    multiple = Question.objects.get(slug="kl-properties")
    answer = services.standing(student, multiple).variant.answer
    html = post_answer(client, multiple.slug, form_fields("multiple", answer, user=student, slug=multiple.slug), 0)
    html = html.content.decode()
    assert 'class="ok"' in html and 'class="reveal"' in html
    reveal = html[html.index('class="reveal"') :]
    for option in multiple.spec["options"]:
        assert (str(inline_markdown(option["text"])) in reveal) is (option["key"] in answer), option["key"]


@pytest.mark.django_db
def test_without_htmx_the_message_after_a_wrong_choice_does_not_name_the_answer(client, course, student):
    client.force_login(student)
    question = Question.objects.get(slug="entropy-max")
    right = next(o for o in question.spec["options"] if o.get("correct"))
    data = {**form_fields("single", "certain", user=student, slug=question.slug), "attempt": 0}
    response = client.post(answer_url(question.slug), data, follow=True)
    html = response.content.decode()
    messages = html[html.index('<ul class="messages">') : html.index("</ul>", html.index('<ul class="messages">'))]
    assert "Incorrect." in messages and right["text"][:30] not in messages
    assert 'class="reveal"' not in _section(html, question.slug)
    lesson = reverse("courseware:lesson", args=["redes-neurais", question.quiz.module.slug])
    assert lesson in response.redirect_chain[0][0]


# -- in a real browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"Chromium not found at {CHROMIUM}")
@pytest.mark.django_db(transaction=True)
def test_student_picks_an_option_by_its_text_in_chromium(live_server, student, browser_page):
    import io

    from django.core.management import call_command

    from .conftest import CONTENT

    call_command("sync_course", str(CONTENT), stdout=io.StringIO())
    _no_cooldown("softmax-shift")
    question = Question.objects.get(slug="softmax-shift")
    keys = _keys(question)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/?next={lesson_url(question.slug)}")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "alice-password-1")
    page.click("button[type=submit]")
    box = page.locator(f"#q-{question.slug}")
    box.wait_for()
    values = page.evaluate(
        "() => Array.from(document.querySelectorAll('input, option, select, [data-answer]'))"
        ".flatMap(e => Array.from(e.attributes).map(a => a.value))"
    )
    assert not set(values) & set(keys)
    box.locator("label", has_text="Para que as probabilidades somem 1").locator("input").check()
    box.locator("button[type=submit]").click()
    page.wait_for_selector(f"#q-{question.slug} .feedback .bad")
    assert "Elas já somam 1" in box.inner_text()
    assert box.locator(".reveal").count() == 0
    box.locator("label", has_text="Somar a mesma constante").locator("input").check()
    box.locator("button[type=submit]").click()
    page.wait_for_selector(f"#q-{question.slug} .feedback .ok")
    assert box.locator(".reveal").count() == 1
    assert "Somar a mesma constante" in box.locator(".reveal").inner_text()
