"""The KIM site generator, in layers; each imports only from the layers above it here:

- `i18n`: the site's languages and their words (catalogs, CLDR names).
- `contract`: the data contract: kinds of values, vocabularies, the records of each file.
- `domain`: offices, carriers, municipalities and the directory, for the build day;
  the statement of access and time.
- `reading`: `content/` to the domain: YAML files and hand-written pages, checked.
- `words`: each fact about an office as text, in each site language.
- `outputs`: data for readers' browsers and other tools: the finder's index, JSON-LD,
  contact cards, open data, map setups (no Jinja).
- `rendering`: the docs tree's pages (the only Jinja), and hand-written pages in every
  language.
- `staging`: writing the docs tree, the processes of a build, and what is done to the
  built site (policy, sitemap, search index).
- `cli` (`kim`) and `mkdocs_adapter` (the only package that imports MkDocs,
  static-i18n or Material).

`tests/test_layers.py` fails when an import points the other way.
"""
