"""The ``mockroom`` command: serve the app, or seed demo data."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from aiohttp import web

from realtime.errors import StartupError
from realtime.logs import configure_logging
from realtime.settings import Settings, load_settings

log = logging.getLogger("realtime")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mockroom", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the app (the default)")
    seed = commands.add_parser("seed-demo", help="add the demo community")
    for sub in (serve, seed):
        sub.add_argument("--data-dir", type=Path, help="where local data lives")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8080)")
    serve.add_argument(
        "--seed-demo",
        action="store_true",
        help="seed the demo community when the embedded database is empty",
    )
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["serve", *(argv or sys.argv[1:])])
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        settings = load_settings(
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            data_dir=args.data_dir,
            seed_demo=getattr(args, "seed_demo", None) or None,
        )
    except StartupError as exc:
        print(f"mockroom: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        if args.command == "seed-demo":
            from realtime.demo import seed_command

            return asyncio.run(seed_command(settings))
        serve(settings)
    except StartupError as exc:
        log.error("start-up failed: %s", exc)
        print(f"mockroom: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        log.error("start-up failed: %s", exc)
        print(f"mockroom: cannot serve: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def serve(settings: Settings) -> None:
    from realtime.app import create_app

    app = create_app(settings)
    url = f"http://{settings.host}:{settings.port}"

    async def ready(app: web.Application) -> None:
        # Runs after every start-up step, just before the port is bound.
        log.info("ready to serve", extra={"url": url})

    app.on_startup.append(ready)
    web.run_app(
        app,
        host=settings.host,
        port=settings.port,
        print=None,
        access_log=None,
        handle_signals=True,
        # Sockets are closed on shutdown; nothing else should take longer.
        shutdown_timeout=10,
    )
