"""`in` on an integer column with a number no such column can hold.

Django's own `exact`, `gt`, `lt` … on an integer field treat such a number as matching nothing
(`IntegerFieldOverflow`), but its `in` sends it to the database: SQLite raises OverflowError, PostgreSQL a
DataError, and the page a 500. Every multiple choice of rows (`ModelMultipleChoiceField`, in our forms and in the
Django admin) looks the chosen keys up with `pk__in`, so a posted "99999999999999999999" took any of them down.
Here such a value is dropped from the list: it can match no row, and the field then says the choice is invalid.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
