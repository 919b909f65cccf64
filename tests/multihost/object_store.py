"""A real S3 object store for the tests: single-node OpenStack Swift with its s3api, on loopback.

Started once per test session by `deploy/objectstore/swift-object-store.sh` (the same script a
developer runs), in a temporary folder on free ports; each test that asks for it gets a bucket
of its own, readable anonymously through Swift's own path, as a CDN in front of it would read it.
Skipped locally without Debian's swift packages; under CI=true their absence fails.
"""

import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.conftest import require_tool

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "objectstore" / "swift-object-store.sh"
ACCESS_KEY = "newsroom:media"
SECRET_KEY = "mediasecret"
ACCOUNT = "AUTH_newsroom"
INSTALL_HINT = (
    "apt-get install -y --no-install-recommends swift swift-proxy swift-account "
    "swift-container swift-object python3-swift memcached"
)


def free_port_run(count):
    """The first of `count` consecutive free ports (the proxy and the servers behind it)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count >= 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as check:
                    check.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no run of free ports for the object store")


class ObjectStore:
    def __init__(self):
        require_tool(
            ["/usr/bin/swift-proxy-server", "/usr/bin/swift-object-server", "/usr/bin/memcached"],
            INSTALL_HINT,
        )
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-swift-"))
        self.port = free_port_run(5)
        started = subprocess.run(
            ["bash", str(SCRIPT), "start", str(self.folder), str(self.port)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        if started.returncode != 0:
            raise RuntimeError(f"Swift did not start:\n{started.stdout}\n{started.stderr}")
        self.endpoint_url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        subprocess.run(["bash", str(SCRIPT), "stop", str(self.folder)], timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def new_bucket(self):
        """A bucket of its own, readable by anyone at `public_url(bucket)`."""
        bucket = f"media-{uuid.uuid4().hex[:12]}"
        client = self.client()
        client.create_bucket(Bucket=bucket)
        client.put_bucket_acl(Bucket=bucket, ACL="public-read")
        return bucket

    def public_url(self, bucket):
        return f"{self.endpoint_url}/v1/{ACCOUNT}/{bucket}/"

    def environment(self, bucket, endpoint_url=None):
        """The environment a web machine or worker is given to use the bucket."""
        return {
            "NEWSROOM_MEDIA_STORAGE": "s3",
            "NEWSROOM_S3_BUCKET": bucket,
            "NEWSROOM_S3_ENDPOINT_URL": endpoint_url or self.endpoint_url,
            "NEWSROOM_S3_REGION": "us-east-1",
            "NEWSROOM_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "NEWSROOM_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "NEWSROOM_S3_PUBLIC_URL": self.public_url(bucket),
        }
