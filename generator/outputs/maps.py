"""Maps: the setup script from folium, Leaflet from PyPI (XStatic), nothing from a CDN.

folium writes the script that creates each map and its marker-cluster layer. Its
HTML header (CDN links, a viewport that forbids zooming) is not used: the page
loads our own copies of Leaflet and Leaflet.markercluster, and only after the
reader agreed to load map tiles (see overrides/assets/map.js). The markers are
data (the finder index or the office's own point), added by map-leaflet.js.
"""

from __future__ import annotations

from pathlib import Path

import folium
import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster
from folium.plugins import MarkerCluster

VENDOR_DIR = "assets/vendor"

# What plain markers in clusters need, by path in the docs tree.
_VENDOR_FILES = {
    "leaflet/leaflet.js": Path(leaflet.BASE_DIR, "leaflet.js"),
    "leaflet/leaflet.css": Path(leaflet.BASE_DIR, "leaflet.css"),
    "leaflet/markercluster.js": Path(markercluster.BASE_DIR, "leaflet.markercluster.js"),
    "leaflet/MarkerCluster.css": Path(markercluster.BASE_DIR, "MarkerCluster.css"),
    "leaflet/MarkerCluster.Default.css": Path(markercluster.BASE_DIR, "MarkerCluster.Default.css"),
}


def vendor_files() -> dict[str, bytes]:
    """Leaflet and the cluster plugin with Leaflet's marker images, for the docs tree."""
    files = {f"{VENDOR_DIR}/{name}": path.read_bytes() for name, path in _VENDOR_FILES.items()}
    for image in sorted(Path(leaflet.BASE_DIR, "images").glob("*.png")):
        files[f"{VENDOR_DIR}/leaflet/images/{image.name}"] = image.read_bytes()
    return files


def setup_script(name: str, lat: float, lon: float, zoom: int) -> str:
    """`kimMapSetup.<name>()`: creates the map in `<div id="map_<name>">` and returns
    the map and its (empty) cluster layer. Runs only once Leaflet is loaded."""
    m = folium.Map(location=[lat, lon], zoom_start=zoom, tiles=None, control_scale=True, zoom_control=False, maxZoom=18, keyboard=True)
    m._id = name
    cluster = MarkerCluster(options={"showCoverageOnHover": False, "maxClusterRadius": 50})
    cluster._id = name
    cluster.add_to(m)
    figure = m.get_root()
    figure.render()
    script = figure.script.render()  # type: ignore[attr-defined]  # a Figure's script element
    # No blank line: the script sits in a raw HTML block of a Markdown page.
    body = "\n".join(line for line in script.splitlines() if line.strip())
    body = body.replace("L.control.scale()", "L.control.scale({imperial: false})")  # kilometres, not miles
    return f"(window.kimMapSetup = window.kimMapSetup || {{}})[{name!r}] = function () {{\n{body}\nreturn {{map: map_{name}, cluster: marker_cluster_{name}}};\n}};"
