"""Frozen records: once signed (an agreement) or approved (minutes, a quarter report) a record never changes in place.

A *freezable* model (`Freezable`) carries a freeze mark, a nullable timestamp (`Agreement.frozen_at`): set, the row
is frozen. Its *parts* (`FrozenPart`: an agreement's parties, principles, signatories…) name their owner through a
foreign key and are frozen with it. Every way of writing is refused a change, each layer on its own:

1. **Model**: `save()` refuses a change to a frozen field of a frozen row (the freeze mark included, so nothing can
   unfreeze), `delete()` refuses to delete one; a part cannot be added to a frozen owner, changed or deleted.
   Fields listed in `MUTABLE_WHEN_FROZEN` (publishing, termination) may still change.
2. **QuerySet**: the managers' `update()`, `delete()`, `bulk_update()` and `bulk_create()` refuse the same
   (they call no `save()`: the shell's side door, `Agreement.objects.filter(...).update(title=...)`).
3. **Database**: `install_guards()` puts a `BEFORE UPDATE` trigger on every freezable and part table, on
   PostgreSQL and SQLite, that aborts any UPDATE changing a frozen column of a frozen row (raw SQL, another
   program, a bug below the ORM). It runs after every `migrate` (post_migrate) rather than from a migration:
   SQLite rebuilds a table, dropping its triggers, whenever a migration alters one of its fields, and the
   frozen columns are derived from the models as they are now. Inserts and deletes are not refused in the
   database because two legitimate operations need them: restoring a backup inserts a frozen agreement
   before its parts, and emptying a database (flush, test teardown) deletes tables in no fixed order. Those
   two stay guarded by layers 1 and 2. A data migration that must rewrite frozen columns (a deliberate repair)
   runs inside `guards_removed()`.
4. **Admin** (`agreements.frozen_admin`): `FrozenAdminMixin` shows a frozen row read-only, refuses its
   deletion (page and bulk action) and offers no history revert (a posted one is refused);
   `FrozenPartInlineMixin` does the same for the parts shown inline.

A record frozen by more than one mark, or by a mark further up its foreign keys (approved minutes freeze their
items, an item approved at the meeting freezes its documents and decisions), subclasses `FrozenWhen` instead and
names the marks as lookups in `FROZEN_WHEN` (`("immediately_approved_at", "meeting__approved_at")`). The same
four layers hold for it, many-to-many links included (`refuse_frozen_m2m`).

To make something freeze the same way: subclass `Freezable` (set `FREEZE_MARK`, `MUTABLE_WHEN_FROZEN`,
`FROZEN_MESSAGE`), give it a manager from `FreezableQuerySet`; its parts subclass `FrozenPart` (set `FROZEN_WITH`
to the foreign key naming the owner). The triggers follow on the next `migrate`. Freeze with a model method
that locks the row (`select_for_update`) and sets the mark in the same transaction (see
`Agreement.register_signature`).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FrozenError(ValidationError):
    """Raised when something tries to change a frozen record or one of its parts."""


DEFAULT_MESSAGE = _("This is signed or approved and cannot be changed.")


def _attnames(model: type[models.Model], names: Iterable[str]) -> set[str]:
    """Field names or attnames (`agreement` or `agreement_id`) as attnames."""
    result = set()
    for name in names:
        try:
            result.add(model._meta.get_field(name).attname)
        except Exception:  # noqa: BLE001 - an unknown name (a typo in update()) is Django's error to raise
            result.add(name)
    return result


def frozen_columns(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields that may not change once frozen: all but the key and `MUTABLE_WHEN_FROZEN`."""
    mutable = _attnames(model, model.MUTABLE_WHEN_FROZEN)
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in mutable]


def _error(model: type[models.Model]) -> FrozenError:
    return FrozenError(model.FROZEN_MESSAGE, code="frozen")


class FreezableQuerySet(models.QuerySet):
    """Refuses bulk writes that would change or delete frozen rows."""

    def frozen(self) -> FreezableQuerySet:
        return self.filter(**{f"{self.model.FREEZE_MARK}__isnull": False})

    def _touches_frozen(self, names: Iterable[str]) -> bool:
        return bool(_attnames(self.model, names) & {f.attname for f in frozen_columns(self.model)})

    def update(self, **kwargs):
        if self._touches_frozen(kwargs) and self.frozen().exists():
            raise _error(self.model)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        pks = [obj.pk for obj in objs]
        stored = self.model._base_manager.filter(pk__in=pks, **{f"{self.model.FREEZE_MARK}__isnull": False})
        if self._touches_frozen(fields) and stored.exists():
            raise _error(self.model)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if self.frozen().exists():
            raise _error(self.model)
        return super().delete()


class Freezable(models.Model):
    """A record that freezes: once `FREEZE_MARK` is set, no field outside `MUTABLE_WHEN_FROZEN` changes."""

    FREEZE_MARK = "frozen_at"
    MUTABLE_WHEN_FROZEN: tuple[str, ...] = ()
    FROZEN_MESSAGE = DEFAULT_MESSAGE

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            fields = [f.attname for f in frozen_columns(type(self))]
            stored = type(self)._base_manager.filter(pk=self.pk).values(*fields).first()
            mark = self._meta.get_field(self.FREEZE_MARK).attname
            frozen = stored is not None and stored[mark] is not None
            if frozen and any(stored[name] != getattr(self, name) for name in fields):
                raise _error(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen_in_database():
            raise _error(type(self))
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return getattr(self, self.FREEZE_MARK) is not None

    def is_frozen_in_database(self) -> bool:
        """Whether the stored row is frozen (this instance may be an unsaved or historical copy)."""
        if self.pk is None:
            return False
        return type(self)._base_manager.filter(pk=self.pk, **{f"{self.FREEZE_MARK}__isnull": False}).exists()


def _owner_model(model: type[models.Model]) -> type[Freezable]:
    return model._meta.get_field(model.FROZEN_WITH).related_model


def _frozen_owner_filter(model: type[models.Model]) -> dict:
    return {f"{model.FROZEN_WITH}__{_owner_model(model).FREEZE_MARK}__isnull": False}


def _any_owner_frozen(model: type[models.Model], owner_ids: Iterable) -> bool:
    owner = _owner_model(model)
    ids = {pk for pk in owner_ids if pk is not None}
    return bool(ids) and owner._base_manager.filter(pk__in=ids, **{f"{owner.FREEZE_MARK}__isnull": False}).exists()


class FrozenPartQuerySet(models.QuerySet):
    """Refuses bulk writes that would add, change or delete parts of a frozen owner."""

    def of_frozen(self) -> FrozenPartQuerySet:
        return self.filter(**_frozen_owner_filter(self.model))

    def _touches_frozen(self, names: Iterable[str]) -> bool:
        return bool(_attnames(self.model, names) & {f.attname for f in frozen_columns(self.model)})

    def update(self, **kwargs):
        if self._touches_frozen(kwargs):
            if self.of_frozen().exists():
                raise _error(_owner_model(self.model))
            # Moving parts into a frozen owner would add to it.
            target = kwargs.get(self.model.FROZEN_WITH, kwargs.get(f"{self.model.FROZEN_WITH}_id"))
            if target is not None and _any_owner_frozen(self.model, [getattr(target, "pk", target)]):
                raise _error(_owner_model(self.model))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        if self._touches_frozen(fields):
            stored = self.model._base_manager.filter(pk__in=[o.pk for o in objs], **_frozen_owner_filter(self.model))
            if stored.exists() or _any_owner_frozen(self.model, [o.owner_id for o in objs]):
                raise _error(_owner_model(self.model))
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if not self.model.ADDABLE_WHEN_FROZEN and _any_owner_frozen(self.model, [o.owner_id for o in objs]):
            raise _error(_owner_model(self.model))
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self):
        if self.of_frozen().exists():
            raise _error(_owner_model(self.model))
        return super().delete()


class FrozenPart(models.Model):
    """A part of a freezable owner (named by the foreign key `FROZEN_WITH`), frozen when its owner is."""

    FROZEN_WITH = "agreement"
    MUTABLE_WHEN_FROZEN: tuple[str, ...] = ()
    # Whether new parts may still be added to a frozen owner (a revision recorded after signing), never changed.
    ADDABLE_WHEN_FROZEN = False

    objects = FrozenPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        owner = _owner_model(type(self))
        stored = None
        if self.pk is not None:
            fields = [f.attname for f in frozen_columns(type(self))]
            stored = type(self)._base_manager.filter(pk=self.pk).values(*fields).first()
        if stored is None:
            if not self.ADDABLE_WHEN_FROZEN and self.owner_is_frozen():
                raise _error(owner)
        elif any(stored[name] != getattr(self, name) for name in stored):
            owner_column = self._meta.get_field(self.FROZEN_WITH).attname
            if _any_owner_frozen(type(self), [stored[owner_column], self.owner_id]):
                raise _error(owner)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self)._base_manager.filter(pk=self.pk, **_frozen_owner_filter(type(self))).exists():
            raise _error(_owner_model(type(self)))
        return super().delete(*args, **kwargs)

    @property
    def owner_id(self):
        return getattr(self, self._meta.get_field(self.FROZEN_WITH).attname)

    def owner_is_frozen(self) -> bool:
        return _any_owner_frozen(type(self), [self.owner_id])


# --- Frozen by marks on the row or along its foreign keys -------------------------------------------------------


def _attvalues(model: type[models.Model], values: dict) -> dict:
    """`{name or attname: instance or key}` as `{attname: key}`."""
    result = {}
    for name, value in values.items():
        try:
            attname = model._meta.get_field(name).attname
        except Exception:  # noqa: BLE001 - an unknown name is Django's error to raise
            continue
        result[attname] = getattr(value, "pk", value)
    return result


class FrozenWhenQuerySet(models.QuerySet):
    """Refuses bulk writes that would add, change or delete rows that `FROZEN_WHEN` freezes."""

    def frozen(self) -> FrozenWhenQuerySet:
        return self.filter(self.model.frozen_q())

    def _touches_frozen(self, names: Iterable[str]) -> bool:
        return bool(_attnames(self.model, names) & {f.attname for f in frozen_columns(self.model)})

    def update(self, **kwargs):
        if self._touches_frozen(kwargs) and (
            self.frozen().exists() or self.model.owners_frozen(_attvalues(self.model, kwargs))
        ):
            raise self.model.frozen_error()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        if self._touches_frozen(fields):
            stored = self.model._base_manager.filter(pk__in=[o.pk for o in objs]).filter(self.model.frozen_q())
            if stored.exists() or any(o.refs_frozen_owner() for o in objs):
                raise self.model.frozen_error()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if not self.model.ADDABLE_WHEN_FROZEN and any(o.refs_frozen_owner() for o in objs):
            raise self.model.frozen_error()
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self):
        if self.frozen().exists():
            raise self.model.frozen_error()
        return super().delete()


class FrozenWhen(models.Model):
    """A record frozen once any lookup in `FROZEN_WHEN` (a timestamp on the row, or one reached through its
    foreign keys) is set. Frozen, no field outside `MUTABLE_WHEN_FROZEN` changes, the row is not deleted, and no
    row is added under a frozen owner unless `ADDABLE_WHEN_FROZEN`."""

    FROZEN_WHEN: tuple[str, ...] = ()
    MUTABLE_WHEN_FROZEN: tuple[str, ...] = ()
    ADDABLE_WHEN_FROZEN = False
    FROZEN_MESSAGE = DEFAULT_MESSAGE

    objects = FrozenWhenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        stored = None
        if self.pk is not None:
            names = [f.attname for f in frozen_columns(type(self))]
            stored = type(self)._base_manager.filter(pk=self.pk).values(*names).first()
        if stored is None:
            if not self.ADDABLE_WHEN_FROZEN and self.refs_frozen_owner():
                raise self.frozen_error()
        elif any(stored[name] != getattr(self, name) for name in stored) and (
            # Changed: refused if the stored row is frozen, or if it is moved under a frozen owner.
            self.is_frozen_in_database() or self.refs_frozen_owner()
        ):
            raise self.frozen_error()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen_in_database():
            raise self.frozen_error()
        return super().delete(*args, **kwargs)

    @classmethod
    def frozen_error(cls) -> FrozenError:
        return FrozenError(cls.FROZEN_MESSAGE, code="frozen")

    @classmethod
    def frozen_q(cls) -> Q:
        q = Q()
        for path in cls.FROZEN_WHEN:
            q |= Q(**{f"{path}__isnull": False})
        return q

    @classmethod
    def owners_frozen(cls, keys: dict) -> bool:
        """Whether the rows that the foreign keys in `keys` ({attname: key}) point at freeze a row of this model."""
        for path in cls.FROZEN_WHEN:
            first, _sep, rest = path.partition("__")
            if not rest:
                continue  # the row's own mark
            field = cls._meta.get_field(first)
            key = keys.get(field.attname)
            owners = field.related_model._base_manager.filter(pk=key, **{f"{rest}__isnull": False})
            if key is not None and owners.exists():
                return True
        return False

    def refs_frozen_owner(self) -> bool:
        keys = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields if f.is_relation}
        return type(self).owners_frozen(keys)

    def is_frozen_in_database(self) -> bool:
        if self.pk is None:
            return False
        return type(self)._base_manager.filter(pk=self.pk).filter(self.frozen_q()).exists()


def refuse_frozen_m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """m2m_changed: a frozen row's many-to-many links do not change either (an item's activities, say)."""
    if action not in {"pre_add", "pre_remove", "pre_clear"}:
        return
    if not reverse and isinstance(instance, FrozenWhen) and instance.is_frozen_in_database():
        raise instance.frozen_error()
    if reverse and issubclass(model, FrozenWhen) and pk_set and _any_frozen(model, pk_set):
        raise model.frozen_error()


def _any_frozen(model: type[FrozenWhen], pks: Iterable) -> bool:
    return model._base_manager.filter(model.frozen_q(), pk__in=pks).exists()


# --- The database layer ----------------------------------------------------------------------------------------


def guarded_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Freezable | FrozenPart | FrozenWhen) and not model._meta.proxy and model._meta.managed
    ]


def _trigger_name(model: type[models.Model]) -> str:
    return f"{model._meta.db_table}_refuse_frozen_update"


def _changed(columns: list[str], quote, distinct: str) -> str:
    return " OR ".join(f"OLD.{quote(c)} {distinct} NEW.{quote(c)}" for c in columns)


def _frozen_sql(model: type[models.Model], path: str, row: str, quote) -> str:
    """SQL for "`row` (OLD or NEW) is frozen by `path`": its own mark, or an EXISTS along its foreign keys."""
    *relations, mark = path.split("__")
    if not relations:
        return f"{row}.{quote(model._meta.get_field(mark).column)} IS NOT NULL"
    first = model._meta.get_field(relations[0])
    current = first.related_model
    joins = [f"{quote(current._meta.db_table)} t1"]
    for depth, name in enumerate(relations[1:], start=2):
        field = current._meta.get_field(name)
        current = field.related_model
        joins.append(
            f"JOIN {quote(current._meta.db_table)} t{depth} "
            f"ON t{depth}.{quote(current._meta.pk.column)} = t{depth - 1}.{quote(field.column)}"
        )
    last = f"t{len(relations)}"
    head = model._meta.get_field(relations[0]).related_model
    return (
        f"EXISTS (SELECT 1 FROM {' '.join(joins)} WHERE t1.{quote(head._meta.pk.column)} = "
        f"{row}.{quote(first.column)} AND {last}.{quote(current._meta.get_field(mark).column)} IS NOT NULL)"
    )


def _guard_sql(model: type[models.Model], vendor: str, quote, existing: set[str]) -> list[str]:
    """DROP and CREATE statements for the trigger of `model` on `vendor` (postgresql or sqlite)."""
    table, name = quote(model._meta.db_table), _trigger_name(model)
    columns = [f.column for f in frozen_columns(model) if f.column in existing]
    if not columns:
        return []
    distinct = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    changed = _changed(columns, quote, distinct)
    if issubclass(model, FrozenWhen):
        old = [_frozen_sql(model, path, "OLD", quote) for path in model.FROZEN_WHEN]
        new = [_frozen_sql(model, path, "NEW", quote) for path in model.FROZEN_WHEN if "__" in path]
        condition = f"({changed}) AND ({' OR '.join(old + new)})"
    elif issubclass(model, Freezable):
        mark = quote(model._meta.get_field(model.FREEZE_MARK).column)
        condition = f"OLD.{mark} IS NOT NULL AND ({changed})"
    else:
        owner = _owner_model(model)
        owner_column = quote(model._meta.get_field(model.FROZEN_WITH).column)
        owner_mark = quote(owner._meta.get_field(owner.FREEZE_MARK).column)
        condition = (
            f"({changed}) AND EXISTS (SELECT 1 FROM {quote(owner._meta.db_table)} WHERE "
            f"{quote(owner._meta.pk.column)} IN (OLD.{owner_column}, NEW.{owner_column}) AND {owner_mark} IS NOT NULL)"
        )
    message = f"{model._meta.db_table}: the row is frozen (signed or approved) and cannot be changed"
    if vendor == "postgresql":
        # The condition sits in the function, not in a WHEN clause: PostgreSQL allows no subquery there, and a
        # column named in WHEN could no longer have its type altered by a migration.
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF {condition} THEN
    RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$""",
            f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} FOR EACH ROW WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]


def install_guards(using: str = "default") -> list[str]:
    """(Re)create the database triggers of every freezable and part table; returns the tables guarded."""
    connection = connections[using]
    if connection.vendor not in {"postgresql", "sqlite"}:
        return []
    guarded = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in guarded_models():
            if model._meta.db_table not in tables:
                continue  # not migrated (yet): the next migrate installs it
            existing = {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}
            for statement in _guard_sql(model, connection.vendor, connection.ops.quote_name, existing):
                cursor.execute(statement)
            guarded.append(model._meta.db_table)
    return guarded


@contextmanager
def guards_removed(using: str = "default"):
    """Without the database triggers for a while: for repairs by hand below the ORM (and tests that plant
    hostile data in frozen rows). Put back on leaving, as every `migrate` would."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for model in guarded_models():
            name, table = _trigger_name(model), connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if connection.vendor == "postgresql" else "")
            )
    try:
        yield
    finally:
        install_guards(using)


def install_guards_after_migrate(sender, using: str = "default", **kwargs) -> None:
    install_guards(using)
