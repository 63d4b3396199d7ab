"""Generated catalogue photos for the demo: a still life per product kind (vase, basket, bottle with its label,
machine, textile...), coloured per product.

Fast by construction: each shape is drawn once per view as masks (cached), and a product's photo is the group's
backdrop with two flat colours pasted through those masks, then one JPEG encode. Deterministic: the colours
come from an RNG seeded with the product's name.
"""

import functools
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageDraw

from . import enums

W, H = 800, 600
G = enums.ProductGroup
# (backdrop, base body colour) per group: a catalogue page reads as one group at a glance.
GROUP_TONES = {
    G.HANDICRAFT: ((236, 226, 204), (46, 94, 170)),
    G.FOOD: ((248, 238, 218), (181, 101, 29)),
    G.MACHINERY: ((222, 228, 232), (200, 60, 40)),
    G.OTHER: ((228, 240, 230), (36, 120, 80)),
}
# More body colours per group, so a page of one kind is not one colour.
INKS = {
    G.HANDICRAFT: ((46, 94, 170), (140, 70, 40), (30, 110, 100), (170, 130, 60), (120, 40, 60)),
    G.FOOD: ((181, 101, 29), (200, 50, 40), (60, 120, 50), (210, 160, 40), (110, 60, 30)),
    G.MACHINERY: ((200, 60, 40), (40, 90, 160), (60, 120, 70), (230, 170, 30), (90, 98, 108)),
    G.OTHER: ((36, 120, 80), (150, 110, 60), (90, 60, 130), (180, 80, 40), (60, 110, 150)),
}
SHAPES = ("vase", "jar", "basket", "textile", "mat", "cabinet", "statue", "hat", "box", "bottle", "machine",
          "tool", "broom", "frame")


def _masks_for(shape: str) -> tuple[Image.Image, Image.Image]:
    """(body, detail) masks of a shape seen from the front: white where the colour goes."""
    body, detail = Image.new("L", (W, H), 0), Image.new("L", (W, H), 0)
    b, d = ImageDraw.Draw(body), ImageDraw.Draw(detail)
    if shape == "vase":
        b.ellipse([280, 250, 520, 520], fill=255)
        b.rectangle([350, 120, 450, 300], fill=255)
        b.ellipse([330, 100, 470, 140], fill=255)
        for y in (330, 380, 430):
            d.arc([290, y - 25, 510, y + 25], 10, 170, fill=255, width=5)
    elif shape == "jar":
        b.rounded_rectangle([250, 180, 550, 520], radius=110, fill=255)
        b.rectangle([320, 150, 480, 200], fill=255)
        d.rectangle([250, 300, 550, 320], fill=255)
    elif shape == "basket":
        b.polygon([(220, 260), (580, 260), (530, 520), (270, 520)], fill=255)
        b.arc([280, 110, 520, 400], 180, 360, fill=255, width=18)
        for x in range(240, 580, 28):
            d.line([(x, 262), (x - 10 if x < 400 else x + 10, 518)], fill=255, width=4)
        for y in range(280, 520, 30):
            d.line([(220, y), (580, y)], fill=255, width=3)
    elif shape in ("textile", "mat"):
        b.rectangle([150, 140, 650, 500], fill=255)
        step = 34 if shape == "textile" else 22
        for x in range(150, 650, step * 2):
            d.rectangle([x, 140, x + step, 500], fill=255)
        if shape == "mat":
            for y in range(140, 500, 44):
                d.rectangle([150, y, 650, y + 10], fill=255)
    elif shape == "cabinet":
        b.rectangle([230, 140, 570, 480], fill=255)
        b.rectangle([245, 480, 275, 530], fill=255)
        b.rectangle([525, 480, 555, 530], fill=255)
        d.rectangle([250, 160, 395, 460], outline=255, width=6)
        d.rectangle([405, 160, 550, 460], outline=255, width=6)
        d.ellipse([300, 270, 345, 315], fill=255)
        d.ellipse([455, 270, 500, 315], fill=255)
    elif shape == "statue":
        b.ellipse([340, 110, 460, 230], fill=255)
        b.polygon([(300, 520), (500, 520), (460, 230), (340, 230)], fill=255)
        d.rectangle([270, 500, 530, 530], fill=255)
    elif shape == "hat":
        b.polygon([(400, 160), (170, 450), (630, 450)], fill=255)
        b.ellipse([170, 430, 630, 475], fill=255)
        for i in range(1, 7):
            y = 160 + i * 45
            half = (y - 160) * 230 // 290
            d.line([(400 - half, y), (400 + half, y)], fill=255, width=3)
    elif shape == "box":
        b.rectangle([240, 200, 560, 500], fill=255)
        b.polygon([(240, 200), (300, 150), (620, 150), (560, 200)], fill=255)
        b.polygon([(560, 200), (620, 150), (620, 450), (560, 500)], fill=255)
        d.rectangle([240, 300, 560, 380], fill=255)  # the label band
    elif shape == "bottle":
        b.rounded_rectangle([320, 240, 480, 520], radius=30, fill=255)
        b.polygon([(320, 260), (480, 260), (430, 170), (370, 170)], fill=255)
        b.rectangle([375, 100, 425, 175], fill=255)
        d.rectangle([320, 330, 480, 430], fill=255)
        d.rectangle([370, 95, 430, 120], fill=255)
    elif shape == "machine":
        b.rectangle([200, 220, 560, 420], fill=255)
        b.rectangle([420, 140, 540, 225], fill=255)
        b.polygon([(560, 260), (660, 200), (680, 240), (560, 320)], fill=255)
        d.ellipse([210, 380, 330, 500], fill=255)
        d.ellipse([450, 380, 570, 500], fill=255)
        d.rectangle([230, 250, 400, 300], fill=255)
    elif shape == "tool":
        b.polygon([(200, 300), (520, 270), (560, 300), (520, 330)], fill=255)
        b.polygon([(200, 400), (520, 370), (560, 400), (520, 430)], fill=255)
        d.rounded_rectangle([520, 280, 660, 320], radius=15, fill=255)
        d.rounded_rectangle([520, 380, 660, 420], radius=15, fill=255)
    elif shape == "broom":
        b.rectangle([385, 80, 415, 330], fill=255)
        b.polygon([(370, 320), (430, 320), (540, 520), (260, 520)], fill=255)
        for x in range(270, 540, 16):
            d.line([(400, 330), (x, 520)], fill=255, width=2)
        d.rectangle([365, 320, 435, 345], fill=255)
    elif shape == "frame":
        b.rectangle([200, 120, 600, 480], fill=255)
        d.rectangle([200, 120, 600, 480], outline=255, width=22)
        d.ellipse([330, 220, 470, 360], fill=255)
    else:
        raise ValueError(shape)
    return body, detail


@functools.cache
def masks(shape: str, view: str, width: int = W) -> tuple[Image.Image, Image.Image, Image.Image]:
    """(body, detail, shadow) masks for a view: the side squeezes the shape, the top looks down on it."""
    if width != W:
        size = (width, width * H // W)
        return tuple(m.resize(size) for m in masks(shape, view))
    body, detail = _masks_for(shape)
    if view == enums.PhotoRole.SIDE:
        body, detail = (m.resize((W * 6 // 10, H)).crop((-W // 5, 0, W - W // 5, H)) for m in (body, detail))
    elif view == enums.PhotoRole.TOP:
        body, detail = (m.resize((W, H * 7 // 10)).crop((0, -H // 6, W, H - H // 6)) for m in (body, detail))
    if shape not in ("machine", "tool"):  # their details (wheels, handles) stand outside the body
        detail = ImageChops.multiply(detail, body)
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).ellipse([190, 500, 610, 560], fill=110)
    return body, detail, shadow


@functools.cache
def backdrop(group: str, width: int = W) -> Image.Image:
    paper, _ink = GROUP_TONES[group]
    size = (width, width * H // W)
    gradient = Image.linear_gradient("L").resize(size)  # black at the top, white at the bottom
    dark = Image.new("RGB", size, tuple(max(0, c - 26) for c in paper))
    return Image.composite(dark, Image.new("RGB", size, paper), gradient)


def _vary(colour: tuple[int, int, int], rng: random.Random, spread: int) -> tuple[int, int, int]:
    return tuple(min(255, max(0, c + rng.randint(-spread, spread))) for c in colour)


def photo_bytes(seed: str, group: str, shape: str, view: str = enums.PhotoRole.FRONT, width: int = W) -> bytes:
    """The JPEG of one product in one view: its kind's shape in a colour of its own. `width` below 800 for the
    bulk products: the upload service then makes one thumbnail fewer (see catalog.uploads._make_thumbnails)."""
    rng = random.Random(f"{seed}|{view}")
    paper, ink = GROUP_TONES[group]
    body_mask, detail_mask, shadow = masks(shape, view, width)
    image = backdrop(group, width).copy()
    image.paste((70, 60, 50), mask=shadow)
    body = _vary(rng.choice(INKS[group]) if rng.random() < 0.7 else ink, rng, 45)
    image.paste(body, mask=body_mask)
    # Details (label band, weave, doors) in a light or a dark accent: a package reads as one.
    accent = _vary(paper, rng, 20) if rng.random() < 0.6 else _vary((40, 35, 30), rng, 20)
    image.paste(accent, mask=detail_mask)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def demo_upload(seed: str, group: str, shape: str, view: str = enums.PhotoRole.FRONT,
                width: int = W) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{view}.jpg", photo_bytes(seed, group, shape, view, width), content_type="image/jpeg")
