"""Instructors' held-out data sets: validated at upload, checksummed, read back for grading."""

import hashlib
import io

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Exercise, HeldOutDataset

MAX_DATASET_BYTES = getattr(settings, "MAX_DATASET_BYTES", 200 * 1024 * 1024)


def read_arrays(data: bytes) -> dict[str, np.ndarray]:
    """The arrays of an .npz, refusing pickled objects and archives without the four required arrays."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except Exception as exc:  # numpy raises many types for a bad archive
        raise ValidationError(_("Not a readable .npz archive (%(error)s).") % {"error": type(exc).__name__}) from None
    missing = [name for name in HeldOutDataset.REQUIRED_ARRAYS if name not in arrays]
    if missing:
        raise ValidationError(_("The archive lacks the arrays: %(names)s.") % {"names": ", ".join(missing)})
    if len(arrays["x_train"]) != len(arrays["y_train"]) or len(arrays["x_test"]) != len(arrays["y_test"]):
        raise ValidationError(_("x_train/y_train and x_test/y_test must have the same number of examples."))
    for name in ("y_train", "y_test"):
        if arrays[name].dtype.kind not in "iu" or arrays[name].ndim != 1:
            raise ValidationError(_("%(name)s must be a 1-D array of integer class labels.") % {"name": name})
    return arrays


def store(exercise: Exercise, name: str, data: bytes, user=None) -> HeldOutDataset:
    """Validate and store an uploaded data set; it becomes the one used for grading."""
    if len(data) > MAX_DATASET_BYTES:
        raise ValidationError(_("The file is too large (limit %(mb)d MB).") % {"mb": MAX_DATASET_BYTES >> 20})
    arrays = read_arrays(data)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        HeldOutDataset.objects.filter(exercise=exercise, is_active=True).update(is_active=False)
        dataset = HeldOutDataset(
            exercise=exercise,
            name=name,
            sha256=digest,
            size_bytes=len(data),
            uploaded_by=user,
            shapes={k: list(v.shape) for k, v in arrays.items()},
        )
        dataset.file.save(f"{digest[:16]}.npz", ContentFile(data), save=False)
        dataset.save()
    return dataset


def active_arrays(exercise: Exercise) -> dict[str, np.ndarray] | None:
    """The active data set's arrays, after checking the stored file still has its checksum."""
    dataset = exercise.datasets.filter(is_active=True).first()
    if dataset is None:
        return None
    with dataset.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != dataset.sha256:
        raise RuntimeError(f"held-out data set {dataset.pk} of {exercise.slug} does not match its checksum")
    return read_arrays(data)
