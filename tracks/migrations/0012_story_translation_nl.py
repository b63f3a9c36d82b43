"""A Dutch working translation of a story told in another language, typed by staff."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tracks', '0011_story_search_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='story',
            name='translation_nl_text',
            field=models.TextField(blank=True, db_default='', default=''),
        ),
        migrations.AddField(
            model_name='story',
            name='translation_nl_title',
            field=models.CharField(blank=True, db_default='', default='', max_length=200),
        ),
    ]
