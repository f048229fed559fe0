import datetime

import pytest
from django.core.management import CommandError, call_command

from activities.models import Activity, Person, Responsibility, Status, StatusChange
from activities.transfer import sheet
from activities.transfer.importer import import_workbook, plan_import
from tests.factories import make_activity, make_agreement, make_statuses, make_user

from .sheets import add_goal_areas, real_plan, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_agreement():
    agreement = make_agreement()
    add_goal_areas(agreement)
    return agreement


@pytest.fixture
def imported(plan_agreement):
    plan = import_workbook(real_plan(), plan_agreement)
    assert plan.is_valid, plan.errors
    return plan_agreement


def _activity(agreement, name, parent=None):
    return Activity.objects.get(agreement=agreement, name=name, parent__name=parent)


def _tracked_counts():
    counts = {}
    for model in (Activity, Person, Responsibility, Status):
        counts[model.__name__] = model.objects.count()
        counts[f"history {model.__name__}"] = model.history.count()
    counts["status changes"] = StatusChange.objects.count()
    return counts


def test_the_real_plan_gives_17_activities_and_10_sub_activities(imported):
    assert Activity.objects.filter(agreement=imported, parent=None).count() == 17
    assert Activity.objects.filter(agreement=imported, parent__isnull=False).count() == 10


def test_sub_activities_get_their_own_goal_areas(imported):
    sspf = _activity(imported, "SSPF", parent="Familjer med barn i riskzon, sårbara familjer")
    assert sorted(sspf.goal_areas.values_list("code", flat=True)) == ["A", "B", "H"]
    family = sspf.parent
    assert sorted(family.goal_areas.values_list("code", flat=True)) == list("ABDEFGH")
    police = _activity(
        imported,
        "Ökad polis-närvaro skola/fritid",
        parent="Minska insocialisering / nyrekrytering till kriminella nätverk",
    )
    assert sorted(police.goal_areas.values_list("code", flat=True)) == ["A", "B", "C"]


def test_the_two_rows_of_shootings_are_one_activity_with_two_sub_activities(imported):
    shootings = _activity(imported, "Minska antalet skjutningar och sprängningar")
    assert list(shootings.sub_activities.values_list("name", flat=True)) == [
        "Begränsa motivationen för potentiella skyttar",
        "Begränsa tillgången på vapen",
    ]
    assert sorted(shootings.goal_areas.values_list("code", flat=True)) == list("ABCDGH")
    assert shootings.background == ""  # both rows describe sub-activities


def test_a_repeated_row_without_sub_activity_is_kept_as_a_sub_activity_of_the_same_name(imported):
    violence = _activity(imported, "Motverka våld i nära relation")
    assert violence.background.startswith("Våld i nära relation förekommer överallt")
    [second] = violence.sub_activities.all()
    assert second.name == violence.name
    assert second.background.startswith("En kartläggning gjord av MDU 2022")
    assert second.handled_by_text == "Lars o Mikael / Joanna o Jonas / Katrin Fardish SK"


def test_a_row_without_sub_activity_describes_the_activity_even_after_its_sub_activity(imported):
    school = _activity(imported, "Öka likvärdigheten i skolan")
    assert school.background.startswith("Strukturella förutsättningar")
    assert list(school.sub_activities.values_list("name", flat=True)) == ["Ökad skolnärvaro"]
    assert school.sub_activities.get().objectives.startswith("1. Stärkt uppsökande verksamhet")


def test_aktiviteten_utgar_drops_the_row_and_keeps_the_reason(imported):
    housing = _activity(imported, "Boendeinflytande")
    [dropped] = housing.sub_activities.all()
    assert dropped.status.kind == Status.Kind.DROPPED
    assert "kräver politisk vilja" in dropped.dropped_reason
    assert housing.status.kind == Status.Kind.INITIATED


def test_without_colours_or_end_dates_every_other_activity_is_initiated(imported):
    kinds = Activity.objects.filter(agreement=imported).values_list("status__kind", flat=True)
    assert sorted(kinds).count(Status.Kind.INITIATED) == 26
    assert Status.objects.filter(agreement=imported).count() == 4  # the Västerås four, created by the import


def test_dates_and_free_text_timing_are_both_kept(imported):
    preschool = _activity(imported, "Ökad inskrivningsgrad förskolan")
    assert preschool.starts_on == datetime.date(2023, 7, 1)
    assert preschool.follow_up_on == datetime.date(2023, 12, 31)
    assert preschool.resource_reinforcement is True
    mbu = _activity(imported, "Människan bakom uniformen (MBU)")
    assert (mbu.starts_on, mbu.starts_text) == (None, "2023/2024")
    sspf = _activity(imported, "SSPF", parent="Familjer med barn i riskzon, sårbara familjer")
    assert sspf.follow_up_text == "varje terminsslut"
    assert Activity.objects.filter(agreement=imported, resource_reinforcement=True).count() == 3


def test_handled_by_becomes_people_per_level_and_the_raw_text_stays(imported):
    preschool = _activity(imported, "Ökad inskrivningsgrad förskolan")
    assert preschool.handled_by_text.startswith("Åsa/Björn/Ann-Margret Bäcklin, samordnar-funktion (föreslagen)")
    assert {(r.person.name, r.level) for r in preschool.responsibilities.all()} == {
        ("Åsa", "strategic"),
        ("Lenny", "strategic"),
        ("Björn", "operative"),
        ("Ann-Margret Bäcklin", "working_group"),
    }
    assert Person.objects.get(agreement=imported, name="Linda Lindgren").organisation == "IFF"
    assert not Person.objects.filter(name__icontains="familjekoordinator").exists()
    joanna = Person.objects.get(agreement=imported, name="Joanna")
    assert joanna.responsibilities.filter(level="operative").count() == 10


def test_importing_the_same_file_twice_changes_nothing(imported):
    before = _tracked_counts()
    plan = import_workbook(real_plan(), imported)
    assert plan.count("unchanged") == 27
    assert not plan.has_changes
    assert _tracked_counts() == before


def test_the_preview_saves_nothing(plan_agreement):
    plan = plan_import(real_plan(), plan_agreement)
    assert (plan.count("create"), plan.activity_count, plan.sub_activity_count) == (27, 17, 10)
    assert plan.creates_statuses
    assert "Joanna" in plan.new_people
    assert Activity.objects.count() == Status.objects.count() == Person.objects.count() == 0


def test_a_changed_cell_of_an_activity_nobody_changed_is_one_change_before_and_after(imported):
    mbu = _activity(imported, "Människan bakom uniformen (MBU)")
    data = workbook_bytes(
        [{"name": "Människan bakom uniformen (MBU)", "goal_areas": "C, G", "method": "Ny metod"}],
    )
    plan = import_workbook(data, imported)
    [item] = plan.activities
    assert item.action == "change"
    assert [(c.field, c.after, c.conflict) for c in item.changes if c.field == "method"] == [
        ("method", "Ny metod", False)
    ]
    mbu.refresh_from_db()
    assert mbu.method == "Ny metod"
    assert mbu.history.first().method == "Ny metod"


def test_a_file_without_versions_does_not_overwrite_what_an_official_changed(imported):
    mbu = _activity(imported, "Människan bakom uniformen (MBU)")
    ongoing = Status.objects.get(agreement=imported, kind=Status.Kind.ONGOING)
    mbu.set_status(ongoing, by=None, comment="Igång")
    method = mbu.method
    data = workbook_bytes(
        [{"name": "Människan bakom uniformen (MBU)", "goal_areas": "C, G", "method": "Ny metod"}],
    )
    plan = import_workbook(data, imported)
    [change] = [c for c in plan.activities[0].changes if c.field == "method"]
    assert change.conflict and change.after == "Ny metod"
    mbu.refresh_from_db()
    assert (mbu.method, mbu.status) == (method, ongoing)

    import_workbook(data, imported, take_file=True)  # the command's --take-file
    mbu.refresh_from_db()
    assert (mbu.method, mbu.status) == ("Ny metod", ongoing)


def test_fill_colours_give_status_and_prioritised(plan_agreement):
    statuses = make_statuses(plan_agreement)
    rows = [
        {"name": "Grön", "goal_areas": "A", "status": None},
        {"name": "Röd", "goal_areas": "B", "status": None},
        {"name": "Gul", "goal_areas": "C"},
        {"name": "Text vinner", "goal_areas": "D", "status": "Pågår"},
        {"name": "Med symbol", "goal_areas": "E", "status": "✕ utgår"},
    ]
    fills = {
        (0, "status"): "92D050",
        (1, "status"): "FF0000",
        (2, "status"): "FFFF00",
        (2, "name"): "FFFF00",
        (3, "status"): "FF0000",
    }
    plan = import_workbook(workbook_bytes(rows, fills=fills), plan_agreement)
    assert plan.is_valid, plan.errors
    found = {a.name: (a.status, a.is_prioritised) for a in Activity.objects.filter(agreement=plan_agreement)}
    assert found == {
        "Grön": (statuses["ongoing"], False),
        "Röd": (statuses["finished"], False),
        "Gul": (statuses["initiated"], True),
        "Text vinner": (statuses["ongoing"], False),
        "Med symbol": (statuses["dropped"], False),
    }


def test_a_colour_on_reimport_changes_the_status_with_a_status_entry(plan_agreement):
    statuses = make_statuses(plan_agreement)
    activity = make_activity(plan_agreement, "Feriepraktik")
    user = make_user("importer", admin=True)
    data = workbook_bytes([{"name": "feriepraktik ", "goal_areas": "A"}], fills={(0, "status"): "00FF00"})
    import_workbook(data, plan_agreement, by=user, source="plan.xlsx")
    activity.refresh_from_db()
    assert activity.status == statuses["ongoing"]
    change = activity.status_changes.get()
    assert (change.from_status, change.changed_by, change.comment) == (
        statuses["initiated"],
        user,
        "Importerad från plan.xlsx.",
    )


def test_an_end_date_in_the_past_means_finished(plan_agreement):
    rows = [
        {"name": "Klar", "goal_areas": "A", "ends": datetime.datetime(2023, 12, 31)},
        {"name": "Påbörjad", "goal_areas": "A", "starts": datetime.datetime(2023, 1, 1)},
    ]
    plan = import_workbook(workbook_bytes(rows), plan_agreement)
    assert plan.is_valid
    kinds = dict(Activity.objects.values_list("name", "status__kind"))
    assert kinds == {"Klar": "finished", "Påbörjad": "initiated"}


def test_columns_are_found_in_any_order_and_spelling(plan_agreement):
    data = workbook_bytes(
        [{"name": "Omhänderta boendemiljö", "goal_areas": "a, e,g", "starts": "våren 2024"}],
        headers=["AKTIVITET", "Siktar  på\nmål-område", None, None, None, None, None, None, None, "Påbörjas"],
    )
    plan = import_workbook(data, plan_agreement)
    assert plan.is_valid, plan.errors
    activity = Activity.objects.get()
    assert sorted(activity.goal_areas.values_list("code", flat=True)) == ["A", "E", "G"]
    assert activity.starts_text == "våren 2024"


# Broken files: each a Swedish message with the row, and nothing saved.


def _assert_refused(data, agreement, *messages):
    before = _tracked_counts()
    plan = import_workbook(data, agreement)
    assert not plan.is_valid
    text = " | ".join(str(problem) for problem in plan.errors)
    for message in messages:
        assert message in text
    assert _tracked_counts() == before
    return plan


def test_wrong_headers_are_refused(plan_agreement):
    data = workbook_bytes([{"name": "X", "goal_areas": "A"}], headers=["Namn", "Område"])
    _assert_refused(data, plan_agreement, "Hittade ingen kolumn med rubriken ”Aktivitet (gul prioriteras)”")


def test_a_missing_goal_area_column_is_refused(plan_agreement):
    data = workbook_bytes([{"name": "X"}], headers=["Aktivitet"])
    _assert_refused(data, plan_agreement, "Rad 2: Kolumnen ”Siktar på målområde” saknas.")


def test_an_unknown_goal_area_is_refused_with_its_row(imported):
    data = workbook_bytes([{"name": "A", "goal_areas": "A"}, {"name": "B", "goal_areas": "B, Q"}])
    _assert_refused(data, imported, "Rad 4: okänt målområde ”Q”; överenskommelsen har A, B, C, D, E, F, G, H.")


def test_an_unknown_goal_area_in_a_sub_activity_is_refused(imported):
    data = workbook_bytes([{"name": "A", "goal_areas": "A", "sub_activity": "SSPF (A, Z)"}])
    _assert_refused(data, imported, "Rad 3: okänt målområde ”Z”")


def test_text_in_a_date_column_is_kept_as_text(plan_agreement):
    data = workbook_bytes([{"name": "A", "goal_areas": "A", "ends": "när det är klart"}])
    plan = import_workbook(data, plan_agreement)
    assert plan.is_valid
    assert Activity.objects.get().ends_text == "när det är klart"


def test_a_number_in_a_date_column_is_refused(imported):
    data = workbook_bytes([{"name": "A", "goal_areas": "A"}, {"name": "B", "goal_areas": "A", "starts": 45108}])
    _assert_refused(data, imported, "Rad 4: kolumnen ”påbörjas” innehåller talet 45108, inte ett datum.")


def test_an_impossible_iso_date_is_refused(imported):
    data = workbook_bytes([{"name": "A", "goal_areas": "A", "ends": "2023-02-30"}])
    _assert_refused(data, imported, "Rad 3: ”2023-02-30” i kolumnen ”avslutas” är inget datum som finns.")


def test_an_unknown_status_text_is_refused(imported):
    data = workbook_bytes([{"name": "A", "goal_areas": "A", "status": "Klar typ"}])
    _assert_refused(data, imported, "Rad 3: okänd status ”Klar typ”")


def test_an_unclear_resource_answer_is_refused(imported):
    data = workbook_bytes([{"name": "A", "goal_areas": "A", "resource_reinforcement": "kanske"}])
    _assert_refused(
        data, imported, "Rad 3: ”kanske” i kolumnen ”Resurs-förstärkning”: skriv JA eller lämna cellen tom."
    )


def test_an_empty_file_is_refused(plan_agreement):
    import io

    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    _assert_refused(out.getvalue(), plan_agreement, "Filen är tom.")


def test_headers_without_rows_are_refused(plan_agreement):
    _assert_refused(workbook_bytes([]), plan_agreement, "Filen har rubriker men inga aktiviteter.")


def test_a_file_that_is_not_xlsx_is_refused(plan_agreement):
    _assert_refused(b"%PDF-1.7 not a spreadsheet", plan_agreement, "Filen kunde inte läsas som en Excel-fil (.xlsx).")


def test_one_bad_row_saves_none_of_the_good_ones(plan_agreement):
    data = workbook_bytes([{"name": "Bra", "goal_areas": "A"}, {"name": "Dålig", "goal_areas": "X"}])
    _assert_refused(data, plan_agreement, "Rad 4")
    assert not Activity.objects.exists()


# The management command


def test_the_command_dry_run_saves_nothing_and_the_real_run_imports(plan_agreement, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(real_plan())
    call_command("import_activities", str(path), "--agreement", str(plan_agreement.pk), "--dry-run")
    assert "Would import 17 activities and 10 sub-activities: 27 new" in capsys.readouterr().out
    assert not Activity.objects.exists()
    call_command("import_activities", str(path), "--agreement", str(plan_agreement.pk))
    assert Activity.objects.count() == 27


def test_the_command_fails_on_a_broken_file(plan_agreement, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"nonsense")
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_activities", str(path), "--agreement", str(plan_agreement.pk))


def test_rows_of_one_activity_with_different_goal_areas_give_the_union_and_a_note(plan_agreement):
    rows = [
        {"name": "Boendeinflytande", "goal_areas": "A, E"},
        {"name": "Boendeinflytande", "goal_areas": "G", "sub_activity": "Barnråd"},
    ]
    plan = import_workbook(workbook_bytes(rows), plan_agreement)
    assert plan.is_valid
    assert [str(note) for note in plan.warnings] == [
        "Rad 4: målområdena skiljer sig från rad 3 för samma aktivitet; aktiviteten får alla."
    ]
    activity = Activity.objects.get(parent=None)
    assert sorted(activity.goal_areas.values_list("code", flat=True)) == ["A", "E", "G"]


def test_a_small_file_that_unpacks_to_a_huge_one_is_refused(plan_agreement):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (51 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000
    _assert_refused(out.getvalue(), plan_agreement, "Filen packas upp till mer än 50 MB")


def test_a_file_with_more_rows_than_the_limit_is_refused(plan_agreement, monkeypatch):
    monkeypatch.setattr("activities.transfer.reading.MAX_ROWS", 2)
    rows = [{"name": f"A{n}", "goal_areas": "A"} for n in range(3)]
    _assert_refused(workbook_bytes(rows), plan_agreement, "Rad 5: Filen har fler än 2 rader.")


def _with_stray_cell(data: bytes, coordinate: str) -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook[sheet.SHEET_TITLE][coordinate] = "x"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_small_file_with_one_stray_cell_far_down_previews_fast_in_little_memory(plan_agreement):
    import time
    import tracemalloc

    data = _with_stray_cell(real_plan(), "XFD1000000")
    assert len(data) < 20_000
    plan_import(real_plan(), plan_agreement)  # warm: modules imported, templates of messages compiled
    tracemalloc.start()
    started = time.perf_counter()
    plan = plan_import(data, plan_agreement)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert plan.is_valid, plan.errors
    assert plan.count("create") == 27  # the stray cell is outside every column read: no row of its own
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_a_stray_cell_in_a_read_column_far_down_is_one_row_with_its_number(plan_agreement):
    data = _with_stray_cell(real_plan(), "A1048576")
    plan = plan_import(data, plan_agreement)
    assert [str(problem) for problem in plan.errors] == []
    assert plan.activities[-1].name == "x" and plan.activities[-1].rows == [1048576]


def test_names_typed_in_decomposed_unicode_match_the_plan_instead_of_duplicating_it(imported):
    import unicodedata

    before = Activity.objects.filter(agreement=imported).count()
    name = "Öka likvärdigheten i skolan"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    sub = unicodedata.normalize("NFD", "Ny del")
    data = workbook_bytes([{"name": decomposed, "goal_areas": "B", "sub_activity": sub}])
    plan = import_workbook(data, imported)
    assert [item.action for item in plan.activities][0] != "create"
    assert Activity.objects.filter(agreement=imported).count() == before + 1  # only the new sub-activity
    new = Activity.objects.get(agreement=imported, parent__name=name, name="Ny del")
    assert unicodedata.is_normalized("NFC", new.name)


def test_text_is_stored_composed_with_plain_line_breaks(plan_agreement):
    import unicodedata

    data = workbook_bytes([{"name": "Ny", "goal_areas": "A", "method": unicodedata.normalize("NFD", "två\r\nrader")}])
    assert import_workbook(data, plan_agreement).is_valid
    assert Activity.objects.get().method == "två\nrader"
