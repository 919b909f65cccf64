"""Two application servers, each with its own empty disk, behind one Varnish (the shipped
two-server VCL: a round-robin director), sharing PostgreSQL, Redis and the object store, with a
task worker on a third "machine": a picture uploaded through the desk on server A is served with
a working address by server B, and the renditions the worker makes appear for both."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image as PillowImage

from tests.conftest import free_port
from tests.core.test_varnish import Varnish
from tests.multihost.processes import (
    PostgresPair,
    Server,
    Worker,
    get,
    manage,
    site_environment,
    wait_until,
)
from tests.multihost.test_database_stopped import CREATE_REPORTER, sign_in

REDIS_DB = 14
TWO_SERVER_VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "two-servers.vcl"


def picture_bytes(size):
    output = io.BytesIO()
    PillowImage.new("RGB", size, "navy").save(output, format="JPEG")
    return output.getvalue()


class TwoServerVarnish(Varnish):
    """The shipped two-server VCL (newsroom.vcl behind a round-robin director), its two
    backends' ports set to the two servers'."""

    def __init__(self, first_port, second_port):
        self.second_port = second_port
        super().__init__(first_port)

    def vcl_source(self, source, backend_port):
        one_server = super().vcl_source(source, backend_port)
        assert '.port = "8001";' in TWO_SERVER_VCL.read_text()
        return (
            TWO_SERVER_VCL.read_text()
            .replace('include "./newsroom.vcl";', one_server.replace("vcl 4.1;", "", 1))
            .replace('.port = "8001";', f'.port = "{self.second_port}";')
        )


@pytest.fixture(scope="module")
def machines(object_store, tmp_path_factory):
    import redis

    pair = PostgresPair(apply_delay="0s")
    stop = [pair.destroy]
    try:
        bucket = object_store.new_bucket()
        redis_url = f"redis://127.0.0.1:6379/{REDIS_DB}"
        redis.Redis.from_url(redis_url).flushdb()
        ports = free_port(), free_port()
        varnish = TwoServerVarnish(*ports)
        stop.append(varnish.stop)
        shared = {
            "DATABASE_URL": pair.url("primary"),
            "DATABASE_REPLICA_URLS": pair.url("standby"),
            "REDIS_URL": redis_url,
            "NEWSROOM_PURGE_BACKEND": "varnish",
            "NEWSROOM_VARNISH_URLS": f"http://127.0.0.1:{varnish.port}/",
            **object_store.environment(bucket),
        }

        def machine(name):
            disk = tmp_path_factory.mktemp(f"machine-{name}")
            return site_environment(**shared, DJANGO_MEDIA_ROOT=disk), disk

        env_a, disk_a = machine("a")
        env_b, disk_b = machine("b")
        env_worker, disk_worker = machine("worker")
        manage("migrate", "--noinput", env=env_a)
        manage("shell", "-c", CREATE_REPORTER, env=env_a)
        server_a = Server(env_a, port=ports[0])
        stop.append(server_a.stop)
        server_b = Server(env_b, port=ports[1])
        stop.append(server_b.stop)
        worker = Worker(env_worker)
        stop.append(worker.stop)
        varnish.wait_until_the_site_answers()
        yield {
            "a": server_a,
            "b": server_b,
            "varnish": varnish,
            "env": env_a,
            "disks": [disk_a, disk_b, disk_worker],
            "public": object_store.public_url(bucket),
        }
    finally:
        for step in reversed(stop):
            step()


def test_an_upload_on_one_server_is_served_by_the_other_with_its_renditions(machines):
    server_a, server_b = machines["a"], machines["b"]
    desk = sign_in(server_a, "reporter", "a-long-reporter-password-1")
    form = desk.get(f"{server_a.url}/admin/articles/image/add/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    answer = desk.post(
        f"{server_a.url}/admin/articles/image/add/",
        data={"csrfmiddlewaretoken": token, "alt_text": "Leaders at the Kremlin"},
        files={"file": ("summit.jpg", picture_bytes((1000, 500)), "image/jpeg")},
        headers={"Referer": f"{server_a.url}/admin/"},
    )
    assert answer.status_code == 200 and "/admin/articles/image/" in answer.url, answer.text[:500]

    # The same desk session on server B (sessions are in the shared database) sees the picture
    # at an address of the bucket, which answers.
    listing = desk.get(f"{server_b.url}/admin/articles/image/").text
    change = re.search(r'href="(/admin/articles/image/\d+/change/)"', listing).group(1)
    page = desk.get(server_b.url + change).text
    original = re.search(rf'href="({re.escape(machines["public"])}[^"]+)"', page).group(1)
    assert get(original)[0] == 200

    # The worker (a third machine) makes the renditions; a story shows them from both servers.
    publish = """
from django.utils import timezone
from articles.models import Article, Image
image = Image.objects.get()
Article.objects.create(headline="Leaders at the Kremlin", slug="leaders", summary="s",
    body="<p>b</p>", status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timezone.timedelta(minutes=1), lead_image=image)
"""

    def renditions_made():
        out = manage("shell", "-c", "from articles.models import Image; "
                     "print(len(Image.objects.get().renditions))", env=machines["env"])  # fmt: skip
        return out.stdout.split()[-1] == "2"

    wait_until(renditions_made, timeout=60, interval=1, what="the worker making the renditions")
    manage("shell", "-c", publish, env=machines["env"])
    for server in (server_a, server_b, machines["varnish"]):
        status, _, body = (
            server.get("/stories/leaders/")
            if server is machines["varnish"]
            else get(server.url + "/stories/leaders/")
        )
        assert status == 200
        addresses = set(re.findall(rf'{re.escape(machines["public"])}[^" ,]+', body))
        assert len(addresses) == 3  # the original and two renditions, from the bucket
        for address in addresses:
            assert get(address)[0] == 200
    for disk in machines["disks"]:  # nothing on any machine's own disk
        assert not any(Path(disk).rglob("*.jpg"))
