"""Profile photos: re-encoded by the server, metadata gone, size-limited, served by a route."""

import io
import os
import struct
import zlib

from PIL import Image
from sqlalchemy import select

from app.directory.models import PractitionerProfile
from app.extensions import db
from tests.directory.test_profiles import form

GPS_IFD = 0x8825


def jpeg_with_exif(size=(1200, 900)):
    """A JPEG carrying a camera model, a comment and a GPS position."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 3000"  # Model
    exif[0x010E] = "home-address-description"  # ImageDescription
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"private-comment")
    return out.getvalue()


def _upload(client, data, name="me.jpg", **changes):
    payload = form(listed="y", **changes)
    payload["photo"] = (io.BytesIO(data), name)
    return client.post("/directory/me/edit", data=payload, content_type="multipart/form-data")


def _profile():
    return db.session.scalar(select(PractitionerProfile))


def test_photo_is_reencoded_without_exif_or_gps(client, auth, make_user, app):
    original = jpeg_with_exif()
    assert b"SecretCam" in original and Image.open(io.BytesIO(original)).getexif().get(0x0110)
    auth.login(make_user())
    assert _upload(client, original).status_code == 302
    profile = _profile()
    served = client.get(f"/directory/{profile.slug}/photo")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    data = served.data
    for secret in (b"SecretCam", b"home-address", b"private-comment", b"Exif"):
        assert secret not in data
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and image.getexif().get_ifd(GPS_IFD) == {}
    assert "exif" not in image.info and "comment" not in image.info
    assert max(image.size) <= 480
    stored = os.listdir(app.config["UPLOAD_FOLDER"])
    assert stored == [profile.photo_name]


def test_png_and_replacing_removes_old_file(client, auth, make_user, app):
    auth.login(make_user())
    png = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 255, 128)).save(png, format="PNG")
    _upload(client, jpeg_with_exif())
    first = _profile().photo_name
    assert _upload(client, png.getvalue(), name="me.png").status_code == 302
    db.session.expire_all()
    second = _profile().photo_name
    assert second != first
    assert os.listdir(app.config["UPLOAD_FOLDER"]) == [second]
    client.post("/directory/me/edit", data=form(remove_photo="y"))
    db.session.expire_all()
    assert _profile().photo_name is None
    assert os.listdir(app.config["UPLOAD_FOLDER"]) == []


def test_refused_files_leave_nothing_behind(client, auth, make_user, app):
    auth.login(make_user())
    for data, name in [
        (b"<html><script>alert(1)</script></html>", "evil.jpg"),
        (b"%PDF-1.4 not an image", "doc.png"),
        (b"", "empty.jpg"),
        (jpeg_with_exif()[:200], "truncated.jpg"),
    ]:
        response = _upload(client, data, name=name)
        assert response.status_code == 400, name
        assert "Error:" in response.get_data(as_text=True)
    assert _profile() is None
    folder = app.config["UPLOAD_FOLDER"]
    assert not os.path.exists(folder) or os.listdir(folder) == []


def test_size_limit(client, auth, make_user, make_app):
    small_app = make_app(DIRECTORY_PHOTO_MAX_MB=0)
    small = small_app.test_client()
    user = make_user()
    small.post("/auth/login", data={"email": user.email, "password": "correct horse battery"})
    response = _upload(small, jpeg_with_exif())
    assert response.status_code == 400 and "smaller than" in response.get_data(as_text=True)


def test_hidden_photo_is_not_served_to_others(client, auth, make_user):
    owner = make_user()
    auth.login(owner)
    _upload(client, jpeg_with_exif(), vis_photo="hidden")
    slug = _profile().slug
    assert client.get(f"/directory/{slug}/photo").status_code == 200  # the owner still sees it
    auth.logout()
    auth.login(make_user())
    assert client.get(f"/directory/{slug}/photo").status_code == 404
    assert "/photo" not in client.get(f"/directory/{slug}").get_data(as_text=True)


def test_malformed_and_oversized_images_are_refused(client, auth, make_user):
    auth.login(make_user())
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, format="PNG")
    broken_png = png.getvalue()[:40] + b"\x00" * 30 + png.getvalue()[70:]
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    # A PNG header claiming 100,000 x 100,000 pixels: refused before any pixel is decoded.
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", len(header)) + b"IHDR" + header + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    bomb = b"\x89PNG\r\n\x1a\n" + ihdr
    for data, name in [(broken_png, "broken.png"), (gif.getvalue(), "anim.jpg"), (bomb, "bomb.png")]:
        response = _upload(client, data, name=name)
        assert response.status_code == 400, name
    assert _profile() is None
