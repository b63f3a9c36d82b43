"""Which address a request comes from (vertelpunt/clients.py): the connection's peer, or,
behind TRUSTED_PROXY_HOPS proxies, the address the nearest of them recorded."""

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from vertelpunt.clients import client_address

PROXY = "172.18.0.1"


def request(forwarded: str | None = None, remote: str = PROXY) -> HttpRequest:
    made = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        made.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return made


def test_without_trusted_proxies_the_peer_is_the_client_and_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request("203.0.113.5")) == PROXY
    assert client_address(request()) == PROXY


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),
        # Whatever the client sent itself stands left of what our proxy appended.
        ("203.0.113.5, 198.51.100.7", "198.51.100.7"),
        ("1.1.1.1,2.2.2.2 ,  198.51.100.7", "198.51.100.7"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_one_proxy_the_client_is_the_entry_it_appended(settings, forwarded, client):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request(forwarded)) == client


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    # client -> CDN (appends the client) -> balancer (appends the CDN) -> us
    assert client_address(request("203.0.113.5, 198.51.100.7, 192.0.2.10")) == "198.51.100.7"


def test_fewer_entries_than_proxies_fall_back_to_the_farthest_recorded_one(settings):
    # The request skipped a proxy (a probe from inside the network): every entry there is
    # was written by one of ours, and the leftmost is the farthest peer they saw.
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(request("198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", [None, "", " , "])
def test_no_forwarded_entry_falls_back_to_the_peer(settings, forwarded):
    # The container's own health check talks to gunicorn directly.
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(request(forwarded)) == PROXY
