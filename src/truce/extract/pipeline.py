"""A pipeline: named components run in order over one :class:`Doc`.

Each component is a callable ``Doc -> Doc`` registered with the layers it needs and the
layers it fills, so a pipeline can be checked when it is built (a component that needs
``dates`` must come after the one that assigns them) and users can add their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from truce.errors import DataError
from truce.extract.doc import Doc

ComponentFn = Callable[[Doc], Doc]


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    fn: ComponentFn
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


REGISTRY: dict[str, Component] = {}


def component(
    name: str, *, requires: Sequence[str] = (), assigns: Sequence[str] = ()
) -> Callable[[ComponentFn], ComponentFn]:
    """Register a function as a pipeline component under ``name``."""

    def register(fn: ComponentFn) -> ComponentFn:
        REGISTRY[name] = Component(name, fn, tuple(requires), tuple(assigns))
        return fn

    return register


class Pipeline:
    """Components in order; ``pipeline(doc)`` runs them all."""

    def __init__(self, names: Iterable[str]) -> None:
        self.components: list[Component] = []
        available: set[str] = set()
        for name in names:
            if name not in REGISTRY:
                raise DataError(
                    f"unknown pipeline component {name!r} (known: {', '.join(REGISTRY)})"
                )
            comp = REGISTRY[name]
            missing = [layer for layer in comp.requires if layer not in available]
            if missing:
                raise DataError(
                    f"pipeline component {name!r} needs {', '.join(missing)} "
                    "from a component placed before it"
                )
            available.update(comp.assigns)
            self.components.append(comp)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, doc: Doc) -> Doc:
        for comp in self.components:
            result = comp.fn(doc)
            if not isinstance(result, Doc):
                raise TypeError(f"pipeline component {comp.name!r} did not return a Doc")
            doc = result
        return doc
