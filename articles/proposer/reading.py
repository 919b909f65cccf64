"""How the proposer reads a text: sentences, and the words of each as tokens, with the names
the desk already knows (the mention linker's) and the countries it knows by heart as single
tokens, so no pattern ever reads half of a known name as a new one."""

import re
from dataclasses import dataclass
from typing import NamedTuple

from articles.proposer.vocabulary import COUNTRIES

WORD = "word"
KNOWN = "known"  # a name the linker knows, or a country from the vocabulary
POSSESSIVE = "possessive"  # "’s" after a word
OTHER = "other"  # numbers and punctuation

_TOKEN = re.compile(
    r"(?P<word>[^\W\d_][\w]*(?:[-‐][\w]+)*(?:[’'][^\W\d_s][\w]*)?)"
    r"|(?P<possessive>[’']s\b)"
    r"|(?P<other>\d[\w.,:-]*|[^\w\s])"
)
# A sentence ends at . ! ? (and a closing quote after it) before a space and a capital, a
# digit or an opening quote; or at the end of a paragraph.
_SENTENCE_END = re.compile(r"[.!?…][\"”»’']?(?=\s+[\"“«(]?[A-Z0-9])|\n")
_ABBREVIATIONS = frozenset("Mr Mrs Ms Dr St Gen Col Prof Jr Sr No Mt Lt Capt Gov Sen Rep".split())
_COUNTRY_PATTERN = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(name) for name in sorted(COUNTRIES, key=len, reverse=True))
    + r")(?![\w-])"
)


class Token(NamedTuple):
    """A word, a known name, a possessive "’s" or anything else, with its offsets. A tuple:
    a story makes thousands of them, and a dataclass would cost several times as much."""

    text: str
    start: int
    end: int
    type: str
    entity_kind: str = ""  # for KNOWN tokens: person, place, country, organization, …
    slug: str = ""  # for KNOWN tokens from the linker

    @property
    def is_capitalised(self):
        return self.type == WORD and self.text[:1].isupper()

    @property
    def is_acronym(self):
        """ "CIS", "EDB", "EBRD": a word whose first two letters are capitals."""
        first_two = self.text[:2]
        return self.type == WORD and first_two.isalpha() and first_two.isupper()

    @property
    def country(self):
        """The country this known token names, or ""."""
        if self.type == KNOWN and self.entity_kind == "country":
            return COUNTRIES.get(self.text, self.text)
        return ""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    tokens: tuple


def sentence_spans(text):
    """(start, end) of each sentence, blank ones left out."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        before = text[start : match.start()].split()
        last_word = before[-1].rstrip(".") if before else ""
        if match.group().startswith(".") and (
            last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isupper())
        ):
            continue  # "Mr. Saidov", "A. Lukashenko": not the end of a sentence
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [
        (start + len(text[start:end]) - len(text[start:end].lstrip()), end)
        for start, end in spans
        if text[start:end].strip()
    ]


def known_spans(text, mentions):
    """The linker's mentions, and the countries of the vocabulary the linker did not find,
    as (start, end, kind, slug), in order, never overlapping."""
    spans = [(mention.start, mention.end, mention.kind, mention.slug) for mention in mentions]
    for match in _COUNTRY_PATTERN.finditer(text):
        overlapping = [span for span in spans if match.start() < span[1] and span[0] < match.end()]
        # "Republic of Kazakhstan" holds the linker's "Kazakhstan": the longer name wins.
        if all(
            kind == "country" and match.start() <= start and end <= match.end()
            for start, end, kind, _slug in overlapping
        ):
            slug = overlapping[0][3] if overlapping else ""
            spans = [span for span in spans if span not in overlapping]
            spans.append((match.start(), match.end(), "country", slug))
    return sorted(spans)


def read(text, mentions):
    """The text's sentences with their tokens; `mentions` are the linker's, on the same text."""
    spans = known_spans(text, mentions)
    sentences = []
    known_index = 0
    for sentence_start, sentence_end in sentence_spans(text):
        tokens = []
        position = sentence_start
        while known_index < len(spans) and spans[known_index][1] <= sentence_start:
            known_index += 1
        index = known_index
        while position < sentence_end:
            if index < len(spans) and spans[index][0] < sentence_end:
                next_known_start = spans[index][0]
            else:
                next_known_start = sentence_end
            tokens.extend(_tokens(text, position, min(next_known_start, sentence_end)))
            if next_known_start >= sentence_end:
                break
            start, end, kind, slug = spans[index]
            tokens.append(Token(text[start:end], start, end, KNOWN, kind, slug))
            position = end
            index += 1
        sentences.append(Sentence(sentence_start, sentence_end, tuple(tokens)))
    return sentences


def _tokens(text, start, end):
    for match in _TOKEN.finditer(text, start, end):
        yield Token(match.group(), match.start(), match.end(), match.lastgroup)
