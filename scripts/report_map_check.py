"""Drives headless Chromium over the DevTools protocol to check the role map
of a rolecall HTML report as a person would use it: the map has its marks
(or density cells), hovering one shows its tooltip, clicking it opens that
posting's evidence in the table.

Usage: report_map_check.py REPORT.html {marks|cells} LEAST [SCREENSHOT.png]

The map must show marks (one per placed posting: as many as its
`data-placed` says) or cells, at least LEAST of them. Needs `chromium` on PATH and the `websocket-client` package
(scripts/report-browser-check.sh installs it in a venv). Exits 1 on failure.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


class Page:
    """One Chromium page, spoken to over its DevTools websocket."""

    def __init__(self, url):
        self.profile = tempfile.mkdtemp()
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1000",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        else:
            fail("chromium did not open its DevTools port")
        port = open(port_file).read().split()[0]
        for _ in range(100):
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                break
            time.sleep(0.1)
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=120, suppress_origin=True)
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    fail(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def eval(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            fail(f"script error in {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.eval(expression):
                return
            time.sleep(0.1)
        fail(f"timed out waiting for {expression}")

    def mouse(self, kind, x, y):
        params = {"type": kind, "x": x, "y": y}
        if kind != "mouseMoved":
            params.update(button="left", clickCount=1)
        self.send("Input.dispatchMouseEvent", **params)

    def close(self):
        self.ws.close()
        self.proc.kill()
        self.proc.wait()


def main():
    report, kind, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
    shot = sys.argv[4] if len(sys.argv) > 4 else None
    selector = {"marks": "svg.role-map a.mark", "cells": "svg.role-map a.cell"}[kind]
    page = Page("file://" + os.path.abspath(report))
    try:
        page.wait_for("document.readyState === 'complete' && !!document.querySelector('#postings tbody tr')")
        count = page.eval(f"document.querySelectorAll({json.dumps(selector)}).length")
        other = "cells" if kind == "marks" else "marks"
        others = page.eval(f"document.querySelectorAll('svg.role-map a.{other[:-1]}').length")
        print(f"role map: {count} {kind}, {others} {other}")
        placed = int(page.eval("document.querySelector('svg.role-map').getAttribute('data-placed')"))
        if kind == "marks" and count != placed:
            fail(f"{placed} postings placed, {count} marks")
        if count < expected:
            fail(f"expected at least {expected} {kind}, found {count}")
        if others:
            fail(f"the map mixes marks and cells")
        # The last element drawn is on top: hover and click it.
        target = page.eval(f"""(function () {{
            var all = document.querySelectorAll({json.dumps(selector)});
            var a = all[all.length - 1];
            a.scrollIntoView({{block: 'center'}});
            var r = a.firstElementChild.getBoundingClientRect();
            return {{x: r.left + r.width / 2, y: r.top + r.height / 2,
                     tip: a.getAttribute('data-tip'), href: a.getAttribute('href')}};
        }})()""")
        page.mouse("mouseMoved", target["x"], target["y"])
        page.wait_for("!!document.querySelector('.map-tip') && "
                      "document.querySelector('.map-tip').style.display === 'block'", 10)
        tip = page.eval("document.querySelector('.map-tip').textContent")
        if tip != target["tip"]:
            fail(f"hover shows {tip!r}, expected {target['tip']!r}")
        labels = ["product_manager", "technical_product_manager", "technology_manager",
                  "technical_program_manager", "unclassified"]
        if not any(label in tip for label in labels):
            fail(f"the tooltip {tip!r} names no label")
        print(f"hover: {tip!r}")
        if shot:
            png = page.send("Page.captureScreenshot", format="png")["data"]
            with open(shot, "wb") as f:
                f.write(base64.b64decode(png))
        page.mouse("mousePressed", target["x"], target["y"])
        page.mouse("mouseReleased", target["x"], target["y"])
        n = int(target["href"].split("=")[1])
        page.wait_for(f"location.hash === '#open={n}' && "
                      f"!!document.querySelector('tr.row.open[data-i=\"{n - 1}\"]')", 20)
        shown = page.eval("""(function () {
            var row = document.querySelector('tr.row.open');
            var detail = row.nextElementSibling;
            return {path: row.querySelector('td.path').textContent,
                    label: row.querySelector('.badge').textContent,
                    marks: detail ? detail.querySelectorAll('mark').length : 0,
                    visible: row.getBoundingClientRect().top >= 0 &&
                             row.getBoundingClientRect().top < window.innerHeight};
        })()""")
        if shown["marks"] == 0:
            fail(f"posting {n} opened without highlighted evidence: {shown}")
        if not shown["visible"]:
            fail(f"posting {n} opened out of view")
        if kind == "marks" and not target["tip"].endswith(shown["label"]):
            fail(f"the opened posting is {shown['label']}, the mark said {target['tip']!r}")
        print(f"click: opened posting {n} ({shown['path']}, {shown['label']}, "
              f"{shown['marks']} highlighted matches)")
    finally:
        page.close()


if __name__ == "__main__":
    main()
