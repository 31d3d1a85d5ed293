"""The module's data folder: manifest.json says what buildspec.json says, and both install layouts put the data folder where OBS looks.

manifest.json is read by OBS 32's plugin manager from the module's data folder
(libobs/obs-module.c, obs_module_load_metadata): strings id, name,
display_name, version, description, long_description, os_arch, an object urls
(repository, website, support) and booleans has_icon, has_banner. Locale files
are looked up as <data folder>/locale/<language>.ini.

Environment: NEMO_SOURCE_DIR, NEMO_BUILD_DIR (ctest sets them).
SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import os
import subprocess
import tempfile
import unittest

SOURCE = os.environ.get("NEMO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("NEMO_BUILD_DIR", os.path.join(SOURCE, "build"))

STRING_KEYS = {"id", "name", "display_name", "version", "description", "long_description",
               "os_arch"}
BOOL_KEYS = {"has_icon", "has_banner"}
URL_KEYS = {"repository", "website", "support"}
LOCALES = ("en-US.ini", "zh-CN.ini")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def files_under(root):
    out = set()
    for folder, _, names in os.walk(root):
        for name in names:
            out.add(os.path.relpath(os.path.join(folder, name), root))
    return out


class DataFolderTest(unittest.TestCase):
    def test_manifest(self):
        spec = load(os.path.join(SOURCE, "buildspec.json"))
        manifest = load(os.path.join(BUILD, "data", "manifest.json"))
        self.assertEqual(manifest["id"], spec["name"])
        self.assertEqual(manifest["name"], spec["name"])
        self.assertEqual(manifest["display_name"], spec["displayName"])
        self.assertEqual(manifest["version"], spec["version"])
        self.assertEqual(manifest["description"], spec["description"])
        self.assertEqual(manifest["long_description"], spec["longDescription"])
        self.assertEqual(manifest["urls"]["website"], spec["website"])
        # Only keys libobs reads, each of the type it reads it as.
        self.assertLessEqual(set(manifest), STRING_KEYS | BOOL_KEYS | {"urls"})
        for key in STRING_KEYS & set(manifest):
            self.assertIsInstance(manifest[key], str, key)
        for key in BOOL_KEYS & set(manifest):
            self.assertIsInstance(manifest[key], bool, key)
        self.assertLessEqual(set(manifest["urls"]), URL_KEYS)
        # No icon or banner is shipped, so none is claimed.
        self.assertFalse(manifest.get("has_icon") or manifest.get("has_banner"))

    def install(self, component, prefix):
        subprocess.run(["cmake", "--install", BUILD, "--component", component, "--prefix", prefix],
                       check=True, capture_output=True)
        return files_under(prefix)

    def test_layouts(self):
        name = load(os.path.join(SOURCE, "buildspec.json"))["name"]
        source_data = files_under(os.path.join(SOURCE, "data"))
        for locale in LOCALES:
            self.assertIn(os.path.join("locale", locale), source_data)
        with tempfile.TemporaryDirectory() as tmp:
            user = self.install("user", os.path.join(tmp, "user"))
            data = f"{name}/data"
            for f in source_data | {"manifest.json"}:
                self.assertIn(f"{data}/{f}", user)
            for program in (f"{name}.so", "nemo-local", "nemo-clip"):
                self.assertIn(f"{name}/bin/64bit/{program}", user)

            system = self.install("system", os.path.join(tmp, "system"))
            data = f"share/obs/obs-plugins/{name}"
            for f in source_data | {"manifest.json"}:
                self.assertIn(f"{data}/{f}", system)
            modules = [f for f in system if f.endswith(f"/obs-plugins/{name}.so")]
            self.assertEqual(len(modules), 1, system)
            self.assertIn("bin/nemo-local", system)
            self.assertIn("bin/nemo-clip", system)
            # Nothing else: no test binary, no benchmark, no stray data.
            extra = {f for f in system
                     if not (f.startswith(data + "/") or f in modules
                             or f in ("bin/nemo-local", "bin/nemo-clip")
                             or f.startswith(f"share/doc/{name}/"))}
            self.assertEqual(extra, set())


if __name__ == "__main__":
    unittest.main()
