"""The routers of the HTTP API, each a thin layer over the library."""
