"""Crafted hostile files for the extraction-limit tests: zip bombs and costly PDFs.

Every bomb starts from a real file of its format (tests/search/files.py), so it passes the
upload checks and would be parsed if nothing stopped it.
"""

import zipfile
import zlib

from tests.search import files

MB = 1024 * 1024
# The part of each format its parser reads in full.
MAIN_PART = {
    "docx": "word/document.xml",
    "pptx": "ppt/slides/slide1.xml",
    "xlsx": "xl/worksheets/sheet1.xml",
    "odt": "content.xml",
}
WRITERS = {"docx": files.write_docx, "pptx": files.write_pptx, "xlsx": files.write_xlsx, "odt": files.write_odt}


def _rewrite(path, change):
    """Rewrite the ZIP at `path`, letting change(name, data) return the new members for each one."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, data in members:
            for new_name, new_data in change(name, data):
                package.writestr(new_name, new_data)


def _padded(data, size):
    """`data` with an XML comment after its declaration making it `size` bytes long."""
    head, _, tail = data.partition(b"?>")
    filler = b"<!--" + b"x" * (size - len(data) - 9) + b"-->"
    return head + b"?>" + filler + tail


def zip_bomb(path, extension, text, kind):
    """A real `extension` file holding `text`, made hostile.

    kind "total": its main part unzips to 64 MB (the shape of the issue's 100 MB DOCX);
    kind "ratio": its main part unzips to 20 MB from a few KB (under the total, over the ratio);
    kind "members": 6,000 tiny extra parts.
    """
    WRITERS[extension](path, text)
    main = MAIN_PART[extension]

    def change(name, data):
        if kind in ("total", "ratio") and name == main:
            return [(name, _padded(data, (64 if kind == "total" else 20) * MB))]
        if kind == "members" and name == main:
            return [(name, data)] + [(f"extra/part{n}.xml", b"<a/>") for n in range(6000)]
        return [(name, data)]

    _rewrite(path, change)
    return path


def swollen_docx(path, text, megabytes):
    """A DOCX whose body is `megabytes` MB of numbered paragraphs: within the ZIP limits (it
    compresses like real prose), but its parse needs several times that in memory."""
    files.write_docx(path, text)
    body = bytearray()
    for number in range(megabytes * MB // 60):
        body += b"<w:p><w:r><w:t>%s %d</w:t></w:r></w:p>" % (text.encode(), number * 7919 % 1000003)

    def change(name, data):
        if name == "word/document.xml":
            at = data.index(b"<w:body>") + len(b"<w:body>")
            data = data[:at] + bytes(body) + data[at:]
        return [(name, data)]

    _rewrite(path, change)
    return path


def shared_stream_pdf(pages=20, stream_mb=5):
    """A small PDF whose pages all draw one huge content stream of text operators.

    About 18 KB on disk; pypdf spends seconds per page on it (the issue's 238-second PDF).
    """
    unit = b"BT /F1 12 Tf 72 720 Td (a) Tj ET\n"
    stream = zlib.compress(unit * (stream_mb * MB // len(unit)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    objects += [page] * pages
    kids = b" ".join(b"%d 0 R" % number for number in range(5, 5 + pages))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)
    return files.assemble_pdf(objects)
