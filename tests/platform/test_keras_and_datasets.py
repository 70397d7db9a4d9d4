"""Keras exercises on the grading-gpu queue (run on the CPU here), and instructors' held-out data sets."""

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exercises import services
from exercises.models import Exercise, HeldOutDataset, Submission
from tests.conftest import wait_until_final

KERAS_MLP = """import keras
from keras import layers

def build_model(input_shape, num_classes):
    model = keras.Sequential([keras.Input(shape=input_shape), layers.Dense(32, activation="relu"),
                              layers.Dense(num_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
"""

NOT_COMPILED = """import keras
from keras import layers

def build_model(input_shape, num_classes):
    return keras.Sequential([keras.Input(shape=input_shape), layers.Dense(num_classes, activation="softmax")])
"""


def blobs_npz(seed=0, n_train=300, n_test=120, features=64, classes=3, **override) -> bytes:
    """A small, well separated data set, made here (the project ships no image files)."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0, 3, size=(classes, features))

    def draw(n):
        y = rng.integers(0, classes, n)
        return (centers[y] + rng.normal(0, 1, size=(n, features))).astype(np.float32), y

    x_train, y_train = draw(n_train)
    x_test, y_test = draw(n_test)
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test, **override}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.fixture
def keras_mlp(db):
    from exercises.management.commands.sync_exercises import Command as Sync
    from grader.bank import load_bundle

    Sync().save(load_bundle("keras-mlp"), "test")
    return Exercise.objects.get(slug="keras-mlp")


def upload(client, exercise, data: bytes, name="blobs"):
    return client.post(
        reverse("admin:exercises_heldoutdataset_add"),
        {"exercise": exercise.pk, "name": name, "is_active": "on", "file": SimpleUploadedFile("held-out.npz", data)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db
def test_instructor_uploads_a_held_out_set_that_is_stored_with_its_checksum(client, instructor, keras_mlp):
    import hashlib

    client.force_login(instructor)
    data = blobs_npz()
    response = upload(client, keras_mlp, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dataset = HeldOutDataset.objects.get()
    assert dataset.sha256 == hashlib.sha256(data).hexdigest() and dataset.is_active
    assert dataset.shapes["x_test"] == [120, 64]
    assert dataset.file.read() == data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "npz"),
        (blobs_npz(x_test=np.array([object()], dtype=object)), "npz"),
        (blobs_npz(y_test=np.zeros(120)), "integer class labels"),
    ],
    ids=["garbage", "pickled-objects", "float-labels"],
)
def test_bad_data_set_is_refused_and_nothing_is_stored(client, instructor, keras_mlp, data, message):
    client.force_login(instructor)
    response = upload(client, keras_mlp, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert HeldOutDataset.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_keras_model_is_trained_on_the_gpu_queue_and_scored_on_held_out_labels(worker, student, keras_mlp):
    from exercises import heldout

    heldout.store(keras_mlp, "blobs", blobs_npz())
    submission = wait_until_final(services.submit(student, keras_mlp, KERAS_MLP, language="en"), timeout_s=240)
    assert submission.status == Submission.Status.GRADED, submission.message
    assert submission.score == submission.max_score
    assert "on 120 test images" in submission.checks[0]["message"]  # the uploaded set, not the digits
    assert submission.images and submission.images[0]["png_base64"].startswith("iVBOR")

    broken = wait_until_final(services.submit(student, keras_mlp, NOT_COMPILED, language="en"), timeout_s=240)
    assert broken.status == Submission.Status.ERROR and "compile" in broken.message
