from activities.models import Level
from activities.transfer.handled_by import Named, parse_handled_by

S, OP, W = Level.STRATEGIC, Level.OPERATIVE, Level.WORKING_GROUP


def test_slashes_give_the_three_levels_and_plus_o_och_comma_separate_names():
    assert parse_handled_by("Lars o Mikael / Joanna + Jonas / Ulrika Wahlström, Agnes Kotka") == [
        Named("Lars", "", S),
        Named("Mikael", "", S),
        Named("Joanna", "", OP),
        Named("Jonas", "", OP),
        Named("Ulrika Wahlström", "", W),
        Named("Agnes Kotka", "", W),
    ]


def test_labelled_strands_on_one_line_are_separate_entries():
    found = parse_handled_by(
        "Avhoppare; Magnus+Lars/Joanna+Jonas/XXX Familjestödjare; Lenny/Joanna/Penelope Lindh (Karolina)"
    )
    assert [(n.name, n.level) for n in found] == [
        ("Magnus", S),
        ("Lars", S),
        ("Joanna", OP),
        ("Jonas", OP),
        ("Lenny", S),
        ("Penelope Lindh", W),
    ]


def test_a_line_without_slash_continues_the_working_group():
    assert parse_handled_by("Lars/Jonas\nMia Lindh, Stefan Remne")[-2:] == [
        Named("Mia Lindh", "", W),
        Named("Stefan Remne", "", W),
    ]


def test_organisations_functions_and_groups():
    assert parse_handled_by("Åsa/Björn/Linda Lindgren IFF, familjekoordinator?") == [
        Named("Åsa", "", S),
        Named("Björn", "", OP),
        Named("Linda Lindgren", "IFF", W),
    ]
    assert parse_handled_by("Lenny/Björn/EST-arbetsgrupp (Anette Carlsson)")[-1] == Named("Anette Carlsson", "", W)
    assert parse_handled_by("Magnus//Gebro Akpinar?") == [Named("Magnus", "", S), Named("Gebro Akpinar", "", W)]


def test_a_name_alone_is_strategic_and_an_empty_cell_names_nobody():
    assert parse_handled_by("Mikael") == [Named("Mikael", "", S)]
    assert parse_handled_by("") == []
