"""The thin MkDocs adapter: stage the docs tree before MkDocs reads it, watch `content/`.

Everything else lives in the core (`load`, `pages`, `stage`), which does not
import MkDocs, so another engine can render the same docs tree.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .stage import stage
from .yamlfile import ContentError

log = get_plugin_logger(__name__)


class KimConfig(base.Config):
    content_dir = config_options.Type(str, default="content")
    """Folder with offices, carriers, municipalities and hand-written pages, relative to mkdocs.yml."""


class KimPlugin(BasePlugin[KimConfig]):
    def __init__(self):
        self._staged_signature = None

    # Early, before static-i18n (priority -100) reads the files of docs_dir.
    @event_priority(100)
    def on_config(self, config):
        content_dir = Path(config.config_file_path).parent / self.config.content_dir
        # static-i18n runs on_config once per language: stage only when content changed.
        signature = _signature(content_dir)
        if signature == self._staged_signature:
            return config
        try:
            result = stage(content_dir, Path(config.docs_dir))
        except ContentError as error:
            # Raised before MkDocs cleans site_dir, so the last good site stays.
            raise PluginError(str(error)) from None
        self._staged_signature = signature
        log.info(f"Staged docs tree: {result.written} written, {result.unchanged} unchanged, {result.removed} removed.")
        return config

    def on_serve(self, server, config, builder):
        server.watch(str(Path(config.config_file_path).parent / self.config.content_dir))
        return server


def _signature(folder: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*")) if p.is_file())
