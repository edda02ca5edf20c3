"""The conferences API (DRF): its viewsets come with the pages."""

from typing import Any

routes: list[tuple[str, Any, str]] = []
