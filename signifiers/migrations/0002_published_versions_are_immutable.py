"""A published questionnaire version is immutable: the database refuses any insert, update or
delete of its signifiers, options and wording, whatever code path tries it."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION signifiers_refuse_published_change() RETURNS trigger AS $$
DECLARE
    row_data record;
    version_id bigint;
    version_status text;
BEGIN
    IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
    IF TG_TABLE_NAME = 'signifiers_signifier' THEN
        version_id := row_data.version_id;
    ELSE
        SELECT s.version_id INTO version_id FROM signifiers_signifier s WHERE s.id = row_data.signifier_id;
    END IF;
    SELECT v.status INTO version_status FROM signifiers_questionnaireversion v WHERE v.id = version_id;
    IF version_status = 'published' THEN
        RAISE EXCEPTION 'questionnaire version % is published and cannot be changed', version_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

TABLES = ["signifiers_signifier", "signifiers_option", "signifiers_wording"]

CREATE_TRIGGERS = "\n".join(
    f"CREATE TRIGGER {t}_immutable BEFORE INSERT OR UPDATE OR DELETE ON {t} "
    f"FOR EACH ROW EXECUTE FUNCTION signifiers_refuse_published_change();"
    for t in TABLES
)
DROP_TRIGGERS = "\n".join(f"DROP TRIGGER IF EXISTS {t}_immutable ON {t};" for t in TABLES)

# A published version cannot go back to draft, and its number and label stay.
VERSION_FUNCTION = """
CREATE OR REPLACE FUNCTION signifiers_refuse_unpublish() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' AND (
        NEW.status <> 'published' OR NEW.number <> OLD.number OR NEW.label <> OLD.label
        OR NEW.questionnaire_id <> OLD.questionnaire_id
    ) THEN
        RAISE EXCEPTION 'questionnaire version % is published and cannot be changed', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER signifiers_questionnaireversion_immutable BEFORE UPDATE
    ON signifiers_questionnaireversion FOR EACH ROW EXECUTE FUNCTION signifiers_refuse_unpublish();
"""


class Migration(migrations.Migration):
    dependencies = [("signifiers", "0001_initial")]

    operations = [
        migrations.RunSQL(
            FUNCTION + CREATE_TRIGGERS,
            DROP_TRIGGERS + "DROP FUNCTION IF EXISTS signifiers_refuse_published_change();",
        ),
        migrations.RunSQL(
            VERSION_FUNCTION,
            "DROP TRIGGER IF EXISTS signifiers_questionnaireversion_immutable "
            "ON signifiers_questionnaireversion; DROP FUNCTION IF EXISTS signifiers_refuse_unpublish();",
        ),
    ]
