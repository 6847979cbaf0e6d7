"""memdb where agents already are: an MCP server (``memdb.integrations.mcp``, ``memdb mcp``) and a
LangGraph store (``memdb.integrations.langgraph``). Each needs its extra: ``memdb[mcp]``,
``memdb[langgraph]``."""
