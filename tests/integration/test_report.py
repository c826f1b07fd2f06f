"""`thidua report`: one self-contained HTML page, rendered by a real browser (Debian's
chromium, headless); the nominees it shows are the result's, award by award, in rank order."""

import html.parser
import json
import re
import shutil
import struct
import subprocess

import pytest

from conftest import EXAMPLE

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Page(html.parser.HTMLParser):
    """The awards (section[data-award]) and, in each, the ids of table.nominees' rows."""

    def __init__(self, text):
        super().__init__()
        self.awards = {}
        self.tags = []
        self.references = []  # every src/href/url the page would load or link to
        self._award = None
        self._in_nominees = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.references += [attrs[a] for a in ("src", "href") if a in attrs]
        if tag == "section" and "data-award" in attrs:
            self._award = attrs["data-award"]
            self.awards[self._award] = []
        elif tag == "table":
            self._in_nominees = "nominees" in (attrs.get("class") or "").split()
        elif tag == "tr" and self._in_nominees and "data-id" in attrs:
            self.awards[self._award].append(attrs["data-id"])

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_nominees = False


@pytest.fixture(scope="module")
def report(thidua, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    thidua("report", EXAMPLE / "policy.thidua", EXAMPLE / "data.json", "-o", path)
    return path


@pytest.fixture(scope="module")
def result(thidua):
    return json.loads(thidua("run", EXAMPLE / "policy.thidua", EXAMPLE / "data.json").stdout)


def chromium(tmp_path, *args):
    program = shutil.which("chromium")
    assert program, "Debian's chromium is needed (.ci/install-deps installs it)"
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    done = subprocess.run([program, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *map(str, args)],
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout.decode("utf-8")


def test_the_page_loads_nothing(report):
    text = report.read_text(encoding="utf-8")
    page = Page(text)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert all(ref.startswith("#") for ref in page.references), page.references
    assert "url(" not in text and "@import" not in text
    assert '<html lang="vi">' in text and 'name="viewport"' in text


def test_the_browser_shows_the_results_nominees(report, result, tmp_path):
    rendered = Page(chromium(tmp_path, "--dump-dom", report.as_uri()))
    expected = {award: [s["id"] for s in body["selected"]] for award, body in result["awards"].items()}
    assert rendered.awards == expected
    assert list(rendered.awards) == list(result["awards"])  # in decision order
    assert expected["bang_khen"] == ["QLDT", "P012", "P003"]


def test_ties_and_reasons_are_shown(report, result):
    text = report.read_text(encoding="utf-8")
    tie = result["awards"]["giay_khen"]["ties"][0]
    assert f'{", ".join(tie["ids"])} bằng nhau trên mọi tiêu chí xếp hạng; được chọn: {", ".join(tie["selected"])}' in text
    assert "<code>floor(20% * count(Person))</code> với <code>count(Person) = 63</code> = 12." in text
    # P013 failed the Giấy khen on its title; the page says so in the plan's words.
    row = text[text.index('<tr data-id="P013">', text.index('data-award="giay_khen"')):]
    assert row[:row.index("</tr>")].count("Chưa đạt: Đạt danh hiệu Lao động tiên tiến") == 1


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("width", [412, 1200], ids=["phone", "desktop"])
def test_it_renders_on_a_phone_and_a_desktop(report, tmp_path, width):
    shot = tmp_path / f"report-{width}.png"
    chromium(tmp_path, f"--window-size={width},1600", f"--screenshot={shot}", report.as_uri())
    assert png_size(shot) == (width, 1600)


def test_it_prints(report, tmp_path):
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 2  # the example fills several A4 pages
