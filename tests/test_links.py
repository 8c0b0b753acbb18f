"""`kim links` against a local web server: dead and moved links found, one line each
in the checker's format, at the line of the address; live ones and temporary
redirects say nothing; each address is asked once."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_check import GOOD

from conftest import kim_in_process

ROUTES = {
    "/live": (200, None),
    "/gone": (404, None),
    "/error": (500, None),
    "/old": (301, "/new"),
    "/new": (200, None),
    "/for-now": (302, "/live"),
    "/no-head": (405, None),  # HEAD refused; GET answers
}


class Server(BaseHTTPRequestHandler):
    asked: list[tuple[str, str]] = []

    def log_message(self, *args):
        pass

    def _answer(self, with_body: bool) -> None:
        self.asked.append((self.command, self.path))
        status, target = ROUTES.get(self.path, (404, None))
        if self.path == "/no-head" and self.command == "GET":
            status = 200
        self.send_response(status)
        if target:
            self.send_header("Location", target)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@pytest.fixture
def server():
    Server.asked = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_dead_and_moved_links_are_named_at_their_lines(tmp_path, server):
    content = tmp_path / "content"
    for folder in ("offices", "carriers", "municipalities"):
        (content / folder).mkdir(parents=True)
    office = GOOD.replace("website: https://example.org/kim", f"website: {server}/gone")
    office += f"source: {{url: '{server}/old', date: 2026-01-05}}\n"
    office += "documents:\n" + "".join(f"  - {{url: '{server}{path}', title: Flyer, language: {lang}}}\n" for path, lang in (("/live", "de"), ("/for-now", "tr"), ("/no-head", "ar"), ("/error", "uk"), ("/gone", "ru")))
    (content / "offices" / "testbuero.yml").write_text(office, encoding="utf-8")
    (content / "carriers" / "planb.yml").write_text(f"name: PlanB\nwebsite: {server}/live\n", encoding="utf-8")
    (content / "site.yml").write_text("# publisher:\n#   website: https://example.org/\n", encoding="utf-8")

    result = kim_in_process("links", "--timeout", "5", cwd=tmp_path)
    lines = office.splitlines()

    def at(marker: str) -> str:
        number = next(i for i, line in enumerate(lines, 1) if marker in line)
        line = lines[number - 1]
        return f"content/offices/testbuero.yml:{number}:{(line.index(chr(39) + server) if chr(39) + server in line else line.index(server)) + 1}"

    assert result.stdout.splitlines() == [
        f"{at('website:')}: website: '{server}/gone' is dead: the server answers 404 Not Found. Find the page's new address, or remove it.",
        f"{at('source:')}: source.url: '{server}/old' has moved for good to {server}/new. Write that address instead.",
        f"{at('language: uk')}: documents[4].url: '{server}/error' is dead: the server answers 500 Internal Server Error. Find the page's new address, or remove it.",
        f"{at('language: ru')}: documents[5].url: '{server}/gone' is dead: the server answers 404 Not Found. Find the page's new address, or remove it.",
    ]
    assert result.stderr.strip() == "6 web addresses checked, 4 dead or moved."
    assert result.returncode == 1
    assert Server.asked.count(("HEAD", "/gone")) == 1  # asked once, named twice
    assert ("GET", "/no-head") in Server.asked
    (content / "offices" / "testbuero.yml").write_text(GOOD.replace("https://example.org/kim", f"{server}/live"), encoding="utf-8")
    assert kim_in_process("links", cwd=tmp_path).returncode == 0
