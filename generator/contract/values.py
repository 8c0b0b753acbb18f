"""The kinds of value in the contract: how each is written, checked and described.

Every value arrives as the text the editor wrote (see `yamlfile.read_data`), so
`16:30` stays a time and `"01067"` a postcode. Each type here is one annotated
pydantic type: its check (with the message an editor reads, saying how to fix
it), the Python value it becomes, and its JSON Schema for editors' autocompletion.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote, urlsplit

import email_validator
import idna
import phonenumbers
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, PlainValidator, ValidationInfo, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from .. import i18n
from .vocabulary import Vocabulary

MAX_LINE = 300  # characters of a one-line value: a name, a street, a role
MAX_TEXT = 3000  # characters of a text: a note, a description
# What the handout prints too, on its one page: an item of a list, a few sentences.
MAX_ITEM = 120
MAX_BRIEF = 600

# Characters that never belong in a published value: control characters (tab and
# line breaks only count as spaces), bidirectional embeddings, overrides and
# isolates (they make a text read differently from what is stored), the
# replacement character (text damaged while copying) and non-characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffd\ufffe\uffff]")

def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return i18n.editor(" Did you mean '%(meant)s'?", meant=close[0]) if close else ""


def character_name(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`, `U+0000 (a control character)`."""
    name = unicodedata.name(char, None) or i18n.editor("a control character")
    return f"U+{ord(char):04X} ({name})"


# What may stand in an address's path, query and fragment without percent-encoding
# (RFC 3986's unreserved and sub-delimiters, ':', '@', '/', '?'); everything else,
# quotes and angle brackets included, is percent-encoded.
_URL_SAFE = "/!$&'()*+,;=:@-._~?"
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def web_address(text: str) -> str | None:
    """`text` as a web address in one safe form, or None where it is none: https or
    http (some offices' and sources' pages have only that), no user name, a host name (international names in their ASCII form), and every
    character that could end an attribute, a tag, a header or a field percent-encoded.
    Every address an editor writes is used only in this form."""
    if any(c.isspace() for c in text) or FORBIDDEN.search(text):
        return None
    try:
        parts = urlsplit(text)
        host, port, user = parts.hostname or "", parts.port, parts.username
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or user is not None or "@" in parts.netloc or "[" in parts.netloc:
        return None
    try:
        host = idna.encode(host.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels) or labels[-1].isdigit():
        return None
    netloc = host if port is None else f"{host}:{port}"
    path = _percent_encoded(parts.path) or "/"
    query = f"?{_percent_encoded(parts.query)}" if parts.query else ""
    fragment = f"#{_percent_encoded(parts.fragment)}" if parts.fragment else ""
    return f"{scheme}://{netloc}{path}{query}{fragment}"


def _percent_encoded(part: str) -> str:
    """`part` with every character outside `_URL_SAFE` percent-encoded (as UTF-8);
    a `%` stays only where it starts an escape already."""
    return re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", quote(part, safe=_URL_SAFE + "%"))




def invalid(message: str) -> PydanticCustomError:
    """A value that is wrong: the whole message an editor reads."""
    return PydanticCustomError("kim", message)


def invalid_at(field: str | tuple, message: str) -> PydanticCustomError:
    """A problem a record finds in one of its fields (close before open): shown there."""
    return PydanticCustomError("kim_at", message, {"at": field})


def line(value: Any, limit: int = MAX_LINE) -> str:
    """One value as written; line breaks and runs of spaces count as one space."""
    if value is None:
        raise invalid(i18n.editor("is empty. Write the value, or leave the field out when it is not published."))
    if not isinstance(value, str):
        raise invalid(i18n.editor("expected a single value, not a list or fields."))
    text = " ".join(value.split())
    if not text:
        raise invalid(i18n.editor("is empty. Write the value, or leave the field out when it is not published."))
    if len(text) > limit:
        raise invalid(i18n.editor("is %(length)s characters long; at most %(limit)s fit here. Shorten it.", length=i18n.editor_number(len(text)), limit=i18n.editor_number(limit)))
    if not any(_visible(char) for char in text):
        raise invalid(i18n.editor("holds only invisible characters (%(characters)s). Write the text, or leave the field out when it is not published.", characters=character_name(text[0]) + (", …" if len(text) > 1 else "")))
    return text


# Unicode's default-ignorable characters (shown as nothing) and blanks that are
# letters or symbols by category: the Hangul fillers and the blank Braille pattern.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "CZM" and not INVISIBLE.match(char)


def _schema(**schema: Any) -> WithJsonSchema:
    return WithJsonSchema(schema)


class Rule:
    """A check that needs settings (the words of a vocabulary, a range), used as
    `Annotated[str, Choice(TOPICS)]`: the check with its message, and its JSON Schema."""

    def check(self, value: Any, info: ValidationInfo) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return self.schema()


class Choice(Rule):
    """One id of a vocabulary; an alias or a typo gets "Did you mean ...?"."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary

    def check(self, value: Any, info: ValidationInfo | None = None) -> str:
        text = line(value)
        ids = self.vocabulary.ids
        if text in ids:
            return text
        meant = self.vocabulary.alias(text)
        hint = i18n.editor(" Did you mean '%(meant)s'?", meant=meant) if meant else did_you_mean(text, ids)
        raise invalid(i18n.editor("unknown value '%(value)s'.%(hint)s Use one of: %(choices)s.", value=text, hint=hint, choices=", ".join(ids)))

    def schema(self) -> dict[str, Any]:
        """Each id with its German and English label, for editors' autocompletion."""
        labels = []
        for term in self.vocabulary.terms:
            german = term.german or i18n.gettext(i18n.DEFAULT_LANGUAGE, term.label)
            label = german if german == term.label else f"{german} / {term.label}"
            labels.append(label)
        # Put after the labels in the editor's language by contract/schema.py.
        explanations = [term.description for term in self.vocabulary.terms]
        return {"type": "string", "enum": list(self.vocabulary.ids), "enumDescriptions": labels, EXPLANATIONS: explanations}


EXPLANATIONS = "x-kim-explanations"  # a vocabulary's explanations of its words, before translation


class WholeNumber(Rule):
    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def check(self, value: Any, info: ValidationInfo | None = None) -> int:
        text = line(value)
        if not re.fullmatch(r"[0-9]{1,4}", text) or not self.low <= int(text) <= self.high:
            raise invalid(i18n.editor("'%(value)s' is not a whole number from %(low)s to %(high)s.", value=text, low=self.low, high=self.high))
        return int(text)

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


README_NAMES = ("readme", "readme.md", "readme.txt", "liesmich.md")  # notes for editors (LIESMICH.md: the editors' guide), never published


@dataclass(frozen=True)
class ContentFile:
    path: str  # under content/, e.g. files/flyer-ar.pdf
    size: int  # bytes

    @property
    def address(self) -> str:
        """The path as it stands in a link: `files/q%27u%26o%23t%3F.pdf` for `files/q'u&o#t?.pdf`."""
        return quote(self.path)


class FileUnder(Rule):
    """A file an editor put under content/files/, checked to exist (the validation
    context holds `content_dir`)."""

    def __init__(self, suffixes: tuple[str, ...]):
        self.suffixes = suffixes

    def check(self, value: Any, info: ValidationInfo) -> ContentFile:
        path = line(value)
        content_dir: Path = (info.context or {})["content_dir"]
        target = (content_dir / path).resolve()
        inside = content_dir.resolve() / "files"
        if not path.startswith("files/") or inside not in target.parents:
            raise invalid(i18n.editor("'%(path)s' must be a file under content/files/, written as files/..., e.g. files/flyer-de.pdf.", path=path))
        if target.suffix.lower() not in self.suffixes:
            raise invalid(i18n.editor("'%(path)s': only %(types)s files can be listed here.", path=path, types=", ".join(self.suffixes)))
        if not target.is_file():
            raise invalid(i18n.editor("there is no file content/%(path)s. Put the file there or correct the name (upper and lower case count).", path=path))
        if any(part.startswith(".") for part in target.relative_to(inside).parts) or target.name.lower() in README_NAMES:
            raise invalid(i18n.editor("'%(path)s' is not published: hidden files (.name) and README files stay out of the site. Rename the file.", path=path))
        return ContentFile(target.relative_to(content_dir.resolve()).as_posix(), target.stat().st_size)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^files/", "patternErrorMessage": i18n.editor_later("Write the file as files/..., e.g. files/flyer-de.pdf.")}


# -- plain values ---------------------------------------------------------------------

Line = Annotated[str, PlainValidator(line), _schema(type="string", maxLength=MAX_LINE)]
Id = Annotated[str, PlainValidator(line), _schema(type="string", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", patternErrorMessage=i18n.editor_later("Write the file name without .yml: lower-case letters, digits and hyphens."))]


def _yes_no(value: Any) -> bool:
    text = line(value).lower()
    if text in ("true", "yes", "ja"):
        return True
    if text in ("false", "no", "nein"):
        return False
    raise invalid(i18n.editor("'%(value)s' is not true or false. Write true or false.", value=line(value)))


YesNo = Annotated[bool, PlainValidator(_yes_no), _schema(anyOf=[{"type": "boolean"}, {"enum": ["ja", "nein", "yes", "no"]}], errorMessage=i18n.editor_later("Write true or false."))]


def _coordinate(value: Any) -> float:
    text = line(value)
    if not re.fullmatch(r"-?[0-9]{1,3}([.,][0-9]{1,12})?", text):
        raise invalid(i18n.editor("'%(value)s' is not a number. Write it with a dot, e.g. 51.5356.", value=text))
    return float(text.replace(",", "."))


Coordinate = Annotated[float, PlainValidator(_coordinate), _schema(type="number", errorMessage=i18n.editor_later("Write the number with a dot, e.g. 51.5356."))]


def _date(value: Any) -> dt.date:
    text = line(value)
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise invalid(i18n.editor("'%(value)s' is not a valid date. Write it as YYYY-MM-DD, e.g. 2026-12-23.", value=text)) from None


Date = Annotated[dt.date, PlainValidator(_date), _schema(type="string", pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", patternErrorMessage=i18n.editor_later("Write the date as YYYY-MM-DD, e.g. 2026-12-23."))]


def _time(value: Any) -> dt.time:
    text = line(value)
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text)
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    raise invalid(i18n.editor("'%(value)s' is not a time. Write it as HH:MM, e.g. 08:00 or 16:30.", value=text))


Time = Annotated[dt.time, PlainValidator(_time), _schema(type="string", pattern=r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$", patternErrorMessage=i18n.editor_later('Write the time as HH:MM from 00:00 to 23:59, e.g. "08:00" or "16:30".'))]


def _postcode(value: Any) -> str:
    text = line(value)
    if not re.fullmatch(r"[0-9]{5}", text):
        raise invalid(i18n.editor("'%(value)s' is not a German postcode. Write five digits in quotes, e.g. \"44649\".", value=text))
    return text


Postcode = Annotated[
    str,
    PlainValidator(_postcode),
    _schema(anyOf=[{"type": "string", "pattern": r"^[0-9]{5}$", "patternErrorMessage": i18n.editor_later('Write five digits in quotes, e.g. "44649".')}, {"type": "integer", "minimum": 1000, "maximum": 99999}]),
]


def _email(value: Any) -> str:
    text = line(value)
    try:
        return email_validator.validate_email(text, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        raise invalid(i18n.editor("'%(value)s' is not an e-mail address. Write it like name@example.org.", value=text)) from None


Email = Annotated[
    str,
    PlainValidator(_email),
    _schema(type="string", format="email", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s.]+$", patternErrorMessage=i18n.editor_later("Write the e-mail address like name@example.org.")),
]


def _web_address(value: Any) -> str:
    text = line(value, 2000)
    address = web_address(text)
    if address is None:
        raise invalid(i18n.editor("'%(value)s' is not a web address. Write it in full, starting with https:// (or http://).", value=text))
    return address


WebAddress = Annotated[str, PlainValidator(_web_address), _schema(type="string", pattern="^https?://", maxLength=2000, patternErrorMessage=i18n.editor_later("Write the web address in full, starting with https:// (or http://)."))]


def _site_address(value: Any) -> str:
    """The site's own address goes into every page, the theme's included, which prints
    it as it is: only a plain address, nothing that would need escaping."""
    address = _web_address(value)
    if not address.startswith("https://"):
        raise invalid(i18n.editor("'%(value)s' does not start with https://. The site is published over https: write its address so, e.g. https://kim.herne.de/.", value=line(value, 2000)))
    if "?" in address or "#" in address:
        raise invalid(i18n.editor("'%(value)s' has a query or a fragment. Write only the address of the site's start page, e.g. https://kim.herne.de/.", value=line(value, 2000)))
    path = urlsplit(address).path
    if not PLAIN_PATH.fullmatch(path):
        odd = " ".join(sorted({c for c in unquote(path) if not PLAIN_PATH.fullmatch(c)}))
        raise invalid(i18n.editor("is not a plain site address: a site's path holds only letters, digits and - . _ ~ /, not %(characters)s. Write only the address of the site's start page, e.g. https://www.herne.de/kim/.", characters=odd))
    return address if address.endswith("/") else address + "/"


PLAIN_PATH = re.compile(r"[A-Za-z0-9._~/-]*")
SiteAddress = Annotated[
    str,
    PlainValidator(_site_address),
    _schema(type="string", pattern="^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$", maxLength=2000, patternErrorMessage=i18n.editor_later("Write the address of the site's start page, starting with https://, e.g. https://kim.herne.de/.")),
]


@dataclass(frozen=True)
class Phone:
    e164: str  # for tel: links, e.g. +4923256999194
    display: str  # as people write it, e.g. 02325 6999194


def _phone(value: Any) -> Phone:
    text = line(value)
    if not re.sub(r"[^0-9+]", "", text).startswith(("0", "+")):
        # "99-2345", as e-mail signatures write an extension: read as a German number it
        # would become another, real-looking one (09923 45).
        raise invalid(i18n.editor("'%(value)s' has no area code. Write the whole number: a German one starts with 0 and its area code, e.g. \"02325 6999194\", one abroad with + and its country code.", value=text))
    try:
        number = phonenumbers.parse(text, "DE")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise invalid(i18n.editor("'%(value)s' is not a valid German or international phone number. Write it with the area code, e.g. \"02325 6999194\" or \"+49 2325 6999194\".", value=text))
    return Phone(e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), display=din_5008(number, text))


def din_5008(number: phonenumbers.PhoneNumber, written: str) -> str:
    """As German public bodies write numbers (DIN 5008): the area code, a space, the
    number in one block, an extension after a hyphen where the editor wrote one:
    `0151 43425909`, `02331 207-5820`; numbers abroad with their country code."""
    if phonenumbers.region_code_for_number(number) != "DE":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    significant = phonenumbers.national_significant_number(number)
    split = phonenumbers.length_of_national_destination_code(number)
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        split = 3  # 0151, 0160, 0176: libphonenumber says 01514 (STACK-NOTES)
    if not split:
        return f"0{significant}"  # no area code known (libphonenumber's own format drops the 0 of some)
    area, subscriber = significant[:split], significant[split:]
    extension = re.search(r"-\s*([0-9]{1,6})\s*$", written)
    if extension and subscriber.endswith(extension[1]) and len(extension[1]) < len(subscriber):
        subscriber = f"{subscriber[: -len(extension[1])]}-{extension[1]}"
    return f"0{area} {subscriber}"


PhoneText = Annotated[
    Phone,
    PlainValidator(_phone),
    _schema(
        type=["string", "integer"],  # digits without quotes: YAML reads a number
        pattern=r"^ *(\+|\(?0)[0-9 ()/.-]*[0-9]$",
        patternErrorMessage=i18n.editor_later('Write the whole number in digits, in quotes: a German one starts with 0 and its area code, e.g. "02325 6999194", one abroad with + and its country code.'),
    ),
]


def _language(value: Any) -> str:
    code = line(value)
    if tag := i18n.language_tag(code):
        return tag
    meant = i18n.suggest_language(code)
    hint = i18n.editor(" Did you mean '%(meant)s'?", meant=meant) if meant else ""
    raise invalid(i18n.editor("unknown language code '%(value)s'.%(hint)s Use ISO 639 / BCP 47 codes such as de, en, ar, tr, uk, ckb, gsg.", value=code, hint=hint))


LanguageTag = Annotated[str, PlainValidator(_language), _schema(type="string", pattern="^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", patternErrorMessage=i18n.editor_later("Write a language code (ISO 639 / BCP 47), not the language's name: de, en, ar, tr, uk, ckb, sr-Latn, gsg, ..."))]


# -- texts in one or every site language ------------------------------------------------


FALLBACK_LANGUAGE = "en"  # before German, for a text not written in a page's language


@dataclass(frozen=True)
class Text:
    """A text an editor wrote, in one language or per language ({de: ..., en: ...})."""

    by_language: dict[str, str]

    def get(self, language: str, default_language: str = "de") -> str:
        return self.by_language[self.language_of(language, default_language)]

    def language_of(self, language: str, default_language: str = "de") -> str:
        """The language the text is shown in on a page of `language` (for its `lang`
        attribute): that language where written, else English (read by more readers
        of the other site languages than German), else German, else the first written."""
        for code in (language, FALLBACK_LANGUAGE, default_language):
            if code in self.by_language:
                return code
        return next(iter(self.by_language))


def _text(limit: int):
    def check(value: Any) -> Text:
        if not isinstance(value, dict):
            return Text({i18n.DEFAULT_LANGUAGE: line(value, limit)})
        if not value:
            raise invalid(i18n.editor("is empty. Write a text, or one per language: {de: ..., en: ...}."))
        texts = {}
        for code, text in value.items():
            if code not in i18n.SITE_LANGUAGES:
                raise invalid_at(code, i18n.editor("'%(value)s' is not a site language.%(hint)s Write one text, or one per site language: %(choices)s.", value=code, hint=did_you_mean(code, i18n.SITE_LANGUAGES), choices=", ".join(i18n.SITE_LANGUAGES)))
            try:
                texts[code] = line(text, limit)
            except PydanticCustomError as error:
                raise invalid_at(code, error.message()) from None
        return Text(texts)

    return check


def text_schema(limit: int) -> dict:
    """One text (German, shown in every language), or one per site language."""
    one = {"type": "string", "maxLength": limit}
    per_language = {code: {**one, "description": f"In {i18n.language_name(code, 'en')}."} for code in i18n.SITE_LANGUAGES}
    return {"anyOf": [one, {"type": "object", "properties": per_language, "additionalProperties": False, "minProperties": 1}]}


# A name or a short line; a note of several sentences.
Name = Annotated[Text, PlainValidator(_text(MAX_LINE)), WithJsonSchema(text_schema(MAX_LINE))]
Note = Annotated[Text, PlainValidator(_text(MAX_TEXT)), WithJsonSchema(text_schema(MAX_TEXT))]
# An item of a short list, a few sentences: both printed on the handout's one page too.
Item = Annotated[Text, PlainValidator(_text(MAX_ITEM)), WithJsonSchema(text_schema(MAX_ITEM))]
Brief = Annotated[Text, PlainValidator(_text(MAX_BRIEF)), WithJsonSchema(text_schema(MAX_BRIEF))]
