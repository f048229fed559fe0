"""The store of rendered fragments stays bounded: the least recently used go first."""

from samverkan.fragments import Kept


def test_the_least_recently_used_fragments_go_first_when_full():
    store = Kept(size=2)
    store.set_many({"a": "A", "b": "B"})
    store.get_many(["a"])  # "a" is used again, so "b" is now the oldest
    store.set_many({"c": "C"})
    assert store.get_many(["a", "b", "c"]) == {"a": "A", "c": "C"}
