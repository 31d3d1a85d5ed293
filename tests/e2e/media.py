"""Test media for the E2E tests: real photos and music fetched from Debian
packages by ci/fetch-test-media.sh (into $NEMO_TEST_MEDIA or
<build>/test-media), and helpers that decode frames with the ffmpeg CLI.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import glob
import json
import os
import subprocess


def media_dir():
    build = os.environ.get("NEMO_BUILD_DIR") or os.path.abspath("build")
    return os.environ.get("NEMO_TEST_MEDIA") or os.path.join(build, "test-media")


def photos(count):
    found = sorted(glob.glob(os.path.join(media_dir(), "photos", "*.jpg")))
    if len(found) < count:
        raise FileNotFoundError(f"need {count} photos in {media_dir()}/photos: "
                                "run ci/fetch-test-media.sh <build>/test-media")
    return found[:count]


def music():
    found = sorted(glob.glob(os.path.join(media_dir(), "music", "*")))
    if not found:
        raise FileNotFoundError(f"no music in {media_dir()}/music")
    return found[0]


def probe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                          "-show_streams", path], capture_output=True, check=True, text=True)
    return json.loads(out.stdout)


def gray_frames(path, width=64, height=36, fps=4):
    """Frames of a video as lists of gray bytes (width x height), `fps` a second."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-vf",
                          f"fps={fps},scale={width}:{height},format=gray", "-f", "rawvideo", "-"],
                         capture_output=True, check=True).stdout
    size = width * height
    return [raw[i:i + size] for i in range(0, len(raw) - size + 1, size)]


def gray_image(png_bytes, width=64, height=36):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-f", "png_pipe", "-i", "-", "-vf",
                          f"scale={width}:{height},format=gray", "-f", "rawvideo", "-"],
                         input=png_bytes, capture_output=True, check=True).stdout
    return raw[:width * height]


def mean_abs_diff(a, b):
    return sum(abs(x - y) for x, y in zip(a, b)) / max(1, min(len(a), len(b)))


def spread(gray):
    """How far a picture is from a flat colour (0 for black or a solid fill)."""
    mean = sum(gray) / len(gray)
    return sum(abs(v - mean) for v in gray) / len(gray)


def mean_volume_db(path):
    """The mean volume of a file's sound in dB (ffmpeg's volumedetect); -inf for silence."""
    err = subprocess.run(["ffmpeg", "-nostdin", "-v", "info", "-i", path, "-vn", "-af",
                          "volumedetect", "-f", "null", "-"], capture_output=True, text=True).stderr
    for line in err.splitlines():
        if "mean_volume:" in line:
            return float(line.split("mean_volume:")[1].split()[0])
    return float("-inf")
