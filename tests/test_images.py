"""Images and documents as editors add them: a warning above 1 MB, images that cannot
be published refused, images published at most 1,600 pixels wide without their
metadata (a photo's place and camera), and shown with their size, lazily."""

from __future__ import annotations

import io
import random
import shutil

from bs4 import BeautifulSoup
from PIL import Image

from conftest import FIXTURES, ROOT, make_project, page_path
from generator.reading.load import check
from generator.reading.sanitise import clean_page
from generator.staging import images

PHOTO = FIXTURES / "contract" / "files" / "testbild.jpg"  # 2,400 x 1,200, with a camera and a place in its EXIF


def _project(tmp_path):
    project = make_project(tmp_path, ROOT / "content")
    (project / "content" / "files").mkdir(exist_ok=True)
    return project


def test_heavy_files_are_warned_about_and_unreadable_images_refused(tmp_path):
    project = _project(tmp_path)
    files = project / "content" / "files"
    noise = Image.frombytes("RGB", (700, 600), random.Random(1).randbytes(700 * 600 * 3))
    noise.save(files / "rauschen.png")
    shutil.copy(PHOTO, files / "foto.jpg")
    (files / "kaputt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    Image.new("1", (9000, 5000)).save(files / "riesig.png")
    (files / "flyer.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 1_300_000)
    problems, warnings = check(project / "content", project)
    said = {p.file.removeprefix("content/files/"): p.message for p in problems + warnings if p.file.startswith("content/files/")}
    assert said["rauschen.png"].startswith("is 1.3 MB: over 1 MB, a page with it loads slowly on a phone. The site publishes images at most 1,600 pixels wide")
    assert said["flyer.pdf"].startswith("is 1.3 MB: over 1 MB, a reader on a phone waits for it")
    assert said["kaputt.png"] == "cannot be read as an image. Open it in an image program and save it again as .png."
    assert said["riesig.png"] == "is 9,000 x 5,000 pixels, too large to publish. Save it at most 1,600 pixels wide."
    assert "foto.jpg" not in said  # 51 KB: nothing to say
    assert {p.file for p in problems} == {"content/files/kaputt.png", "content/files/riesig.png"}


def test_images_are_published_small_and_without_metadata(tmp_path):
    """As staging publishes them (wired: test_the_built_page_has_the_published_image_and_its_size)."""
    shutil.copy(PHOTO, tmp_path / "foto.jpg")
    Image.new("RGB", (300, 200), "teal").save(tmp_path / "klein.png")
    turned = Image.new("RGB", (400, 200), "white")  # stored lying, shown standing (EXIF: turn 90°)
    exif = Image.Exif()
    exif[0x0112] = 6
    turned.save(tmp_path / "hochkant.jpg", exif=exif)
    with Image.open(io.BytesIO(images.published(tmp_path / "foto.jpg"))) as photo:
        assert photo.size == (1600, 800)
        assert not photo.getexif() and "exif" not in photo.info
    with Image.open(io.BytesIO(images.published(tmp_path / "hochkant.jpg"))) as standing:
        assert standing.size == (200, 400) and not standing.getexif()
    assert images.published(tmp_path / "klein.png") == (tmp_path / "klein.png").read_bytes()  # small and clean: as it is
    assert Image.open(tmp_path / "foto.jpg").getexif()  # the editor's file unchanged


def test_a_page_shows_images_lazily_with_their_size():
    sizes = {"../files/a.jpg": (1600, 800)}
    html = clean_page('<p><img alt="A" src="../files/a.jpg"><img alt="B" src="b.png" width="10"><img alt="C" src="c.png" loading="eager"></p>', sizes.get)
    images = BeautifulSoup(html, "html.parser").find_all("img")
    assert [(i.get("width"), i.get("height"), i.get("loading"), i.get("decoding")) for i in images] == [
        ("1600", "800", "lazy", "async"),
        ("10", None, "lazy", "async"),
        (None, None, "eager", "async"),
    ]


def test_the_built_page_has_the_published_image_and_its_size(contract_site):
    image = BeautifulSoup(page_path(contract_site, "de", "professionals").read_text(encoding="utf-8"), "html.parser").find("img", alt="Testbild mit Farbverlauf")
    assert (image["width"], image["height"], image["loading"]) == ("1600", "800", "lazy")
    published = (page_path(contract_site, "de", "professionals").parent / image["src"]).resolve()
    assert published == (contract_site / "files" / "testbild.jpg").resolve()
    with Image.open(published) as photo:
        assert photo.size == (1600, 800) and not photo.getexif()
