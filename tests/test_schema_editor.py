"""The schema in the editors' own tool: the real yaml-language-server (the engine of VS
Code's YAML extension), spoken to over stdio as an editor does (LSP JSON-RPC). A good
office file gets no diagnostic; each mistake of issue 26 that a schema can say gets one,
with the German message of `schema/office.schema.json`; a `topics:` item offers the
topic ids. Closing before opening is missing on purpose: a schema cannot compare two
fields, only `kim check` says it.

yaml-language-server is installed with npm into ~/.cache (once per version); without
node and npm the test fails and says so. It asks for `builds`: the build tier.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import filelock
import pytest

from conftest import ROOT
from generator.contract.vocabulary import TOPICS

VERSION = "1.25.0"  # 1.x: what VS Code's YAML extension bundles; validates draft-07 fully
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kim-yaml-language-server" / VERSION
SERVER = CACHE / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SCHEMA = ROOT / "schema" / "office.schema.json"

GOOD = """\
name: Teststelle
carrier: planb
municipality: herne
reviewed: 2026-01-01
"""

# mistake: (the office file, the start of the German message it must get)
MISTAKES = {
    "language-name": (GOOD + "languages: [de, Arabisch]\n", "Schreiben Sie einen Sprachcode (ISO 639 / BCP 47), nicht den Namen der Sprache"),
    "email": (GOOD + "email: info@beispiel\n", "Schreiben Sie die E-Mail-Adresse wie name@example.org."),
    "carrier": (GOOD.replace("carrier: planb", "carrier: kreis-mettmann"), "Unbekannte Kennung: Es gibt keine Datei content/carriers/<kennung>.yml dazu."),
    "phone-text": (GOOD + "phone: 0231 Zentrale\n", "Schreiben Sie die ganze Nummer in Ziffern"),
    "phone-no-area-code": (GOOD + "phone: 99-2345\n", "Schreiben Sie die ganze Nummer in Ziffern"),
    "24:00": (GOOD + 'opening_hours:\n  - {days: [mo], open: "08:00", close: "24:00"}\n', "Schreiben Sie die Uhrzeit als HH:MM von 00:00 bis 23:59"),
    "german-day": (GOOD + 'opening_hours:\n  - {days: [Montag], open: "08:00", close: "12:00"}\n', "Unbekannter Wert. Verwenden Sie einen dieser: mo, tu, we, th, fr, sa, su."),
    "date": (GOOD.replace("2026-01-01", "2026-13-01"), "Schreiben Sie das Datum als JJJJ-MM-TT"),
    "decimal-comma": (GOOD + "location:\n  lat: 51,2509\n  lon: 6.9\n", "Schreiben Sie die Zahl mit Punkt, z. B. 51.5356."),
}


def installed() -> Path:
    """yaml-language-server, installed once into the cache."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.fail("node and npm are needed to test the schema with yaml-language-server: install Node.js (apt-get install nodejs npm)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(CACHE / ".lock"):
        if not SERVER.is_file():
            done = subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), f"yaml-language-server@{VERSION}"], capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0 and SERVER.is_file(), f"npm could not install yaml-language-server@{VERSION}:\n{done.stderr}"
    return SERVER


class Client:
    """An editor's side of the Language Server Protocol, as small as the test needs."""

    def __init__(self, server: Path, settings: dict):
        self.settings = settings  # what the editor answers when the server asks for its settings
        self.process = subprocess.Popen(["node", str(server), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda message: message.get("id") == self.next_id and "method" not in message)["result"]

    def wait(self, wanted, timeout: float = 20) -> dict:
        """The next message `wanted` accepts; the server's own requests answered on the way."""
        end = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.01, end - time.monotonic()))
            if wanted(message):
                return message
            if message.get("method") == "workspace/configuration":
                self.send({"id": message["id"], "result": [self.settings.get(item["section"], {}) for item in message["params"]["items"]]})
            elif "id" in message and "method" in message:  # client/registerCapability ...
                self.send({"id": message["id"], "result": None})

    def diagnostics(self, uri: str) -> list[dict]:
        return self.wait(lambda message: message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri)["params"]["diagnostics"]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editor")
    (folder / "content" / "offices").mkdir(parents=True)
    settings = {"yaml": {"schemas": {SCHEMA.as_uri(): "*.yml"}, "validate": True, "completion": True}}
    client = Client(installed(), settings)
    client.request("initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {"textDocument": {"completion": {"completionItem": {"snippetSupport": False}}}}})
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": settings})
    documents = iter(range(1000))

    def open_office(text: str) -> str:
        uri = (folder / "content" / "offices" / f"office-{next(documents)}.yml").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri

    yield client, open_office
    client.close()


def test_a_good_office_file_gets_no_diagnostic(editor, builds):
    client, open_office = editor
    assert client.diagnostics(open_office(MISTAKES["email"][0])), "the schema is not in use"
    for text in (GOOD, (ROOT / "content" / "offices" / "herne-wanne-planb.yml").read_text(encoding="utf-8")):
        assert client.diagnostics(open_office(text)) == []


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_gets_a_diagnostic_with_the_german_message(editor, builds, mistake):
    client, open_office = editor
    text, message = MISTAKES[mistake]
    found = client.diagnostics(open_office(text))
    assert [d["message"] for d in found if d["message"].startswith(message)], [d["message"] for d in found]


def test_hovering_a_field_shows_its_german_description(editor, builds):
    client, open_office = editor
    uri = open_office(GOOD)
    client.diagnostics(uri)
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 2}})
    assert "KIM-Stelle" in hover["contents"]["value"]
    assert "Das Datum, an dem der Eintrag zuletzt geprüft wurde (Warnung nach 12 Monaten)." in hover["contents"]["value"]


def test_a_topics_item_offers_the_topic_ids(editor, builds):
    client, open_office = editor
    uri = open_office(GOOD + "topics:\n  - \n")
    client.diagnostics(uri)
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 5, "character": 4}})
    offered = [item["label"] for item in (result["items"] if isinstance(result, dict) else result)]
    assert set(TOPICS.ids) <= set(offered), offered
