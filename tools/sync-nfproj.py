#!/usr/bin/env python3
"""Rewrites the <Compile Include> list of each .nfproj from the .cs files in its folder.

The nanoFramework project system needs every source listed; tools/Build.Tests checks that the
list matches the folder (Host/ is .NET-only and never listed; Esp32/ is device-only and listed
like every device source, while the .csproj beside the .nfproj leaves it out). Linked sources
(the unit-test projects' <Compile Include="..\Common\..."> with a <Link>) are written by hand
and left as they are. Run this after adding, moving or removing a device source:
python3 tools/sync-nfproj.py
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST_ONLY = ("Host", "bin", "obj")


def device_sources(folder):
    sources = []
    for directory, _, files in os.walk(folder):
        relative = os.path.relpath(directory, folder)
        if relative.split(os.sep)[0] in HOST_ONLY:
            continue
        for name in files:
            if name.endswith(".cs"):
                sources.append(os.path.normpath(os.path.join(relative, name)).replace(os.sep, "\\"))
    return sorted(sources, key=str.lower)


def sync(project):
    with open(project, newline="") as f:
        text = f.read()
    block = "".join(f'    <Compile Include="{source}" />\r\n' for source in device_sources(os.path.dirname(project)))
    updated, count = re.subn(r'(    <Compile Include="[^"]+" />\r?\n)+', lambda _: block, text, count=1)
    if count == 0:
        sys.exit(f"{project}: no <Compile Include> list to rewrite")
    if updated != text:
        with open(project, "w", newline="") as f:
            f.write(updated)
        print(f"updated {os.path.relpath(project, ROOT)}")


for directory, folders, files in os.walk(ROOT):
    folders[:] = [d for d in folders if d not in ("artifacts", "packages", "node_modules", ".git")]
    for name in files:
        if name.endswith(".nfproj"):
            sync(os.path.join(directory, name))
