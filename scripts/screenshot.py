"""Take screenshots of a running server for the README and docs.

    python scripts/screenshot.py http://127.0.0.1:8000 USER PATH OUT.png [WIDTH]

Logs in as USER (password demo12345) and saves a full-page PNG of PATH.
"""

import sys

from playwright.sync_api import sync_playwright

base, username, path, out = sys.argv[1:5]
width = int(sys.argv[5]) if len(sys.argv) > 5 else 1280

with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{base}/accounts/login/")
    if username != "-":
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo12345")
        page.click("button[type=submit]")
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=out, full_page=True)
    browser.close()
