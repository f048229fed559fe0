import pytest

from agreements import structure


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(structure, "_copiers", {})
    return structure


def test_chosen_copiers_run_in_their_order_and_report_counts(registry):
    calls = []
    registry.register_copier("b", "B", lambda source, target, by: calls.append("b") or 2, order=20)
    registry.register_copier("a", "A", lambda source, target, by: calls.append("a") or 1, order=10)
    registry.register_copier("c", "C", lambda source, target, by: calls.append("c") or 3, order=30)

    assert registry.copy_structure("old", "new", ["c", "a"], by=None) == {"a": 1, "c": 3}
    assert calls == ["a", "c"]
    assert [copier.key for copier in registry.copiers()] == ["a", "b", "c"]


def test_an_unknown_choice_copies_nothing(registry):
    calls = []
    registry.register_copier("a", "A", lambda source, target, by: calls.append("a") or 1)
    with pytest.raises(KeyError):
        registry.copy_structure("old", "new", ["a", "bodies"], by=None)
    assert calls == []
