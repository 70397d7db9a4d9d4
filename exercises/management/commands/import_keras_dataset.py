import io
import os
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exercises import heldout
from exercises.models import Exercise

# The keras.datasets loaders whose files an instructor can place by hand (no download here).
LOADERS = {
    "mnist": "datasets/mnist.npz",
    "fashion_mnist": "datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz",
    "cifar10": "datasets/cifar-10-batches-py/ (the extracted archive)",
}


class Command(BaseCommand):
    help = (
        "Load a data set with the real keras.datasets loader from files an instructor already has "
        "(KERAS_HOME layout) and store it as the exercise's held-out data set."
    )

    def add_arguments(self, parser):
        parser.add_argument("exercise", help="exercise slug, e.g. keras-cnn")
        parser.add_argument("dataset", choices=sorted(LOADERS))
        parser.add_argument(
            "--keras-home",
            default=os.environ.get("KERAS_HOME", str(Path.home() / ".keras")),
            help="the folder holding datasets/... (default: $KERAS_HOME or ~/.keras)",
        )
        parser.add_argument("--train-size", type=int, default=None, help="keep only this many training examples")
        parser.add_argument("--test-size", type=int, default=None, help="keep only this many test examples")

    def handle(self, *args, **options):
        try:
            exercise = Exercise.objects.get(slug=options["exercise"])
        except Exercise.DoesNotExist:
            raise CommandError(f"unknown exercise: {options['exercise']}") from None
        name = options["dataset"]
        (x_train, y_train), (x_test, y_test) = self.load(name, options["keras_home"])
        x_train, y_train = x_train[: options["train_size"]], y_train[: options["train_size"]]
        x_test, y_test = x_test[: options["test_size"]], y_test[: options["test_size"]]
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            x_train=x_train,
            y_train=y_train.reshape(-1).astype(np.int64),
            x_test=x_test,
            y_test=y_test.reshape(-1).astype(np.int64),
        )
        try:
            dataset = heldout.store(exercise, f"keras.datasets.{name}", buffer.getvalue())
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"{exercise.slug}: stored {dataset.name} ({len(x_train)} training, {len(x_test)} test "
            f"examples, sha256 {dataset.sha256[:12]}…), now used for grading"
        )

    @staticmethod
    def load(name: str, keras_home: str):
        os.environ["KERAS_HOME"] = keras_home  # read by keras once, when it is imported
        import keras
        from keras.src.backend import config

        config._KERAS_DIR = keras_home  # when keras was imported earlier in this process

        loader = getattr(keras.datasets, name)
        try:
            return loader.load_data()
        except Exception as exc:  # a missing file makes keras try to download it, which fails offline
            raise CommandError(
                f"keras.datasets.{name} could not load its files from {keras_home}: {type(exc).__name__}: {exc}. "
                f"Place them as {keras_home}/{LOADERS[name]}."
            ) from None
