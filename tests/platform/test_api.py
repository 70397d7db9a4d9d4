"""The JSON API: token and session auth, submissions, and the OpenAPI document."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ApiToken
from exercises.models import Submission

from .sources import CORRECT_SOFTMAX

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(student):
    return ApiToken.objects.create(user=student, name="script").key


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def test_openapi_document_lists_the_submission_endpoints(client):
    document = client.get("/api/openapi.json").json()
    assert {"/api/submissions", "/api/submissions/{submission_id}", "/api/submissions/upload"} <= set(document["paths"])


def test_script_with_a_token_creates_and_reads_its_submission(client, token, softmax_exercise, broker):
    created = post_json(client, "/api/submissions", {"exercise": "softmax", "source": CORRECT_SOFTMAX}, **auth(token))
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "queued" and body["exercise"] == "softmax"
    read = client.get(f"/api/submissions/{body['id']}", **auth(token))
    assert read.status_code == 200 and read.json()["id"] == body["id"]
    listing = client.get("/api/submissions", **auth(token)).json()
    assert [s["id"] for s in listing] == [body["id"]]


def test_without_credentials_nothing_is_readable(client, softmax_exercise):
    assert client.get("/api/submissions").status_code == 401
    assert client.get("/api/submissions", **auth("not-a-token")).status_code == 401


def test_another_students_submission_is_404_not_403(client, token, other_student, softmax_exercise):
    theirs = Submission.objects.create(user=other_student, exercise=softmax_exercise, source="x = 1", seed=1)
    response = client.get(f"/api/submissions/{theirs.pk}", **auth(token))
    assert response.status_code == 404


def test_session_auth_works_for_the_site(client, student, softmax_exercise):
    client.force_login(student)
    assert client.get("/api/submissions").status_code == 200


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "empty"),
        (b"x = 1\n" * 400_000, "too large"),
        (b"\xff\xfe\x00d\x00e\x00f", "binary"),
        (b"caf\xe9 = 1\n", "UTF-8"),
    ],
    ids=["empty", "2-MB", "binary", "non-utf8"],
)
def test_bad_uploads_are_refused_with_a_message_and_no_row(client, token, softmax_exercise, payload, message):
    upload = SimpleUploadedFile("s.py", payload)
    response = client.post(
        "/api/submissions/upload", {"exercise": "softmax", "file": upload}, HTTP_ACCEPT_LANGUAGE="en", **auth(token)
    )
    assert response.status_code == 400
    assert message.lower() in response.json()["detail"].lower()
    assert Submission.objects.count() == 0


def test_unknown_exercise_is_404_and_stores_nothing(client, token):
    response = post_json(client, "/api/submissions", {"exercise": "nope", "source": "x = 1"}, **auth(token))
    assert response.status_code == 404
    assert Submission.objects.count() == 0


def test_empty_source_in_json_is_refused(client, token, softmax_exercise):
    response = post_json(client, "/api/submissions", {"exercise": "softmax", "source": ""}, **auth(token))
    assert response.status_code == 400
    assert Submission.objects.count() == 0
