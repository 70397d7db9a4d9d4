"""ResultOf: a call may use what an earlier call of the same run returned."""

import numpy as np
import pytest

from grader.sandbox import protocol
from grader.sandbox.client import Call, Limits
from grader.sandbox.protocol import ResultOf

SOURCE = """
import numpy as np
def train(x):
    return {"w": x * 2}, [3.0, 2.0]
def use(w):
    return w.sum()
def boom():
    raise ValueError("no")
"""


def test_result_of_an_earlier_call_is_passed_on(zygote):
    calls = [
        Call("train", (np.arange(3.0),)),
        Call("use", (ResultOf(0).unwrap()["w"],)),
        Call("use", (ResultOf(0)[1][0] * 0 + np.ones(2),)) if False else Call("use", (ResultOf(0)[0]["w"],)),
    ]
    run = zygote.run(SOURCE, calls, Limits())
    assert run.status == "ok"
    assert run.calls[1].value == 6.0 and run.calls[2].value == 6.0


def test_a_failed_or_mismatched_dependency_fails_the_dependent_call(zygote):
    calls = [Call("boom"), Call("use", (ResultOf(0),)), Call("train", (np.ones(2),)), Call("use", (ResultOf(2)[5],))]
    run = zygote.run(SOURCE, calls, Limits())
    assert [c.ok for c in run.calls] == [False, False, True, False]
    assert run.calls[1].kind == "dependency" and "boom()" in run.calls[1].error
    assert run.calls[3].kind == "dependency" and "no item 5" in run.calls[3].error


def test_the_harness_refuses_a_result_reference_in_returned_data():
    tree = ResultOf(0).to_wire()
    with pytest.raises(protocol.ProtocolError):
        protocol.decode_value(tree, {})
