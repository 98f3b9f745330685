"""Serving the built web client, with a fallback to index.html."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from realtime.errors import NotFound

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "client" / "dist"

PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mockroom</title></head>
<body><h1>mockroom</h1><p>The web client is not built yet. Run
<code>make run</code> to build it, or use the API under <code>/api</code>.</p>
</body></html>"""


def setup(app: web.Application, dist: Path | None) -> None:
    root = (dist or DEFAULT_DIST).resolve()

    async def client(request: web.Request) -> web.StreamResponse:
        path = request.match_info["tail"]
        if path.startswith(("api/", "socket.io")) or path == "api":
            raise NotFound("No such route.", code="route_not_found")
        index = root / "index.html"
        if not index.is_file():
            return web.Response(text=PLACEHOLDER, content_type="text/html")
        target = (root / path).resolve()
        if path and target.is_file() and target.is_relative_to(root):
            return web.FileResponse(target)
        response = web.FileResponse(index)
        response.headers["Cache-Control"] = "no-cache"
        return response

    app.router.add_get("/{tail:.*}", client)
