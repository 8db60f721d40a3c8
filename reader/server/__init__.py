"""``reader serve``: a DTS 1.0 server (Starlette on uvicorn) beside the built reader site.

:func:`create_app` makes the application from a :class:`reader.render.api.dts.Api`
and the build folder; :func:`listen` binds the socket (clear errors for busy or
forbidden ports) and :func:`serve` runs it. ``docs/dts.md`` describes the API.
"""

from reader.server.app import create_app
from reader.server.run import Listener, ServeError, listen, make_api, serve

__all__ = ["Listener", "ServeError", "create_app", "listen", "make_api", "serve"]
