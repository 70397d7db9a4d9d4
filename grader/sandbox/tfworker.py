"""One single-use TensorFlow process of the Keras pool (started by tfpool.py).

TensorFlow starts threads as it is imported and does not survive fork(), so instead of forking from
a warm parent this process is started fresh, confines itself in two steps and is used once:

1. single-threaded: new session, parent-death signal, namespaces and mounts (isolation.confine_early);
2. imports numpy, TensorFlow and Keras, configures the GPU it was given (memory growth and a cap),
   and tells the pool it is ready (one byte "R" on the result pipe);
3. reads one request (framed as in protocol.py) from its request pipe, applies the remaining layers
   (isolation.confine_late: rlimits without an address-space limit — memory is capped by the cgroup —,
   per-slot uid, no_new_privs, seccomp on every thread), runs the student's code with runner.run and
   writes the result on its result pipe; then exits.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import isolation  # noqa: E402
import protocol  # noqa: E402
import runner  # noqa: E402
from pump import Pump  # noqa: E402

sys.path.remove(HERE)

REQUEST_LIMIT = 512 * 1024 * 1024
TF_MAX_TASKS = 512  # threads count against RLIMIT_NPROC and the pids cgroup


def policy_from(args, limits: dict | None = None) -> "isolation.Policy":
    limits = limits or {}
    return isolation.Policy(
        workdir=args.workdir,
        uid=args.uid,
        gid=args.uid,
        cpu_seconds=max(1, int(float(limits.get("time_s", 600)) * 2)),  # TF uses several threads: wall time rules
        memory_bytes=0,  # no RLIMIT_AS for TensorFlow: the cgroup caps memory
        max_processes=TF_MAX_TASKS,  # TensorFlow runs many threads: each counts as a process
        max_file_bytes=int(limits.get("max_file_mb", 64)) * 1024 * 1024,
        max_open_files=int(limits.get("max_open_files", 256)),
        tmpfs_bytes=int(limits.get("tmpfs_mb", 256)) * 1024 * 1024,
        hidden_paths=tuple(args.hide),
        require_all=args.require_all,
        visible_paths=(sys.prefix, sys.base_prefix),
    )


def configure_tensorflow(gpu_memory_mb: int):
    import tensorflow as tf

    for gpu in tf.config.list_physical_devices("GPU"):  # the pool pinned one device via CUDA_VISIBLE_DEVICES
        tf.config.experimental.set_memory_growth(gpu, True)
        if gpu_memory_mb:
            tf.config.set_logical_device_configuration(
                gpu, [tf.config.LogicalDeviceConfiguration(memory_limit=gpu_memory_mb)]
            )
    return tf


def built_model(namespace: dict, input_shape, num_classes: int, seed: int):
    """The student's build_model(input_shape, num_classes), checked to be a compiled keras.Model."""
    import keras

    build = namespace.get("build_model")
    if not callable(build):
        raise NameError("function build_model() is not defined")
    keras.utils.set_random_seed(int(seed))
    model = build(tuple(int(n) for n in input_shape), int(num_classes))
    if not isinstance(model, keras.Model):
        raise TypeError(f"build_model() must return a keras.Model, not {type(model).__name__}")
    if not getattr(model, "compiled", False) or model.optimizer is None:
        raise TypeError("build_model() must compile the model (model.compile(optimizer=..., loss=...))")
    return model


def keras_fit_predict(
    namespace: dict, input_shape, num_classes: int, x_train, y_train, x_test, *, epochs: int, batch_size: int, seed: int
) -> dict:
    """The harness's fixed training budget applied to the student's build_model(); returns predictions
    for inputs whose labels stay in the harness, and the loss per epoch."""
    import numpy as np

    model = built_model(namespace, input_shape, num_classes, seed)
    history = model.fit(x_train, y_train, epochs=int(epochs), batch_size=int(batch_size), verbose=0)
    predictions = np.asarray(model.predict(x_test, verbose=0), dtype=np.float32)
    losses = [float(v) for v in history.history.get("loss", [])]
    return {"predictions": predictions, "loss": losses, "parameters": int(model.count_params())}


def keras_describe(namespace: dict, input_shape, num_classes: int, *, seed: int) -> dict:
    """What the student's build_model() compiled, as plain JSON for the harness to judge: each loss
    under its canonical Keras name ("mse" and MeanSquaredError() are both mean_squared_error), the
    layers' classes (nested models flattened), the output shape and the last layer's units and
    activation, the optimizer's class."""
    import keras

    model = built_model(namespace, input_shape, num_classes, seed)
    layers = _flat_layers(model)[:200]
    last = layers[-1] if layers else None
    try:
        output_shape = [d if d is None else int(d) for d in model.output_shape]
    except Exception:  # not built, or several outputs
        output_shape = None
    activation = getattr(last, "activation", None)
    activation = "softmax" if isinstance(last, keras.layers.Softmax) else activation and _name(activation)
    units = getattr(last, "units", None)
    return {
        "losses": [_loss(loss) for loss in _listed(model.loss)][:10],
        "optimizer": type(model.optimizer).__name__[:100],
        "layers": [type(layer).__name__[:100] for layer in layers],
        "output_shape": output_shape,
        "output_layer": {
            "class": type(last).__name__[:100] if last is not None else None,
            "units": units if isinstance(units, int) else None,
            "activation": activation,
        },
    }


def _flat_layers(model) -> list:
    import keras

    return [
        leaf for layer in model.layers for leaf in (_flat_layers(layer) if isinstance(layer, keras.Model) else [layer])
    ]


def _listed(loss) -> list:
    if loss is None or isinstance(loss, str) or callable(loss):
        return [loss]
    return list(loss.values()) if hasattr(loss, "values") else list(loss)


def _name(function) -> str:
    return str(getattr(function, "__name__", type(function).__name__)).removesuffix("_v2")[:100]


def _loss(loss) -> dict:
    """A loss given to compile() as a string, a function or a Loss object, by its canonical name."""
    import keras

    if isinstance(loss, str):
        try:
            loss = keras.losses.get(loss)
        except ValueError:
            return {"name": loss[:100], "from_logits": False}
    if loss is None:
        return {"name": None, "from_logits": False}
    if isinstance(loss, keras.losses.Loss):
        config = loss.get_config() if hasattr(loss, "fn") else {}
        name = _name(loss.fn) if hasattr(loss, "fn") else type(loss).__name__[:100]
        return {"name": name, "from_logits": bool(config.get("from_logits", False))}
    return {"name": _name(loss), "from_logits": False}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--uid", type=int, default=None)
    parser.add_argument("--layers", required=True, help="the probe's report, as JSON")
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--require-all", action="store_true")
    parser.add_argument("--gpu-memory-mb", type=int, default=0)
    parser.add_argument("--request-fd", type=int, required=True)
    parser.add_argument("--result-fd", type=int, required=True)
    parser.add_argument("--phase-fd", type=int, required=True)
    args = parser.parse_args()
    layers = json.loads(args.layers)
    ctx = isolation.confine_early(policy_from(args), layers)
    import keras  # noqa: F401
    import numpy  # noqa: F401

    configure_tensorflow(args.gpu_memory_mb)
    runner.PROCEDURES["@keras_fit_predict"] = keras_fit_predict
    runner.PROCEDURES["@keras_describe"] = keras_describe
    os.write(args.result_fd, b"R")
    with os.fdopen(args.request_fd, "rb") as requests:
        header, blob = protocol.read_message(requests.read, REQUEST_LIMIT)
    arrays = protocol.unpack_arrays(blob)
    isolation.confine_late(policy_from(args, header.get("limits")), layers, ctx)
    os.write(args.result_fd, Pump.STARTED)
    runner.run(header, arrays, args.result_fd, args.phase_fd if header.get("hidden") else None)
    return 0


if __name__ == "__main__":
    try:
        code = main()
    except BaseException as exc:  # the pool reports a setup failure as a platform fault
        print(f"tfworker: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        code = 70
    os._exit(code)
