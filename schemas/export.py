"""Write the wire contract to ``schemas/``: ``openapi.json`` (the whole API) and one JSON Schema per
model in ``jsonschema/``. ``python -m schemas.export`` (or ``memdb schemas``) regenerates them;
``tests/test_schemas.py`` fails when the checked-in files drift from the code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas import models

HERE = Path(__file__).parent


def wire_models() -> dict[str, type[BaseModel]]:
    return {
        name: value for name, value in sorted(vars(models).items())
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == models.__name__
        and value not in (models.Request, models.Response)
    }


def openapi() -> dict[str, Any]:
    # The document depends on routes only, never on data: an unopened placeholder serves.
    from server.app import create_app

    app = create_app(db=None)  # type: ignore[arg-type]
    return app.openapi()


def documents() -> dict[str, str]:
    """Relative path → file text of every generated document."""
    def dump(doc: dict[str, Any]) -> str:
        return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    out = {"openapi.json": dump(openapi())}
    for name, model in wire_models().items():
        out[f"jsonschema/{name}.json"] = dump(model.model_json_schema())
    return out


def write(folder: Path = HERE) -> list[Path]:
    written = []
    for relative, text in documents().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in set((folder / "jsonschema").glob("*.json")) - set(written):
        stale.unlink()
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
