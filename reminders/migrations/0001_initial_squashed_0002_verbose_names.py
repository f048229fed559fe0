# The reminders tables as they stand after 0002_verbose_names, made afresh by makemigrations from the models
# rather than by squashmigrations: a new database is created in one CreateModel per model, where the chain it
# replaces re-rendered every model related to the one changed for each of its hundreds of AlterFields (a fresh
# `migrate` took over a minute of CPU). Databases that have applied the chain keep it; one part-way through it
# finishes it (Django uses the squash only where none or all of `replaces` is applied). Data migrations in
# the chain change rows that a new database does not have, so they are not repeated here.

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('reminders', '0001_reminders'), ('reminders', '0002_verbose_names')]

    initial = True

    dependencies = [
        ('auth', '__first__'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalReminderSetting',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('wants_reminders', models.BooleanField(default=True, verbose_name='send me a daily e-mail when something needs my attention')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'historical reminder setting',
                'verbose_name_plural': 'historical reminder settings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReminderSetting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('wants_reminders', models.BooleanField(default=True, verbose_name='send me a daily e-mail when something needs my attention')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reminder_setting', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'reminder setting',
                'verbose_name_plural': 'reminder settings',
            },
        ),
        migrations.CreateModel(
            name='SentDigest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                ('item_count', models.PositiveIntegerField(verbose_name='reminders')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'sent digest',
                'verbose_name_plural': 'sent digests',
                'constraints': [models.UniqueConstraint(fields=('user', 'day'), name='one_digest_per_user_and_day')],
            },
        ),
    ]
