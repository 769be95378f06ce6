"""The filing console: the static web page (HTML, CSS, ES modules) for customers,
operators and the bureau, served on the API's own gateway so page and API share one
origin. It holds no secrets and calls only the public API with the signed-in token."""
from icp_api.static import StaticSite

site = StaticSite("ConsoleFunction", __file__, "static")
api = site  # what the entry-point tests inspect on every function

app = site.wsgi
handler = site.handler
