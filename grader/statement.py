"""The statement a student reads: the author's ``statement.md``, then what the exercise gives her and
which versions run her code. Generated, so it never disagrees with ``exercise.toml``."""

import platform

import numpy as np

from . import given


def with_given_code(bundle) -> str:
    parts = [bundle.statement_source.rstrip()]
    if bundle.given:
        parts.append(_given_section(bundle))
    parts.append(
        "## Ambiente\n\n"
        f"Seu código roda com Python {platform.python_version()} e NumPy {np.__version__}. "
        "No NumPy 2, `np.float`, `np.int` e `np.object` não existem mais (use `float`, `int`, `object`), e "
        "`float(x)` só aceita um array de dimensão 0 ou um número: para um array `(1, 1)`, use `x.item()`."
    )
    return "\n\n".join(parts) + "\n"


def _given_section(bundle) -> str:
    lines = ["## Código fornecido", ""]
    signatures = []
    for module_name, names in bundle.given:
        module = given.module(bundle.bank, module_name)
        listed = ", ".join(f"`{n}`" for n in names)
        lines.append(
            f"O corretor já fornece {listed} (do módulo `{module_name}`). Você pode usá-las sem defini-las; "
            "se definir uma função com o mesmo nome, a sua é usada."
        )
        if module.aliases:
            names_of_module = ", ".join(f"`{a}`" for a in (module_name, *module.aliases))
            lines.append(f"Num notebook, importar de {names_of_module} também funciona.")
        signatures += [module.signature_of(name) for name in names]
    # What each given function takes and returns, not its body: a later exercise may grade the same idea.
    lines += ["", "```python", "\n\n".join(signatures), "```"]
    return "\n".join(lines)
