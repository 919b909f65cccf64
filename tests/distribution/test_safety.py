"""Pushes go to public addresses only (SSRF), over https, to the address that was checked."""

import pytest

from distribution.addresses import EndpointRefused, check_endpoint_url
from distribution.models import Delivery, Subscriber
from distribution.sending import PinnedHTTPConnection
from tests.factories import ArticleFactory, EditorFactory
from tests.signing_in import sign_in


@pytest.fixture
def outside_tests(settings):
    """As in production: no private addresses, https only."""
    settings.NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = False
    settings.NEWSROOM_DISTRIBUTION_ALLOW_HTTP = False


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://127.0.0.1/hook", "resolves to 127.0.0.1, a loopback address"),
        ("https://10.20.30.40/hook", "resolves to 10.20.30.40, a private network address"),
        ("https://192.168.1.5:8443/hook", "a private network address"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("https://[::1]/hook", "resolves to ::1, a loopback address"),
        ("https://[::ffff:10.0.0.1]/hook", "resolves to 10.0.0.1, a private network address"),
        ("https://localhost/hook", "localhost resolves to"),
        ("https://0.0.0.0/hook", "the unspecified address"),
        ("http://93.184.215.14/hook", "must use https://"),
        ("ftp://93.184.215.14/hook", "must be an https:// URL"),
        ("https://user:pw@93.184.215.14/hook", "no user name or password"),
    ],
)
def test_endpoints_on_internal_addresses_are_refused_with_a_reason(outside_tests, url, reason):
    with pytest.raises(EndpointRefused, match=reason.replace("?", r"\?").replace(".", r"\.")):
        check_endpoint_url(url)


def test_a_public_address_is_accepted(outside_tests):
    check_endpoint_url("https://93.184.215.14/newsroom")


def test_the_admin_refuses_a_metadata_endpoint_with_a_form_error(outside_tests, client, db):
    sign_in(client, EditorFactory())
    response = client.post(
        "/admin/distribution/subscriber/add/",
        {
            "name": "Sneaky",
            "endpoint_url": "https://169.254.169.254/latest/meta-data/",
            "format": "ninjs-2.2",
            "receives_all": "on",
            "on_published": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "169.254.169.254, a link-local address" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_an_endpoint_is_checked_again_when_delivering(
    subscriber, receiver, deliver_everything, settings
):
    # Saved while allowed; the rules (or the DNS answer) changed before the push.
    settings.NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = False
    ArticleFactory()
    deliver_everything()
    assert receiver.pushes == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error.startswith("Refused: 127.0.0.1 resolves to 127.0.0.1, a loopback")


def test_a_host_name_resolving_to_loopback_is_refused_when_delivering(
    receiver, deliver_everything, settings
):
    Subscriber.objects.create(
        name="Named", endpoint_url=receiver.url.replace("127.0.0.1", "localhost")
    )
    settings.NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = False
    ArticleFactory()
    deliver_everything()
    assert receiver.pushes == []
    assert "localhost resolves to" in Delivery.objects.get().last_error


def test_the_connection_goes_to_the_checked_address_not_a_new_dns_answer(receiver):
    port = int(receiver.url.split(":")[2].split("/")[0])
    # A name that resolves nowhere: only the pinned address can reach the receiver.
    connection = PinnedHTTPConnection("partner.invalid", port, address="127.0.0.1", timeout=5)
    connection.request("POST", "/newsroom/push", body=b"{}", headers={"X-Newsroom-Event": "x"})
    assert connection.getresponse().status == 200
    connection.close()
    assert receiver.pushes[0].headers["Host"] == f"partner.invalid:{port}"
