"""The real keras.datasets loader on files an instructor has, made small here (no download)."""

import gzip
import io
import struct

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from exercises.models import Exercise, HeldOutDataset


def write_idx(path, array: np.ndarray) -> None:
    """The IDX format of (Fashion-)MNIST: magic, sizes, then unsigned bytes."""
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + b"".join(struct.pack(">I", n) for n in array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def keras_home(tmp_path):
    folder = tmp_path / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 60), ("t10k", 20)):
        write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", rng.integers(0, 256, size=(n, 28, 28)))
        write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", rng.integers(0, 10, size=n))
    return tmp_path


@pytest.fixture
def keras_cnn(db):
    return Exercise.objects.create(slug="keras-cnn", title="Keras CNN", queue="grading-gpu")


def test_fashion_mnist_files_are_loaded_by_keras_and_stored(keras_home, keras_cnn):
    out = io.StringIO()
    call_command("import_keras_dataset", "keras-cnn", "fashion_mnist", "--keras-home", str(keras_home), stdout=out)
    dataset = HeldOutDataset.objects.get(exercise=keras_cnn)
    assert dataset.is_active and dataset.name == "keras.datasets.fashion_mnist"
    assert dataset.shapes == {"x_train": [60, 28, 28], "y_train": [60], "x_test": [20, 28, 28], "y_test": [20]}
    assert "60 training, 20 test" in out.getvalue()


def test_missing_files_give_a_clear_message_and_store_nothing(tmp_path, keras_cnn):
    with pytest.raises(CommandError, match="Place them as"):
        call_command("import_keras_dataset", "keras-cnn", "fashion_mnist", "--keras-home", str(tmp_path))
    assert HeldOutDataset.objects.count() == 0
