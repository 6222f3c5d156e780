#!/usr/bin/env python3
"""Prints what each medium's pictures (journey maps and silo diagrams) promise and what they reach, measured on the SVG.

Usage: python3 scripts/media-report.py JOURNEYMAP [MAP ...]   (`make media-report` runs it)

For every medium it renders the maps with `journeymap render --view V --media M` into a
temporary folder and reads every file: the smallest text and the smallest step label as placed
(font size times the scale from the viewBox to the width), stage names on slides, the aspect
of a poster, and how much of each page the drawing fills. Only the standard library is used.
"""
import glob
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
MEDIA = ["poster", "screen", "a4", "a3", "letter", "column"]


def number(text):
    return float("".join(c for c in text if c in "0123456789.-") or 0)


def measure(path):
    root = ET.parse(path).getroot()
    width, height = number(root.get("width")), number(root.get("height"))
    box = [float(v) for v in root.get("viewBox").split()]
    scale = width / box[2]
    sizes, labels, stages, columns = [], [], [], 0
    lo = [float("inf")] * 2
    hi = [float("-inf")] * 2
    for group in root.iter(NS + "g"):
        classes = (group.get("class") or "").split()
        if not classes or classes[0] not in ("node", "cluster") or group.get("id") == "canvas":
            continue
        if classes[0] == "node" and "step" in classes and "backstage" not in classes:
            columns += 1
        for element in group.iter():
            if element.tag == NS + "text":
                size = float(element.get("font-size"))
                headline = (group.get("id") or "").endswith("-headline")
            if element.tag == NS + "text" and not headline:
                # The text's own box counts as drawn too (about 0.55 em a character), but not
                # the page's headline, which runs across any page.
                x, y = float(element.get("x")), float(element.get("y"))
                w = len(element.text or "") * size * 0.55
                left = {"middle": x - w / 2, "end": x - w}.get(element.get("text-anchor"), x)
                lo[0], hi[0] = min(lo[0], left), max(hi[0], left + w)
                lo[1], hi[1] = min(lo[1], y - size), max(hi[1], y)
            if element.tag == NS + "text":
                sizes.append(size)
                bold = element.get("font-weight") == "bold"
                if "step" in classes and bold and size >= 12:
                    labels.append(size)
                if "stage-label" in classes and size >= 14:
                    stages.append(size)
            points = element.get("points") or element.get("d") or ""
            numbers = [number(v) for v in points.replace(",", " ").replace("M", " ")
                       .replace("C", " ").split() if v.strip()]
            for i in range(0, len(numbers) - 1, 2):
                for axis, value in ((0, numbers[i]), (1, numbers[i + 1])):
                    lo[axis], hi[axis] = min(lo[axis], value), max(hi[axis], value)
    drawn = max(hi[0] - lo[0], 0) * max(hi[1] - lo[1], 0) * scale * scale
    return {
        "width": width, "height": height,
        "smallest": min(sizes) * scale if sizes else 0,
        "label": min(labels) * scale if labels else None,
        "stage": min(stages) * scale if stages else None,
        "fill": drawn / (width * height) if width and height else 0,
        "columns": columns,
    }


def main():
    binary, maps = sys.argv[1], sys.argv[2:] or sorted(glob.glob("maps/*.journey"))
    print(f"{'view':8} {'medium':8} {'files':>5}  {'smallest text':>13}  {'step labels':>11}  "
          f"{'stage names':>11}  {'aspect':>6}  {'under half full':>15}  {'under promise':>13}")
    for view, medium in [(v, m) for v in ("journey", "silo") for m in MEDIA]:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([binary, "render", *maps, "--view", view, "--media", medium,
                            "-o", out], check=True, stdout=subprocess.DEVNULL)
            files = sorted(glob.glob(os.path.join(out, "*.svg")))
            figures = [(f, measure(f)) for f in files]
        body = [(f, m) for f, m in figures if not f.endswith(".page-1.svg")]
        unit = "px" if medium == "screen" else "pt"
        smallest = min(m["smallest"] for _, m in figures)
        labels = [m["label"] for f, m in body if m["label"] is not None
                  and not (medium == "screen" and f.endswith(".slide-1.svg"))]
        stages = [m["stage"] for f, m in body if m["stage"] is not None
                  and not f.endswith(".slide-1.svg")]
        aspect = max(m["width"] / m["height"] for _, m in figures)
        paper = medium in ("a4", "a3", "letter")
        thin = sum(1 for _, m in body if paper and m["fill"] < 0.5)
        promise = {"a4": 8, "a3": 8, "letter": 8, "column": 6.5}.get(medium)
        under = sum(1 for _, m in figures if promise and m["smallest"] < promise - 0.01)
        if medium == "screen":
            under = sum(1 for f, m in body if not f.endswith(".slide-1.svg")
                        and m["label"] is not None and m["label"] < 23.99)
        print(f"{view:8} {medium:8} {len(files):>5}  {smallest:>10.1f} {unit}  "
              f"{(min(labels) if labels else 0):>8.1f} {unit}  "
              f"{(min(stages) if stages else 0):>8.1f} {unit}  {aspect:>6.2f}  "
              f"{(f'{thin} of {len(body)}' if paper else '-'):>15}  {under:>13}")
    print("\nPromises: poster at most 3:1; screen step labels >= 24 px and stage names >= 32 px "
          "after the overview slide;\npaper text >= 8 pt and pages after the cover at least half "
          "full; column text >= 6.5 pt and step labels >= 8 pt.")


if __name__ == "__main__":
    main()
