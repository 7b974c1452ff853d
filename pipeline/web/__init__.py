"""`kinerja web`: the operator's page in the browser, calling the same `pipeline.api` steps as
the CLI. `create_app` builds the Starlette application; `serve` runs it with uvicorn."""

from pipeline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
