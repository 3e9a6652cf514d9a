# Types for the parts of anytree 2.x that twitchtree uses (anytree ships none).
# Properties return Self, so a subclass's `children`, `parent` and `path` have its own type.

from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, Generic, NamedTuple, Self, TypeVar

class NodeMixin:
    separator: ClassVar[str]
    @property
    def parent(self) -> Self | None: ...
    @parent.setter
    def parent(self, value: Self | None) -> None: ...
    @property
    def children(self) -> tuple[Self, ...]: ...
    @children.setter
    def children(self, children: Iterable[Self]) -> None: ...
    @property
    def path(self) -> tuple[Self, ...]: ...
    def iter_path_reverse(self) -> Iterator[Self]: ...
    @property
    def ancestors(self) -> tuple[Self, ...]: ...
    @property
    def descendants(self) -> tuple[Self, ...]: ...
    @property
    def root(self) -> Self: ...
    @property
    def siblings(self) -> tuple[Self, ...]: ...
    @property
    def leaves(self) -> tuple[Self, ...]: ...
    @property
    def is_leaf(self) -> bool: ...
    @property
    def is_root(self) -> bool: ...
    @property
    def height(self) -> int: ...
    @property
    def depth(self) -> int: ...
    @property
    def size(self) -> int: ...

class Node(NodeMixin):
    name: Any
    def __init__(self, name: Any, parent: Node | None = None, children: Iterable[Node] | None = None, **kwargs: Any) -> None: ...

_N = TypeVar("_N", bound=NodeMixin)

class AbstractStyle:
    vertical: str
    cont: str
    end: str
    @property
    def empty(self) -> str: ...

class ContStyle(AbstractStyle):
    def __init__(self) -> None: ...

class Row(NamedTuple, Generic[_N]):
    pre: str
    fill: str
    node: _N

class RenderTree(Generic[_N]):
    def __init__(
        self, node: _N, style: AbstractStyle = ..., childiter: Callable[..., Iterable[_N]] = ..., maxlevel: int | None = None
    ) -> None: ...
    def __iter__(self) -> Iterator[Row[_N]]: ...

class PreOrderIter(Generic[_N]):
    def __init__(
        self,
        node: _N,
        filter_: Callable[[_N], bool] | None = None,
        stop: Callable[[_N], bool] | None = None,
        maxlevel: int | None = None,
    ) -> None: ...
    def __iter__(self) -> Iterator[_N]: ...
    def __next__(self) -> _N: ...

def findall(
    node: _N,
    filter_: Callable[[_N], bool] | None = None,
    stop: Callable[[_N], bool] | None = None,
    maxlevel: int | None = None,
    mincount: int | None = None,
    maxcount: int | None = None,
) -> tuple[_N, ...]: ...
