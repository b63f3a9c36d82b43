"""Staff analysis reads go to the read replica when one is configured; nothing else does."""

import pytest
from django.db import router

from tracks.models import Story
from vertelpunt.dbrouter import REPLICA, ReplicaRouter, analysis_reads

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, REPLICA: dict(settings.DATABASES["default"])}
    return settings


def test_analysis_reads_go_to_the_replica(with_replica):
    with analysis_reads() as alias:
        assert alias == REPLICA
        assert router.db_for_read(Story) == REPLICA


def test_teller_reads_and_every_write_stay_on_the_primary(with_replica):
    assert router.db_for_read(Story) == "default"
    with analysis_reads():
        assert router.db_for_write(Story) == "default"


def test_without_a_replica_analysis_reads_use_the_primary():
    with analysis_reads() as alias:
        assert alias == "default"
        assert router.db_for_read(Story) == "default"


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate(REPLICA, "tracks") is False
    assert ReplicaRouter().allow_migrate("default", "tracks") is True


def test_the_context_ends_with_the_block(with_replica):
    with analysis_reads():
        pass
    assert router.db_for_read(Story) == "default"
