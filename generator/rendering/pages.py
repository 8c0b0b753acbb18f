"""A Directory to the pages of the site, in every site language, as a docs tree.

The pages are Markdown files in static-i18n's suffix layout (`offices/x.md`,
`offices/x.ar.md`, ...). Everything an editor wrote is put into HTML blocks by
Jinja with autoescaping, so it reaches the reader as text, never as markup.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Callable, Collection, Iterable
from functools import cache
from urllib.parse import quote

import jinja2
from babel.lists import format_list
from markupsafe import Markup, escape

from .. import i18n
from ..contract import vocabulary as v
from ..contract.records import DAYS, TARGET_GROUPS, TOPICS, Location, later_rules, rules_on
from ..contract.values import Text
from ..domain.directory import Directory, Office
from ..i18n import _, ngettext
from ..i18n.languages import page_address, prefix
from ..outputs import finder, maps, open_data, structured, vcard
from ..words import phrases
from .texts import machine_notice, markdown_text


class _SharedBytecode(jinja2.BytecodeCache):
    """Templates compiled once for all ten languages' environments (compiling is
    most of a fresh process's staging time; the translations are looked up when a
    page is rendered, not when its template is compiled)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _SharedBytecode()


@cache
def _environment(language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.rendering", "templates"),
        bytecode_cache=_COMPILED,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.tests["contains"] = lambda values, item: item in values
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]  # from the i18n extension
    return env


class PageHelpers:
    """What templates need to say things in the page's language."""

    def __init__(self, language: str, page_url: str, today: dt.date, cards: dict | None = None, reports: bool = False):
        self.language = language
        self.page_url = page_url
        self.today = today
        self._cards = cards if cards is not None else {}
        self.reports = reports  # the office pages have a form to report a mistake (content/site.yml)

    def summary(self, office: Office, first: str | None = None) -> dict:
        """What every card says about the office, in the page's language (words/phrases.py)."""
        return phrases.summary(office, self.language, first)

    def ways(self, reachable) -> list[dict[str, str]]:
        """Every published way to get in touch with an office, carrier or person (words/phrases.py)."""
        return phrases.ways(reachable, self.language)

    def card(self, office: Office, brief: bool = True, first: str | None = None) -> Markup:
        """An office in a list (templates/_card.j2): `brief` with its name, place and
        languages (the office index, topics, municipalities), else all a card says. The
        same on every page with the same way to the office pages, so rendered once."""
        key = (office.slug, self.url("offices"), brief, first)
        if key not in self._cards:
            if first is not None and not brief:
                # The finder's list of a language has every card of its offices with the
                # language first: the card as rendered, put in that order.
                self._cards[key] = _put_first(self.card(office, brief), office, first)
            else:
                self._cards[key] = Markup(_card_macro(self.language)(self, self.summary(office, first), brief))
        return self._cards[key]

    def card_template(self) -> Markup:
        """The card with every part, for the finder's and the map's scripts to fill."""
        # In a <div>: Markdown reads a line starting with <template> as text of a paragraph.
        return Markup('<div><template data-card>{}</template></div>').format(_card_macro(self.language)(self, phrases.SKELETON, False))

    @property
    def direction(self) -> str:
        return i18n.direction(self.language)

    def handout(self, office: Office) -> str:
        """The office's handout for a family: German and, at first, the family's language
        as the referrer most likely needs it (this page's, else one the office speaks)."""
        return f"{self.url('handout')}?office={office.slug}&for={phrases.family_language(office, self.language)}"

    def vcard(self, office: Office) -> str:
        """The office's contact card."""
        return self.asset(vcard.office_path(office))

    def contact_vcards(self, office: Office) -> list[str]:
        """The contact cards of the office's published contacts, in their order."""
        return [self.asset(path) for path in vcard.contact_paths(office)]

    def url(self, target: str) -> str:
        """A link from this page to another page of the same language (`offices/x/`)."""
        return _relative_url(target, self.page_url)

    def text(self, text: Text | None) -> Markup:
        """Editor text in the page's language if written, else German, marked with its language."""
        if text is None:
            return Markup("")
        shown_in = text.language_of(self.language)
        value = escape(text.get(self.language))
        if shown_in == self.language:
            return value
        return Markup('<span lang="{}" dir="{}">{}</span>').format(shown_in, i18n.direction(shown_in), value)

    def in_language_mark(self, text: Text | None) -> Markup:
        """After editor text shown in another language than the page's (a German note on an
        Arabic page): "(in German)" in the reader's language, announced by screen readers."""
        if text is None or text.language_of(self.language) == self.language:
            return Markup("")
        shown_in = text.language_of(self.language)
        words = i18n.gettext(self.language, _("(in %(language)s)")) % {"language": i18n.language_name(shown_in, self.language)}
        return Markup(' <span class="kim-in-language" lang="{}" dir="{}">{}</span>').format(self.language, i18n.direction(self.language), words)

    def lang_attributes(self, text: Text) -> Markup:
        """`lang` and `dir` for a block holding the text, where it is not in the page's language."""
        shown_in = text.language_of(self.language)
        if shown_in == self.language:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(shown_in, i18n.direction(shown_in))

    def place(self, office: Office) -> str:
        return phrases.place_line(office)

    def address_line(self, address) -> str:
        return address.line

    def statement(self, office: Office) -> list[str]:
        """How to get in and when (domain/access.py), one sentence a line."""
        return phrases.access_lines(office, self.language)

    def carrier_names(self, carriers) -> Markup:
        """The carriers as a list of names, each linked to its website where it has one."""
        return self.names([Markup('<a href="{}">{}</a>').format(c.website, self.text(c.name)) if c.website else self.text(c.name) for c in carriers])

    def names(self, texts) -> Markup:
        """Names in a list the way the page's language writes one ("A, B und C"), each kept
        apart from its neighbours in right-to-left text."""
        parts = [Markup("<bdi>{}</bdi>").format(self.text(text) if isinstance(text, Text) else text) for text in texts]
        if len(parts) < 2:
            return Markup("").join(parts)
        placeholders = [f"\x00{i}\x00" for i in range(len(parts))]
        joined = str(escape(format_list(placeholders, locale=self.language)))
        for placeholder, part in zip(placeholders, parts, strict=True):
            # Arabic and Persian "و" joins the next word: before a name in Latin letters, a space.
            joined = joined.replace("و" + placeholder, "و " + placeholder).replace(placeholder, str(part))
        return Markup(joined)

    def language_names(self, codes) -> Markup:
        """Languages as a list in the page's language: "Türkçe (Türkisch) und Deutsch"."""
        return _language_list(tuple(codes), self.language)

    def municipality_links(self, ids, directory) -> Markup:
        return self.names([Markup('<a href="{}">{}</a>').format(self.url("municipalities/" + ident), self.text(directory.municipalities[ident].name)) for ident in ids])

    def plain(self, text: Text) -> str:
        return text.get(self.language)

    def heading(self, text: Text) -> Markup:
        """Editor text on a Markdown heading line: shown as written, never read as Markdown."""
        return markdown_text(text.get(self.language))

    def topic(self, topic: str) -> str:
        return i18n.gettext(self.language, v.TOPICS.label(topic))

    def role(self, role: str | None) -> str:
        return phrases.role_label(role, self.language)

    def call(self, kind: str) -> str:
        """"Call", or "Call (mobile)"."""
        return phrases.call_label(kind, self.language)

    def language_label(self, code: str) -> Markup:
        return _language_label(code, self.language)

    def asset(self, path: str) -> str:
        """A link from this page to a file at the site's root (theme assets, the finder index)."""
        depth = self.page_url.count("/") + 1 if self.page_url else 0
        if self.language != i18n.DEFAULT_LANGUAGE:
            depth += 1
        return "../" * depth + path

    def weekday(self, day: str) -> str:
        return i18n.weekday_name(DAYS.index(day), self.language)

    def time(self, value: dt.time) -> str:
        return i18n.time_text(value, self.language)

    def date(self, value: dt.date) -> str:
        return i18n.date_text(value, self.language)

    def directions_url(self, loc: Location) -> str:
        return f"https://www.openstreetmap.org/directions?route=%3B{loc.lat}%2C{loc.lon}"

    days = DAYS

    def rules_on(self, rules, day: str) -> list:
        return rules_on(rules, day, self.today)

    def weeks(self, rule, day: str | None = None) -> str:
        return phrases.weeks_text(rule, self.language, day)

    def any_rule_today(self, rules) -> bool:
        return any(rule.valid_on(self.today) for rule in rules)

    def later_rules(self, rules) -> list:
        return later_rules(rules, self.today)

    def map_points(self, office: Office) -> list:
        """[[lat, lon, name], ...] for the office map: the office, then its further places."""
        points = [[office.location.lat, office.location.lon, self.plain(office.name)]] if office.location else []
        return points + [[p.location.lat, p.location.lon, self.plain(p.name)] for p in office.consultations if p.location]

    def kind_label(self, kind: str) -> str:
        return phrases.kind_label(kind, self.language)

    def group(self, group: str) -> str:
        return phrases.group_label(group, self.language)

    def accessibility(self, accessibility) -> list[str]:
        return phrases.accessibility_lines(accessibility, self.language)

    def target_parts(self, target) -> list[str]:
        return phrases.target_parts(target, self.language)

    def hours_summary(self, rules) -> str:
        """Rules that hold today in one line: "Mo.–Do. 08:00–15:00; Fr. 08:00–12:00"."""
        return phrases.hours_line(rules, self.language, self.today)

    def file_size(self, size: int) -> str:
        return i18n.file_size(size, self.language)

    def mailto(self, email: str) -> str:
        return "mailto:" + quote(email, safe="@.+-_")


# The finder's index of a language: finder/offices.json (German), finder/offices.ar.json, ...,
# which static-i18n publishes as each language's /<lang>/finder/offices.json.
FINDER_INDEX = "finder/offices"


# What templates/_card.j2 writes around a card's languages and its contacts.
_LANGUAGES, _LANGUAGE = 'data-slot="languages" class="kim-chips">', '<li class="kim-chip" data-item>'
_CONTACTS, _CONTACT = 'data-slot="contacts">', '<li class="kim-contact" data-contact data-item>'


def _put_first(card: Markup, office: Office, first: str) -> Markup:
    """The card with `first` first among the office's languages and its speakers first
    among its contacts, as phrases.summary orders them for `first` (tests/test_pages.py
    compares with the card rendered so)."""
    html = str(card)
    codes = list(office.all_languages)
    if first in codes:
        start = html.index(_LANGUAGES) + len(_LANGUAGES)
        end = html.index("</ul>", start)
        items = html[start:end].split(_LANGUAGE)[1:]
        order = sorted(range(len(codes)), key=lambda i: codes[i] != first)
        html = html[:start] + "".join(_LANGUAGE + items[i] for i in order) + html[end:]
    contacts = office.published_contacts
    if any(first in contact.languages for contact in contacts):
        start = html.index(_CONTACTS) + len(_CONTACTS)
        end = html.rindex("</ul>")
        items = html[start:end].split(_CONTACT)[1:]
        order = sorted(range(len(contacts)), key=lambda i: first not in contacts[i].languages)
        html = html[:start] + "".join(_CONTACT + items[i] for i in order) + html[end:]
    return Markup(html)


@cache
def _card_macro(language: str):
    return _environment(language).get_template("_card.j2").module.card  # type: ignore[attr-defined]


@cache
def _relative_url(target: str, page_url: str) -> str:
    return posixpath.relpath(target or ".", page_url or ".") + "/"


@cache
@cache
def _language_list(codes: tuple[str, ...], language: str) -> Markup:
    """The same few lists of languages recur on thousands of cards: made once each."""
    helpers = PageHelpers(language, "", dt.date.today())
    return helpers.names([_language_label(code, language) for code in codes])


def _language_label(code: str, language: str) -> Markup:
    """`<span lang="ar">العربية</span> (Arabisch)`: the own name in its language, then the
    name the reader knows (words/phrases.py)."""
    label = phrases.language_label(code, language)
    if "own" not in label:
        return escape(label["known"])
    return Markup('<span lang="{}">{}</span> {}').format(label["own"]["lang"], label["own"]["text"], label["known"])


def front_matter(title: str, **extra) -> str:
    """YAML front matter. The title is HTML-escaped because Material prints it unescaped.
    `kim_generated` tells the MkDocs plugin that the page needs no sanitising (every
    editor text in it is escaped, and it holds our scripts); editors cannot set it."""
    lines = ["---", f"title: {json.dumps(str(escape(title)), ensure_ascii=False)}", "kim_generated: true"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in extra.items()]
    return "\n".join([*lines, "---", "", ""])


def heading(title: str, written_in: str | None = None, language: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The page's title as its first heading: Material's skip link goes to the first entry
    of the table of contents, which then is the start of the content, not a later section.
    An editor's name in another language than the page's is marked with its language."""
    marked = f' {{: lang="{written_in}" dir="{i18n.direction(written_in)}" }}' if written_in and written_in != language else ""
    return f"# {markdown_text(title)}{marked}\n\n"


def render_pages(
    directory: Directory,
    today: dt.date | None = None,
    start_page: bool = False,
    languages: Iterable[str] = i18n.SITE_LANGUAGES,
    data: dict[str, str] | None = None,
    only: Callable[[str], bool] | None = None,
    kept_cards: dict[str, dict] | None = None,
    put: Callable[[str, str], bool] | None = None,
) -> dict[str, str]:
    """Every generated page of every language (or of `languages`), by its path in the
    docs tree, and the files all languages' pages use.

    `start_page`: also a plain start page, for content without a hand-written `index.md`.
    `data`: the open-data files, where the caller made them already (the data page
    gives their sizes). `only`: the pages to render, by path without language (the
    preview's save, staging/changes.py); `kept_cards`: office cards (and the finder
    index's entries) by language, kept from the last rendering for the offices that did
    not change. `put`: given each page as it is rendered; the pages it took (it says so)
    are not returned (staging writes them at once)."""
    today = today or dt.date.today()
    languages = tuple(languages)
    pages: dict[str, str] = dict(open_data.data_files(directory, today) if data is None else data)
    for language in languages:
        env = _environment(language)
        gettext = i18n.translations(language).gettext
        cards: dict = kept_cards.setdefault(language, {}) if kept_cards is not None else {}

        def add(
            url: str, source: str, template: str, title: str, *, language: str = language, env: jinja2.Environment = env, cards: dict = cards, written_in: str | None = None, description: str | None = None, preload: str | None = None, **context
        ) -> None:
            if only is not None and not only(source):
                return
            helpers = PageHelpers(language, url, today, cards, reports=directory.settings.report_to is not None)
            body = env.get_template(template).render(h=helpers, directory=directory, **context)
            meta = {"description": str(escape(description))} if description else {}
            if preload:
                meta["kim_preload"] = preload  # data the page's script fetches first (overrides/main.html)
            path, text = f"{source}{i18n.suffix(language)}.md", front_matter(title, **meta) + heading(title, written_in, language) + body
            if put is None or not put(path, text):
                pages[path] = text

        if start_page:
            add("", "index", "start.md.j2", gettext("Find an office"))
        add("offices", "offices/index", "offices.md.j2", gettext("Offices"))
        add("topics", "topics/index", "topics.md.j2", gettext("Topics"), topics=TOPICS)
        # With NRW's holidays: an office page says whether the office is open now (kim.js).
        office_config = Markup(finder.script_json({**page_config(language, PageHelpers(language, "offices/x", today)), "holidays": finder.holiday_list(today)}))
        site_url = directory.settings.site_url
        for office in directory.offices.values():
            if only is not None and not only(f"offices/{office.slug}"):
                continue  # (the page's parts below are many: not made for nothing)
            description = office_description(office, language)
            helpers = PageHelpers(language, f"offices/{office.slug}", today)
            audience = phrases.target_line(office.target_group, language) if office.target_group and office.target_group.applies_on(today) else gettext(AUDIENCE)
            address = page_address(site_url, language, f"offices/{office.slug}/") if site_url else None
            add(
                f"offices/{office.slug}",
                f"offices/{office.slug}",
                "office.md.j2",
                office.name.get(language),
                written_in=office.name.language_of(language),
                description=description,
                office=office,
                days=DAYS,
                config=office_config,
                opening=finder.opening_data(office, today, language),
                structured_data=structured.script(structured.office_data(office, directory, language, description, address, audience)),
                report=phrases.report(office, language, directory.settings.report_to, address or f"offices/{office.slug}/"),
            )
        for municipality in directory.municipalities.values():
            add(
                f"municipalities/{municipality.id}",
                f"municipalities/{municipality.id}",
                "municipality.md.j2",
                municipality.name.get(language),
                written_in=municipality.name.language_of(language),
                municipality=municipality,
                offices=directory.offices_for(municipality.id),
            )
        for topic in TOPICS:
            add(
                f"topics/{topic}",
                f"topics/{topic}",
                "topic.md.j2",
                gettext(v.TOPICS.label(topic)),
                topic=topic,
                offices=directory.offices_with_topic(topic),
            )
        add_finder_and_map_pages(directory, language, add, gettext, today)
        pages[f"{FINDER_INDEX}{i18n.suffix(language)}.json"] = finder.index_json(directory, today, language, cards)
        add_handout_page(directory, language, add, gettext, today)
        add_poster_page(directory, language, add, gettext, today)
        add("professionals", "professionals", "professionals.md.j2", gettext("For professionals"), municipalities=[m for m in directory.sorted_municipalities() if directory.offices_in(m.id)])
        add_data_page(directory, pages, language, add, gettext, today)
        settings = directory.settings
        # Legal texts come from the catalogs: unchecked translations say so.
        reviewed = language == i18n.DEFAULT_LANGUAGE or language in settings.reviewed_languages
        for page, title in LEGAL_PAGES.items():
            notice = Markup("") if reviewed else machine_notice(language, page)
            add(page, page, f"{page}.md.j2", gettext(title), settings=settings, map=settings.map, notice=notice)
    # German by nature: other languages show it with a notice (texts.compose).
    helpers = PageHelpers(i18n.DEFAULT_LANGUAGE, "sign-language", today)
    body = _environment(i18n.DEFAULT_LANGUAGE).get_template("sign-language.md.j2").render(h=helpers, settings=directory.settings)
    pages["sign-language.md"] = front_matter("Deutsche Gebärdensprache (DGS)") + heading("Deutsche Gebärdensprache (DGS)") + body
    pages["assets/kim-maps.js"] = map_setups(directory)
    return pages


def beside_pages(directory: Directory, today: dt.date, offices: Collection[str] | None = None) -> dict[str, str]:
    """The files beside the pages that hold every language: handouts' halves, contact
    cards (of `offices` only, by slug, if given). Staging makes the same two parts in
    its processes (the halves with their languages)."""
    return handout_halves(directory, today, offices) | contact_cards(directory, offices)


def contact_cards(directory: Directory, offices: Collection[str] | None = None) -> dict[str, str]:
    """`vcard/...`: the offices' and published contacts' cards (outputs/vcard.py)."""
    return vcard.vcards(directory, directory.settings.site_url, offices)


# Linked from every page's footer (overrides/main.html): path, label, the label's language.
FOOTER_LINKS = (
    ("imprint", _("Imprint"), None),
    ("privacy", _("Privacy"), None),
    ("accessibility", _("Accessibility"), None),
    ("easy-language", "Leichte Sprache", "de"),
    ("sign-language", _("German Sign Language"), None),
    ("data", _("Open data"), None),
)


# The feed of changes (outputs/feed.py) as every page's head names it (overrides/main.html).
FEED_LINK = _("Feed of changes (Atom)")


def feed_titles() -> dict[str, str]:
    return {language: i18n.gettext(language, FEED_LINK) for language in i18n.SITE_LANGUAGES}


def footer_links() -> dict[str, dict]:
    """The footer's links in every site language, for the theme."""
    return {
        language: {
            "label": i18n.gettext(language, _("Legal notices and accessibility")),
            "links": [[path, i18n.gettext(language, label) if not label_language else label, label_language] for path, label, label_language in FOOTER_LINKS],
        }
        for language in i18n.SITE_LANGUAGES
    }


# The header search (overrides/partials/search.html, assets/search.js).
SEARCH_COUNT = ngettext("%(num)d page found", "%(num)d pages found")
SEARCH_LABELS = {
    "dialog": _("Search this website"),
    "placeholder": _("Search"),
    "reset": _("Clear the search"),
    "initial": _("Type a word to search"),
    "none": _("No page found"),
    "unavailable": _("The search is not available right now."),
}


def search_labels() -> dict[str, dict]:
    """The header search's words in every site language, for the theme: each word, and
    all of them as JSON for the script (`script`), with the number of pages found as a
    template per CLDR plural category (see finder.plural_templates)."""
    labels = {}
    for language in i18n.SITE_LANGUAGES:
        words: dict = {key: i18n.gettext(language, message) for key, message in SEARCH_LABELS.items()}
        words["count"] = finder.plural_templates(language, *SEARCH_COUNT)
        labels[language] = {**words, "script": finder.script_json(words)}
    return labels


def print_lines(today: dt.date) -> dict[str, str]:
    """The date of the data, printed at the foot of every page, in every site language."""
    return {language: i18n.gettext(language, _("Data as of %(date)s")) % {"date": i18n.date_text(today, language)} for language in i18n.SITE_LANGUAGES}


# Whom an office is for, where it names no target group (schema.org audience).
AUDIENCE = _("Immigrants")


def office_description(office: Office, language: str) -> str:
    """The office in a sentence or two for search results and shared links, in the page's
    language: its name, where it is, the languages it advises in (where published)."""
    helpers = PageHelpers(language, "", office.today)
    words = [f"{office.name.get(language)}, {helpers.place(office)}."]
    if office.kind == "coordination":
        words.append(helpers.kind_label("coordination") + ".")
    if office.all_languages:
        names = format_list([i18n.language_name(code, language) for code in office.all_languages], locale=language)
        words.append(f"{i18n.gettext(language, _('Languages:'))} {names}.")
    return " ".join(words)


# The 404 page (overrides/404.html), shown at any address that has no page.
NOT_FOUND_LABELS = {
    "title": _("Page not found"),
    "text": _("There is no page at this address. It may have moved, or the address may have a typo."),
    "start": _("Go to the start page"),
    "finder": _("Find an office"),
}


def not_found_labels() -> dict[str, dict[str, str]]:
    """The 404 page's words in every site language, for the theme."""
    return {language: {key: i18n.gettext(language, message) for key, message in NOT_FOUND_LABELS.items()} for language in i18n.SITE_LANGUAGES}
# What each open-data file holds (open_data.FILES), for the data page.
DATA_FILE_TEXTS = {
    "offices.json": _("All offices, carriers, municipalities and listed contacts with every published detail; documented and versioned."),
    "offices.geojson": _("Offices and their further places of consultation as points for maps (RFC 7946)."),
    "offices.csv": _("One row per office, for spreadsheets (UTF-8, separated by semicolons)."),
    "contacts.csv": _("One row per listed contact person, with the office."),
    "hsds/services.json": _("One service per office in the Open Referral Human Services Data Specification (HSDS 3.0)."),
}


def add_data_page(directory: Directory, pages: dict[str, str], language: str, add, gettext, today: dt.date) -> None:
    """`/data/`: the open-data files with what they hold, their size, the licence and the
    DCAT description (the files themselves come from open_data.py)."""
    settings = directory.settings
    helpers = PageHelpers(language, "data", today)
    files = [
        {"path": path, "description": gettext(DATA_FILE_TEXTS[path]), "format": kind, "size": len(pages[f"data/{path}"].encode("utf-8"))}
        for path, (kind, _media) in open_data.FILES.items()
    ]
    licence = open_data.licence(settings)
    catalog_link = Markup('<a href="{}" dir="ltr">{}</a>').format(helpers.asset(f"data/{open_data.CATALOG}"), open_data.CATALOG)
    attribution = open_data.attribution(settings) if licence.needs_attribution else ""
    add("data", "data", "data.md.j2", gettext("Open data"), files=files, licence=licence, attribution=attribution, catalog_link=catalog_link, today=today)


LEGAL_PAGES = {
    "imprint": _("Imprint"),
    "privacy": _("Privacy"),
    "accessibility": _("Accessibility statement"),
}


def map_setups(directory: Directory) -> str:
    """`assets/kim-maps.js`: folium's setup of each kind of map. A file, not inline
    scripts: the Content-Security-Policy runs only the site's script files. The
    office map is the same on every office page (map-leaflet.js centres it on the
    office); map.js fetches this file with Leaflet, once a map is shown."""
    center = directory_center(directory)
    return "\n".join([maps.setup_script("office", 51.43, 7.66, 15), maps.setup_script("finder", *center, 8), maps.setup_script("overview", *center, 8)]) + "\n"


def directory_center(directory: Directory) -> tuple[float, float]:
    points = [o.location for o in directory.offices.values() if o.location] or [Location.model_construct(lat=51.43, lon=7.66)]  # NRW
    return (sum(p.lat for p in points) / len(points), sum(p.lon for p in points) / len(points))


def page_config(language: str, helpers: PageHelpers, choices=()) -> dict:
    """What the page's scripts need (kim.js, finder.js, map.js), in the page's language."""
    return {
        "language": language,
        "built": helpers.today.isoformat(),  # the day of the build: of the page's data and of its index
        "index": helpers.url("finder") + "offices.json",  # the language's own (static-i18n: finder/offices.ar.json)
        "officeUrl": "../offices/",
        "handout": helpers.url("handout"),
        "root": helpers.asset(""),  # the site's root: the finder's pages in the family's language
        "siteLanguages": list(i18n.SITE_LANGUAGES),
        "languages": {code: [own or name, name] for code, own, name, _count in choices},
        "count": finder.plural_templates(language, "%(num)d office", "%(num)d offices"),
        "labels": {key: i18n.gettext(language, message) for key, message in SCRIPT_LABELS.items()},
    }


HANDOUT_LABELS = {
    "loading": _("Preparing the handout…"),
    "failed": _("The handout could not be prepared. Print the office's page instead."),
    "qr": _("QR code: %(url)s"),
    "share": _("Share"),
    "copyLink": _("Copy link"),
    "linkCopied": _("Link copied."),
}


def handout_halves(directory: Directory, today: dt.date, offices: Collection[str] | None = None) -> dict[str, str]:
    """`handout/<office>.html`: the office's half of a handout in every site language,
    one small file per office that the handout page fetches (handout.js). Not a page:
    no Markdown to parse, not in the search, the sitemap or any menu."""
    return handout_files(directory, {language: handout_parts(directory, today, language, offices) for language in i18n.SITE_LANGUAGES})


def handout_parts(directory: Directory, today: dt.date, language: str, offices: Collection[str] | None = None) -> dict[str, str]:
    """Each office's half of a handout in `language`, by the office's slug (of `offices`
    only, if given): made by the process that makes the language's pages."""
    helpers = PageHelpers(language, "handout", today)
    template = _environment(language).get_template("handout_half.html.j2")
    return {office.slug: template.render(h=helpers, office=office) for office in directory.offices.values() if offices is None or office.slug in offices}


def handout_files(directory: Directory, parts: dict[str, dict[str, str]]) -> dict[str, str]:
    """The handouts' files from their halves in every site language (`handout_parts`)."""
    files: dict[str, str] = {}
    for office in directory.offices.values():
        if office.slug not in parts[i18n.DEFAULT_LANGUAGE]:
            continue
        halves = "".join(parts[language][office.slug] for language in i18n.SITE_LANGUAGES)
        title = escape(office.name.get(i18n.DEFAULT_LANGUAGE))
        files[f"handout/{office.slug}.html"] = f'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{title}</title></head><body>\n{halves}</body></html>\n'
    return files


def add_handout_page(directory: Directory, language: str, add, gettext, today: dt.date) -> None:
    """One handout page per site language (the referrer's); the office and the family's
    language come from its address, the halves from the office pages (handout.js)."""
    helpers = PageHelpers(language, "handout", today)
    settings = directory.settings
    config = {
        "root": helpers.asset(""),
        "default": i18n.DEFAULT_LANGUAGE,
        "siteUrl": settings.site_url or "",
        "labels": {key: i18n.gettext(language, message) for key, message in HANDOUT_LABELS.items()},
        # Shared with the family: in their language.
        "shareText": {code: i18n.gettext(code, SCRIPT_LABELS["shareText"]) for code in i18n.SITE_LANGUAGES},
    }
    languages = [(code, i18n.language_own_name(code) or i18n.language_name(code, language), i18n.language_name(code, language)) for code in i18n.SITE_LANGUAGES]
    offices = sorted(directory.sorted_offices(), key=lambda o: o.name.get(language).casefold())
    add("handout", "handout/index", "handout.md.j2", gettext("Handout for a family"), offices=offices, languages=languages, config=Markup(finder.script_json(config)))


def add_poster_page(directory: Directory, language: str, add, gettext, today: dt.date) -> None:
    """The language poster for kitas and schools (poster/): every language an office
    advises in, each by its own name in its own script, with a QR code (poster.js) to the
    finder filtered to it, in that language where the site has it, else in the page's.
    A place chosen on the page keeps the languages of the offices for it."""
    helpers = PageHelpers(language, "poster", today)
    codes = sorted({code for office in directory.offices.values() for code in office.all_languages}, key=lambda code: i18n.language_name(code, language).casefold())
    languages = []
    for code in codes:
        finder_in = code if code in i18n.SITE_LANGUAGES else language
        own = i18n.language_own_name(code) or i18n.language_name(code, language)
        languages.append({"code": code, "own": own, "dir": i18n.direction(code), "name": i18n.language_name(code, language), "site": finder_in, "finder": prefix(finder_in) + "finder/?language=" + quote(code)})
    places = [m for m in directory.sorted_municipalities() if directory.offices_for(m.id)]
    config = {
        "root": helpers.asset(""),
        "siteUrl": directory.settings.site_url or "",
        "places": {m.id: sorted({code for office in directory.offices_for(m.id) for code in office.all_languages}) for m in places},
        "labels": {"qr": i18n.gettext(language, HANDOUT_LABELS["qr"])},
    }
    add("poster", "poster/index", "poster.md.j2", gettext("Language poster"), languages=languages, places=places, config=Markup(finder.script_json(config)))


def add_finder_and_map_pages(directory: Directory, language: str, add, gettext, today: dt.date) -> None:
    """The finder, its no-script twin (one static page per counselling language), and
    the overview map, which shares the finder's words and index (each with the way to it
    from its own page)."""
    spoken = finder.counselling_languages(directory)
    helpers = PageHelpers(language, "finder", today)
    choices = sorted(
        ((code, i18n.language_own_name(code), i18n.language_name(code, language), len(offices)) for code, offices in spoken.items()),
        key=lambda c: (-c[3], c[2].casefold()),
    )
    districts: dict[str, set[str]] = {}
    for office in directory.sorted_offices():
        for name in filter(None, (office.district, *office.responsible_districts)):
            districts.setdefault(office.municipality.id, set()).add(name)
    settings = page_config(language, helpers, choices)
    config = Markup(finder.script_json(settings))
    add(
        "finder",
        "finder/index",
        "finder.md.j2",
        gettext("Find an office"),
        choices=choices,
        topics=TOPICS,
        groups=TARGET_GROUPS,
        municipalities=finder.served_municipalities(directory),
        districts={key: sorted(value) for key, value in districts.items()},
        config=config,
        preload=settings["index"],
    )
    map_config = Markup(finder.script_json(page_config(language, PageHelpers(language, "map", today), choices)))
    add("map", "map/index", "map.md.j2", gettext("Map"), config=map_config)
    for code, offices in spoken.items():
        add(
            f"finder/{code}",
            f"finder/{code}",
            "finder_language.md.j2",
            gettext("Advice in %(language)s") % {"language": i18n.language_name(code, language)},
            code=code,
            offices=offices,
        )


# Words the scripts show (finder, maps), translated at build time.
SCRIPT_LABELS = {
    "mapConsent": _("The map images come from %(host)s. When you show the map, your browser connects to that server and sends it your IP address. The list on this page has the same offices."),
    "mapConsentOffice": _("The map images come from %(host)s. When you show the map, your browser connects to that server and sends it your IP address. The address is also written on this page."),
    "share": _("Share"),
    "copyLink": _("Copy link"),
    "linkCopied": _("Link copied."),
    "shareText": _("Free advice for immigrants, in many languages: %(name)s"),
    "zoomIn": _("Zoom in"),
    "zoomOut": _("Zoom out"),
    "zoomToCluster": _("show on the map"),
    "openNow": _("Open now"),
    "closedNow": _("Closed now"),
    "phoneOpenNow": _("Phone line open now"),
    "phoneClosedNow": _("Phone line closed now"),
    "offline": _("You are offline. The offices' data shown is from %(date)s."),
    "opensAt": _("Opens %(day)s at %(time)s"),
    "opensTodayAt": _("Opens today at %(time)s"),
    "closesAt": _("Closes at %(time)s"),
    "holiday": _("Closed today: public holiday"),
    "closure": _("Closed until %(date)s"),
    "startsOn": _("Opens on %(date)s"),
    "placeOf": _("Consultation place:"),
    "noLocation": _("Not on the map"),
    "away": _("%(distance)s away"),
    "responsible": _("Responsible for your postcode"),
    "postcodeUnknown": _("No office is listed for the postcode %(postcode)s. Showing offices without this filter."),
    "postcodeInvalid": _("Please enter a postcode with five digits."),
    "locating": _("Finding your location…"),
    "locationDenied": _("You did not allow access to your location. Allow it in your browser, or enter your postcode."),
    "locationUnavailable": _("Your location is not available right now. Enter your postcode instead."),
    "locationUnsupported": _("This browser cannot share your location. Enter your postcode instead."),
    "locationFound": _("Sorted by distance from your location."),
    "noMatch": _("No office matches all your choices."),
    "tryInterpreters": _("These offices can bring in interpreters for other languages:"),
    "tryNearest": _("The nearest office:"),
    "tryRemove": _("Or remove a filter:"),
    "remove": _("Remove: %(filter)s"),
    "postcodeHere": _("In your postcode area"),
    "postcodePlace": _("Holds consultations in your postcode area"),
    "postcodeTown": _("Serves your town"),
    "languageNobody": _("No office offers %(language)s here yet."),
    "showWhoHelps": _("Show who can help"),
    "tryUnknownLanguages": _("These offices have not published their languages: ask them."),
    "tryResponsible": _("The office for your place:"),
    "noneOpen": _("None of these offices is open now. They work by appointment or open later:"),
    "removeFilter": _("Remove a filter:"),
    "firstResult": _("First:"),
    "nearestSpeakers": _("No office for your place advises in %(language)s. The nearest offices that do:"),
    "awayFrom": _("%(distance)s from %(place)s"),
    "notYourPlace": _("Not responsible for your place: ask whether they can advise you."),
    "notForEveryone": _("%(found)s, but not for everyone:"),
    "whoCanHelp": _("Who can help:"),
    "askMacrolanguage": _("No office names %(language)s yet. Offices that offer %(macrolanguage)s may speak it: ask them."),
    "noLanguageFound": _("No language is called “%(typed)s”. Check the spelling or choose from the list."),
    "shareIn": _("Share in %(language)s"),
    "copyLinkIn": _("Copy link in %(language)s"),
}
