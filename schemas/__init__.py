"""The memdb wire contract: pydantic models of every request and response (``schemas.models``),
the graph's wire forms (``schemas.graph``), and the JSON Schema / OpenAPI documents exported from
them (``python -m schemas.export``), from which clients in other languages can be generated."""
