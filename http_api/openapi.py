"""The OpenAPI 3.1 document, generated from the app's real routes."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from http_api.docs import doc_of, documented

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {},
            },
        }
    },
}
ERROR_TEXT = {
    400: "Bad input",
    401: "No or bad token",
    403: "Not yours",
    404: "Unknown id",
    409: "Conflict",
    413: "Body too large",
    429: "Too many requests",
}


def documented_routes(app: web.Application) -> list[tuple[str, str, Any]]:
    """(method, path, handler) for every route the API serves."""
    routes = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter")
        if not path or route.method == "HEAD":
            continue
        if path.startswith("/api/") or path == "/healthz":
            routes.append((route.method, path, route.handler))
    return routes


def build_document(app: web.Application) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for method, path, handler in documented_routes(app):
        doc = doc_of(handler)
        if doc is None:
            continue
        operation: dict[str, Any] = {"summary": doc.summary, "responses": {}}
        if not doc.public:
            operation["security"] = [{"bearer": []}]
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in _path_params(path)
        ]
        if doc.query is not None:
            query_schema = doc.query.model_json_schema()
            required = set(query_schema.get("required", []))
            for name, prop in query_schema.get("properties", {}).items():
                params.append(
                    {
                        "name": name,
                        "in": "query",
                        "required": name in required,
                        "schema": prop,
                    }
                )
        if params:
            operation["parameters"] = params
        if doc.body is not None:
            name = doc.body.__name__
            schemas[name] = doc.body.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            for sub_name, sub in schemas[name].pop("$defs", {}).items():
                schemas[sub_name] = sub
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{name}"}
                    }
                },
            }
        operation["responses"][str(doc.status)] = {
            "description": "OK",
            "content": {doc.content_type: {}},
        }
        codes = set(doc.errors) | {400} | (set() if doc.public else {401})
        for code in sorted(codes):
            operation["responses"][str(code)] = {
                "description": ERROR_TEXT.get(code, "Error"),
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}
                    }
                },
            }
        paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "mockroom", "version": "0.1.0"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


def _path_params(path: str) -> list[str]:
    return [
        part[1:-1].split(":")[0] for part in path.split("/") if part.startswith("{")
    ]


@documented("The OpenAPI document of this API", public=True)
async def openapi_document(request: web.Request) -> web.Response:
    return web.json_response(build_document(request.app))


def setup(app: web.Application) -> None:
    app.router.add_get("/api/openapi.json", openapi_document)
