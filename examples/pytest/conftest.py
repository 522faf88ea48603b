# pytest fixtures: one aks-emulator for the test session, emptied before every test.
import json
import os
import shutil
import ssl
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from azure.core.credentials import AccessToken

# The emulator's command line: here the one built in this repository (npm run build).
CLI = os.environ.get("AKS_EMULATOR_CLI", str(Path(__file__).resolve().parents[2] / "dist/src/cli/main.js"))


class Emulator:
    """A running instance: endpoint, CA bundle, Owner tokens, and its /_emulator/ control routes."""

    def __init__(self, data_dir):
        info = json.loads((Path(data_dir) / "runtime.json").read_text())
        self.endpoint = info["endpoint"]
        self.subscription_id = info["subscriptionId"]
        self.ca_bundle = info["caBundlePath"]  # the system CAs plus the emulator's, for the SDKs
        self._identity = (info["identityEndpoint"], info["identityHeader"])
        self._tls = ssl.create_default_context(cafile=info["caPath"])
        self._token = None

    def _send(self, method, url, headers, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json", **headers})
        with urllib.request.urlopen(request, context=self._tls, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def get_token(self, *scopes, **kwargs):
        """An Owner token from the emulator's managed-identity endpoint (azure-core's TokenCredential)."""
        if self._token is None or self._token.expires_on - 300 < time.time():
            endpoint, secret = self._identity
            url = f"{endpoint}?api-version=2019-08-01&resource=https://management.azure.com"
            token = self._send("GET", url, {"x-identity-header": secret})
            self._token = AccessToken(token["access_token"], int(token["expires_on"]))
        return self._token

    def control(self, method, path, body=None):
        """A testing-control route, e.g. control("POST", "/_emulator/faults", {...})."""
        return self._send(method, self.endpoint + path, {"authorization": f"Bearer {self.get_token().token}"}, body)


@pytest.fixture(scope="session")
def emulator():
    data_dir = tempfile.mkdtemp(prefix="aks-emulator-")
    process = subprocess.Popen(
        ["node", CLI, "start", "--port", "0", "--in-memory", "--data-dir", data_dir, "--log-level", "warn"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready = process.stdout.readline()  # "aks-emulator ready at https://127.0.0.1:<port>"
        assert ready.startswith("aks-emulator ready at "), f"the emulator did not start: {ready!r}"
        yield Emulator(data_dir)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def empty_emulator(emulator):
    emulator.control("POST", "/_emulator/reset")  # removes every resource, operation and fault
