"""The web app: an HTTP API over dalan and a bilingual map page (FastAPI; ``dalan serve``)."""

from dalan.web.app import create_app

__all__ = ["create_app"]
