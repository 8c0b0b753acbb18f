"""The thin MkDocs adapter: stage the docs tree before MkDocs reads it, watch `content/`.

Everything else lives in the core (`load`, `pages`, `stage`), which does not
import MkDocs, so another engine can render the same docs tree.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .load import load_settings
from .pages import footer_links
from .search import split_search_index
from .stage import stage
from .yamlfile import ContentError

log = get_plugin_logger(__name__)


class KimConfig(base.Config):
    content_dir = config_options.Type(str, default="content")
    """Folder with offices, carriers, municipalities and hand-written pages, relative to mkdocs.yml."""


class KimPlugin(BasePlugin[KimConfig]):
    # Early, before static-i18n (priority -100) reads the files of docs_dir.
    @event_priority(100)
    def on_config(self, config):
        content_dir = Path(config.config_file_path).parent / self.config.content_dir
        # static-i18n runs on_config once per language: stage() returns at once
        # when nothing changed since the last staging.
        try:
            result = stage(content_dir, Path(config.docs_dir))
        except ContentError as error:
            # Raised before MkDocs cleans site_dir, so the last good site stays.
            raise PluginError(str(error)) from None
        if result.written or result.removed:
            log.info(f"Staged docs tree: {result.written} written, {result.unchanged} unchanged, {result.removed} removed.")
        for warning in result.warnings:
            log.info(str(warning))  # info: `mkdocs build --strict` must not fail on them
        # What the theme (overrides/main.html) needs from the content.
        settings = load_settings(content_dir)
        config.extra["map"] = {"tiles": settings.map.tiles, "attribution": settings.map.attribution, "consent": settings.map.consent}
        config.extra["kim_footer"] = footer_links()
        return config

    # Last, after static-i18n (priority -100) has built every language and the
    # combined search index is complete.
    @event_priority(-200)
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is not None and i18n.building:
            return  # a nested build of one language; the outer build comes last
        languages = tuple(lang.locale for lang in i18n.config.languages) if i18n else (config.theme["language"],)
        default = i18n.default_language if i18n else config.theme["language"]
        split_search_index(Path(config.site_dir), languages, default)

    def on_serve(self, server, config, builder):
        server.watch(str(Path(config.config_file_path).parent / self.config.content_dir))
        return server

