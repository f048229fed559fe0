# The activities tables as they stand after 0006_verbose_names, made afresh by makemigrations from the models
# rather than by squashmigrations: a new database is created in one CreateModel per model, where the chain it
# replaces re-rendered every model related to the one changed for each of its hundreds of AlterFields (a fresh
# `migrate` took over a minute of CPU). Databases that have applied the chain keep it; one part-way through it
# finishes it (Django uses the squash only where none or all of `replaces` is applied). Data migrations in
# the chain change rows that a new database does not have, so they are not repeated here.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('activities', '0001_initial'), ('activities', '0002_restrict_status_deletion'), ('activities', '0003_status_change_effective_on'), ('activities', '0004_import_change_sets_and_once_rules'), ('activities', '0005_text_limits'), ('activities', '0006_verbose_names')]

    initial = True

    dependencies = [
        ('agreements', '0001_initial_squashed_0009_unlettered_goal_area_titles'),
        ('auth', '__first__'),
    ]

    operations = [
        migrations.CreateModel(
            name='District',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='districts', to='agreements.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'district',
                'verbose_name_plural': 'districts',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('agreement', 'name'), name='unique_district_name')],
            },
        ),
        migrations.CreateModel(
            name='Activity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                ('name', models.CharField(max_length=300, verbose_name='name')),
                ('is_prioritised', models.BooleanField(default=False, verbose_name='prioritised')),
                ('background', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='background (situation picture)')),
                ('objectives', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='objectives, assignment')),
                ('method', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='method, special instructions')),
                ('follow_up_measures', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='follow-up (measurable effects)')),
                ('working_group', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='working group and partners')),
                ('starts_on', models.DateField(blank=True, null=True, verbose_name='starts')),
                ('starts_text', models.CharField(blank=True, max_length=200, verbose_name='starts (as written)')),
                ('follow_up_on', models.DateField(blank=True, null=True, verbose_name='follow-up')),
                ('follow_up_text', models.CharField(blank=True, max_length=200, verbose_name='follow-up (as written)')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='ends')),
                ('ends_text', models.CharField(blank=True, max_length=200, verbose_name='ends (as written)')),
                ('resource_reinforcement', models.BooleanField(default=False, verbose_name='resource reinforcement requested')),
                ('handled_by_text', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='handled by (as written)')),
                ('open_questions', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='open questions')),
                ('dropped_reason', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='reason for dropping')),
                ('public_description', models.TextField(blank=True, help_text='Shown on the public page. No personal names.', max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='public description')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='agreements.agreement', verbose_name='agreement')),
                ('carried_over_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='carried_over_to', to='activities.activity', verbose_name='carried over from')),
                ('goal_areas', models.ManyToManyField(blank=True, related_name='activities', to='agreements.goalarea', verbose_name='goal areas')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sub_activities', to='activities.activity', verbose_name='part of')),
                ('time_horizon', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='agreements.timehorizon', verbose_name='time horizon')),
                ('districts', models.ManyToManyField(blank=True, related_name='activities', to='activities.district', verbose_name='districts')),
            ],
            options={
                'verbose_name': 'activity',
                'verbose_name_plural': 'activities',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalActivity',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                ('name', models.CharField(max_length=300, verbose_name='name')),
                ('is_prioritised', models.BooleanField(default=False, verbose_name='prioritised')),
                ('background', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='background (situation picture)')),
                ('objectives', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='objectives, assignment')),
                ('method', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='method, special instructions')),
                ('follow_up_measures', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='follow-up (measurable effects)')),
                ('working_group', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='working group and partners')),
                ('starts_on', models.DateField(blank=True, null=True, verbose_name='starts')),
                ('starts_text', models.CharField(blank=True, max_length=200, verbose_name='starts (as written)')),
                ('follow_up_on', models.DateField(blank=True, null=True, verbose_name='follow-up')),
                ('follow_up_text', models.CharField(blank=True, max_length=200, verbose_name='follow-up (as written)')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='ends')),
                ('ends_text', models.CharField(blank=True, max_length=200, verbose_name='ends (as written)')),
                ('resource_reinforcement', models.BooleanField(default=False, verbose_name='resource reinforcement requested')),
                ('handled_by_text', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='handled by (as written)')),
                ('open_questions', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='open questions')),
                ('dropped_reason', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='reason for dropping')),
                ('public_description', models.TextField(blank=True, help_text='Shown on the public page. No personal names.', max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='public description')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.agreement', verbose_name='agreement')),
                ('carried_over_from', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity', verbose_name='carried over from')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity', verbose_name='part of')),
                ('time_horizon', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.timehorizon', verbose_name='time horizon')),
            ],
            options={
                'verbose_name': 'historical activity',
                'verbose_name_plural': 'historical activities',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalActivity_districts',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('activity', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity')),
                ('district', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.district')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='activities.historicalactivity')),
            ],
            options={
                'verbose_name': 'HistoricalActivity_districts',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalActivity_goal_areas',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('activity', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity')),
                ('goalarea', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.goalarea')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='activities.historicalactivity')),
            ],
            options={
                'verbose_name': 'HistoricalActivity_goal_areas',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDistrict',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical district',
                'verbose_name_plural': 'historical districts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPerson',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='login')),
            ],
            options={
                'verbose_name': 'historical person',
                'verbose_name_plural': 'historical people',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalStatus',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('kind', models.CharField(choices=[('initiated', 'Initiated'), ('ongoing', 'Ongoing'), ('finished', 'Finished'), ('dropped', 'Dropped')], max_length=20, verbose_name='kind')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('colour', models.CharField(default='#e3e3e3', help_text='Hex colour, e.g. #fff2b3.', max_length=7, validators=[django.core.validators.RegexValidator('^#[0-9a-fA-F]{6}\\Z', 'Write the colour as # and six hexadecimal digits, e.g. #fff2b3.', code='colour')], verbose_name='colour')),
                ('symbol', models.CharField(default='●', help_text='Shown with the name, so colour is never the only sign.', max_length=4, verbose_name='symbol')),
                ('is_default', models.BooleanField(default=False, verbose_name='default for new activities')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.agreement', verbose_name='agreement')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical status',
                'verbose_name_plural': 'historical statuses',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ImportChangeSet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=64, unique=True)),
                ('file_name', models.CharField(blank=True, max_length=255)),
                ('content', models.JSONField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('applied_at', models.DateTimeField(blank=True, null=True)),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_change_sets', to='agreements.agreement')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'import change set',
                'verbose_name_plural': 'import change sets',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='people', to='agreements.agreement', verbose_name='agreement')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='people', to=settings.AUTH_USER_MODEL, verbose_name='login')),
            ],
            options={
                'verbose_name': 'person',
                'verbose_name_plural': 'people',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('agreement', 'name'), name='unique_person_name'), models.UniqueConstraint(fields=('agreement', 'user'), name='one_person_per_user_and_agreement')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalResponsibility',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('level', models.CharField(choices=[('strategic', 'Strategic group'), ('operative', 'Operative group'), ('working_group', 'Working group')], max_length=20, verbose_name='level')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('activity', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.activity', verbose_name='activity')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'historical responsibility',
                'verbose_name_plural': 'historical responsibilities',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Responsibility',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('strategic', 'Strategic group'), ('operative', 'Operative group'), ('working_group', 'Working group')], max_length=20, verbose_name='level')),
                ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responsibilities', to='activities.activity', verbose_name='activity')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responsibilities', to='activities.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'responsibility',
                'verbose_name_plural': 'responsibilities',
                'ordering': ['activity', 'level', 'person__name'],
                'constraints': [models.UniqueConstraint(fields=('activity', 'person', 'level'), name='unique_responsibility')],
            },
        ),
        migrations.CreateModel(
            name='Status',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('kind', models.CharField(choices=[('initiated', 'Initiated'), ('ongoing', 'Ongoing'), ('finished', 'Finished'), ('dropped', 'Dropped')], max_length=20, verbose_name='kind')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('colour', models.CharField(default='#e3e3e3', help_text='Hex colour, e.g. #fff2b3.', max_length=7, validators=[django.core.validators.RegexValidator('^#[0-9a-fA-F]{6}\\Z', 'Write the colour as # and six hexadecimal digits, e.g. #fff2b3.', code='colour')], verbose_name='colour')),
                ('symbol', models.CharField(default='●', help_text='Shown with the name, so colour is never the only sign.', max_length=4, verbose_name='symbol')),
                ('is_default', models.BooleanField(default=False, verbose_name='default for new activities')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statuses', to='agreements.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'status',
                'verbose_name_plural': 'statuses',
                'ordering': ['order', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('agreement', 'name'), name='unique_status_name'), models.UniqueConstraint(condition=models.Q(('is_default', True)), fields=('agreement',), name='one_default_status'), models.CheckConstraint(condition=models.Q(('colour__regex', '^#[0-9a-fA-F]{6}$')), name='status_colour_hex')],
            },
        ),
        migrations.AddField(
            model_name='historicalactivity',
            name='status',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='activities.status', verbose_name='status'),
        ),
        migrations.AddField(
            model_name='activity',
            name='status',
            field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='activities', to='activities.status', verbose_name='status'),
        ),
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('comment', models.TextField(max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='comment')),
                ('changed_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='recorded at')),
                ('effective_on', models.DateField(db_index=True, verbose_name='took effect on')),
                ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='activities.activity', verbose_name='activity')),
                ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('from_status', models.ForeignKey(null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='activities.status', verbose_name='from status')),
                ('to_status', models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='activities.status', verbose_name='to status')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['-changed_at', '-pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.UniqueConstraint(condition=models.Q(('carried_over_from__isnull', False)), fields=('agreement', 'carried_over_from'), name='carried_over_once_per_agreement'),
        ),
    ]
