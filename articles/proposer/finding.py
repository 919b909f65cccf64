"""The proposer's patterns over the sentences of a text (see the package's docstring).

Four passes, each claiming the words it used so no later pass reads them again:

1. acronyms introduced in parentheses name what precedes them, by their initials:
   "International Fund for Saving the Aral Sea (IFAS)";
2. capitalised sequences with a head are organisations, places or events ("Eurasian Development
   Bank", "Tashkent International Airport", "Minsk Half Marathon"), and so are those followed
   by a descriptor ("Novo-Ogarevo residence", "the Kazakh Invest national company");
3. a name of two to four capitalised words is a person when the copy says so: a title before
   it ("Kyrgyz Foreign Minister Jeenbek Kulubaev"), a role noun ("Uzbek diplomat Ilhom
   Nematov"), an apposition ("Yury Ushakov, an aide to the President of Russia"), a
   possessive ("Uzbekistan’s President, Shavkat Mirziyoyev") or a verb of saying or doing
   after it ("Viktor Lukashenko said");
4. a capitalised word or two after "in", "at", "to", "from", "near" is a place.

Later mentions by surname alone are attached to their person, unless the surname is a known
person's alias (the linker links it to them), two new people share it, or another given name
stands before it (a namesake).
"""

import bisect
import re
from dataclasses import dataclass, field

from articles.proposer import vocabulary as words
from articles.proposer.reading import KNOWN, WORD, read

PERSON, ORGANIZATION, PLACE, EVENT = "person", "organization", "place", "event"
KINDS = (PERSON, ORGANIZATION, PLACE, EVENT)
MAX_NAME_WORDS = 4

_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
_APPOSITION = re.compile(r"^,\s+(?P<body>[^,;:()\"“”\n]+?)(?=\s*(?:[,;:()\"“”\n]|\.(?:\s|$)|$))")
# "Minister of Investment, Industry and Trade": an enumeration that is part of a title.
_ENUMERATION = re.compile(r"^(?:,\s+[A-Z][\w-]*)+,?\s+and\s+[A-Z][\w-]*")
_POSSESSIVE_TITLE = re.compile(
    r"(?P<owner>[A-Z][\w-]*(?:\s[A-Z][\w-]*)*)[’']s\s+(?:(?P<title>[A-Z][\w-]*(?:\s[\w-]+)*?),\s+)?$"
)
_ROLE_BEFORE = re.compile(r"(?:(?P<adjective>[A-Z][a-z]+)\s+)?(?P<role>[a-z][a-z-]+)\s+$")
# "Its regional director, Walid Abdelwahab": a post in lower case, then the name.
_POST_BEFORE = re.compile(
    r"\b(?:its|his|her|their|our|the|a|an)\s+(?P<title>(?:[\w-]+\s+){0,3}?(?P<role>[a-z]+)),\s+$",
    re.IGNORECASE,
)
_SAID_BEFORE = re.compile(r"(?:\b[Aa]ccording to|\bsaid)\s+$")
_VERB_AFTER = re.compile(
    r"^(?:\s+(?:also|has|had|then|later|himself|herself))?\s+(?P<verb>[a-z]+)\b"
)
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")


@dataclass
class Proposal:
    """A new entity the text names: the first mention, its sentence, and what it says."""

    kind: str
    name: str
    text: str
    start: int
    end: int
    evidence: str
    title: str = ""
    organization: str = ""
    country: str = ""
    aliases: list = field(default_factory=list)
    category: str = ""  # a place's or an event's kind: airport, venue, conference, …
    namesake_of: str = ""  # slug of a known person who shares the surname
    mentions: list = field(default_factory=list)  # every mention: (text, start, end)

    @property
    def key(self):
        """What identifies a proposal within a story: its kind and name."""
        return f"{self.kind}:{self.name}"

    @property
    def position_title(self):
        """The post as the desk writes a Position: "Foreign Minister of Kyrgyzstan"."""
        if not self.title:
            return ""
        title = self.title[:1].upper() + self.title[1:]
        if self.country and self.country not in title:
            return f"{title} of {self.country}"
        if self.organization and self.organization not in title and " of " not in title:
            return f"{title} of the {self.organization}"
        return title

    @property
    def description(self):
        """One line for the desk: "aide to the President of Russia", "place in Kyrgyzstan"."""
        if self.kind == PERSON:
            parts = [self.title]
            if self.country and self.country not in self.title:
                parts.append(f"({self.country})" if self.title else self.country)
            if self.organization and self.organization not in self.title:
                parts.append(f"— {self.organization}")
            return " ".join(part for part in parts if part)
        if self.kind == PLACE:
            where = f"in {self.country}" if self.country else ""
            return " ".join(part for part in (self.category, where) if part)
        if self.aliases:
            return f"also {', '.join(self.aliases)}"
        return self.category

    def as_dict(self):
        data = {
            "kind": self.kind,
            "name": self.name,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence,
        }
        if self.kind == PERSON:
            data.update(title=self.title, organisation=self.organization, country=self.country)
            if self.namesake_of:
                data["namesake_of"] = self.namesake_of
        elif self.country:
            data["country"] = self.country
        if self.aliases:
            data["aliases"] = list(self.aliases)
        if self.category:
            data["category"] = self.category
        data["mentions"] = [
            {"text": text, "start": start, "end": end} for text, start, end in self.mentions
        ]
        return data


def propose(text, *, linker=None, section_names=()):
    """The proposals for `text`, in the order of their first mention.

    `linker`: the mention linker whose names are known (the database's by default);
    `section_names`: the desk's section names, never names of anything.
    """
    if not text:
        return []
    if linker is None:
        from articles.linker import get_linker

        linker = get_linker()
    return _Reader(text, linker, section_names).proposals()


_POSSESSIVE_BEFORE = re.compile(r"([A-Z][\w-]*)[’']s\s+$")
_WORD_BEFORE = re.compile(r"([A-Z][\w-]*)\s+$")


def _union(spans):
    """Sorted, non-overlapping spans covering the same characters as `spans`."""
    merged = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(spans, start, end):
    """Does [start, end) overlap one of the sorted, non-overlapping `spans`?"""
    index = bisect.bisect_left(spans, (start, start))
    return any(
        other_start < end and start < other_end
        for other_start, other_end in spans[max(0, index - 1) : index + 2]
    )


def _is_run_token(token):
    return token.type == KNOWN or token.is_capitalised


def _head_kind(token):
    if token.type != WORD:
        return None
    if token.text in words.PLACE_HEADS:
        return PLACE
    if token.text in words.EVENT_HEADS:
        return EVENT
    if token.text in words.ORGANIZATION_HEADS:
        return ORGANIZATION
    return None


class _Reader:
    def __init__(self, text, linker, section_names):
        self.text = text
        self.linker = linker
        self.mentions = linker.find(text)
        self.sentences = read(text, self.mentions)
        self.not_names = words.COMMON_WORDS | words.MONTHS | words.WEEKDAYS
        # The desk's sections ("World") are not names on their own; inside one they are
        # ("World Bank", "Ministry of Culture").
        self.sections = words.SECTION_WORDS | frozenset(section_names)
        self.claimed = set()  # start offsets of tokens some proposal or pattern used
        self.found = {}  # key → Proposal
        self.acronyms = {}  # "EDB" → "Eurasian Development Bank"
        self.lower_words = set(re.findall(r"\b[a-z][a-z-]+\b", text))

    # --- the passes ---------------------------------------------------------------------

    def proposals(self):
        runs = [(sentence, list(self._runs(sentence))) for sentence in self.sentences]
        for sentence in self.sentences:
            self._acronyms(sentence)
        for sentence, sentence_runs in runs:
            for start_index, run in sentence_runs:
                self._entities(sentence, start_index, run)
        for sentence, sentence_runs in runs:
            for start_index, run in sentence_runs:
                self._person(sentence, start_index, run)
        for sentence, sentence_runs in runs:
            for start_index, run in sentence_runs:
                self._place_after_preposition(sentence, start_index, run)
        self._surname_mentions()
        self._organisations_of_people()
        return sorted(self.found.values(), key=lambda proposal: proposal.start)

    # --- reading runs of capitalised words ---------------------------------------------

    def _adjacent(self, left, right):
        between = self.text[left.end : right.start]
        return between.isspace() and "\n" not in between

    def _runs(self, sentence):
        """(index of the first token, tokens) of each run of capitalised words and known
        names, joined by "of", "of the", "for" and, inside those, "and"."""
        tokens = sentence.tokens
        index = 0
        while index < len(tokens):
            if not _is_run_token(tokens[index]):
                index += 1
                continue
            run, saw_of, end = [tokens[index]], False, index + 1
            while end < len(tokens) and self._adjacent(run[-1], tokens[end]):
                token = tokens[end]
                if _is_run_token(token):
                    run.append(token)
                    end += 1
                    continue
                joined = self._connector(tokens, end, saw_of)
                if not joined:
                    break
                run.extend(tokens[end:joined])
                saw_of = saw_of or tokens[end].text in ("of", "for")
                end = joined
            first = index
            index = end
            first, run = self._trim(tokens, first, run)
            if run:
                yield first, run

    def _connector(self, tokens, at, saw_of):
        """The index after a connector sequence at `at` that joins two parts of a name."""
        sequence, position = [], at
        while (
            position < len(tokens)
            and tokens[position].type == WORD
            and (
                tokens[position].text in words.CONNECTORS
                or tokens[position].text in words.NAME_PARTICLES
            )
            and self._adjacent(tokens[position - 1], tokens[position])
        ):
            sequence.append(tokens[position].text)
            position += 1
        if not (
            position < len(tokens)
            and _is_run_token(tokens[position])
            and self._adjacent(tokens[position - 1], tokens[position])
        ):
            return None
        if sequence in (["of"], ["of", "the"], ["for"], ["for", "the"]):
            return position
        if sequence == ["and"] and saw_of:
            return position
        if len(sequence) == 1 and sequence[0] in words.NAME_PARTICLES:
            return position
        return None

    def _trim(self, tokens, first, run):
        """Drop what starts a run without being part of a name: "The", "On", months."""
        sentence_first = tokens[0] if tokens else None
        while run:
            token = run[0]
            if token.type == WORD and (
                token.text in self.not_names
                or token.text in words.CONNECTORS
                or (
                    token is sentence_first
                    and token.text.lower() in self.lower_words
                    and token.text not in words.TITLE_WORDS
                    and token.text not in words.DEMONYMS
                )
            ):
                run, first = run[1:], first + 1
                continue
            break
        while (
            run
            and run[-1].type == WORD
            and (run[-1].text in self.not_names or run[-1].text in words.CONNECTORS)
        ):
            run = run[:-1]
        if len(run) == 1 and run[0].text in self.sections:
            run = []
        return first, run

    def _is_name_word(self, token):
        return (
            token.type == WORD
            and token.is_capitalised
            and not token.is_acronym
            and any(character.islower() for character in token.text)
            and token.text not in self.not_names
            and token.text not in words.TITLE_WORDS
            and token.text not in words.DEMONYMS
            and token.text not in words.NAME_ADJECTIVES
            and token.text not in words.COUNTRIES
            and _head_kind(token) is None
            and token.start not in self.claimed
        )

    # --- pass 1: acronyms in parentheses ------------------------------------------------

    def _acronyms(self, sentence):
        tokens = sentence.tokens
        for index in range(2, len(tokens) - 1):
            opening, acronym, closing = tokens[index - 1], tokens[index], tokens[index + 1]
            if not (opening.text == "(" and closing.text == ")" and acronym.is_acronym):
                continue
            letters = [character for character in acronym.text if character.isupper()]
            position, used, first_used = index - 2, [], None
            # The acronym's letters are the initials of some of the words before it, in
            # order, the last word's among them: "International Fund for Saving the Aral
            # Sea (IFAS)" skips "Saving".
            while position >= 0 and letters:
                token = tokens[position]
                if token.type == WORD and token.text in ("of", "for", "and", "the", "on", "in"):
                    used.append(token)
                elif _is_run_token(token) and self._adjacent(token, tokens[position + 1]):
                    initials = [
                        part[0].upper() for part in token.text.split() if part[:1].isupper()
                    ]
                    if initials == letters[-len(initials) :]:
                        letters = letters[: -len(initials)]
                        first_used = len(used)
                    elif not used:
                        break  # the word just before the parenthesis must count
                    used.append(token)
                else:
                    break
                position -= 1
            if first_used is None:
                continue
            used = used[: first_used + 1]
            first, last = used[-1], used[0]
            name = self.text[first.start : last.end]
            self.acronyms[acronym.text] = name
            for token in (*used, opening, acronym, closing):
                self.claimed.add(token.start)
            if self.linker.knows(name) or self.linker.knows(acronym.text):
                continue
            # The head of the name is the last one before its first "of"/"for": the
            # International Fund for Saving the Aral Sea is a fund, not a sea.
            in_order = list(reversed(used))
            for cut, token in enumerate(in_order):
                if token.type == WORD and token.text in ("of", "for"):
                    in_order = in_order[:cut]
                    break
            heads = [_head_kind(token) for token in in_order if _head_kind(token)]
            kind = heads[-1] if heads else ORGANIZATION
            self._add(kind, name, first.start, last.end, sentence, aliases=[acronym.text])

    # --- pass 2: organisations, places and events by their heads --------------------------

    def _blocks(self, run):
        """The run's parts between connectors: [(connector words, tokens)]."""
        blocks, connector, current = [], [], []
        for token in run:
            if token.type == WORD and (token.text in words.CONNECTORS):
                if current:
                    blocks.append((connector, current))
                    connector, current = [], []
                connector.append(token)
            else:
                current.append(token)
        if current:
            blocks.append((connector, current))
        return blocks

    def _entities(self, sentence, start_index, run):
        blocks = self._blocks(run)
        for number, (_connector, block) in enumerate(blocks):
            anchor = self._anchor(block)
            if anchor is None:
                if number == len(blocks) - 1:
                    self._entity_by_descriptor(sentence, start_index, run, block)
                continue
            left = anchor
            while left > 0:
                token = block[left - 1]
                if token.start in self.claimed:
                    break
                if token.type == KNOWN and token.entity_kind in (
                    "place",
                    "country",
                    "organization",
                ):
                    left -= 1
                    continue
                if (
                    token.type == WORD
                    and token.is_capitalised
                    and token.text not in words.PERSON_TITLES
                ):
                    left -= 1
                    continue
                break
            parts = list(block[left : anchor + 1])
            country = self._country_of(parts[0])
            if anchor == len(block) - 1:
                for connector, following in blocks[number + 1 :]:
                    connector_words = [token.text for token in connector]
                    if connector_words not in (["of"], ["for"], ["and"], ["of", "the"]):
                        break
                    if self._ends_an_entity(connector_words, following):
                        country = country or self._country_of(following[0])
                        break
                    parts.extend([*connector, *following])
                    country = country or (
                        following[0].country if following[0].type == KNOWN else ""
                    )
            words_in_name = sum(len(token.text.split()) for token in parts)
            if words_in_name < 2:
                continue
            for token in parts:
                self.claimed.add(token.start)
            name = self.text[parts[0].start : parts[-1].end]
            if self._known(name):
                continue
            head = block[anchor]
            kind = _head_kind(head) or PLACE  # a known place as the head: "Kazan Kremlin"
            category = (
                words.PLACE_HEADS.get(head.text, "venue")
                if kind == PLACE
                else words.EVENT_HEADS.get(head.text, "")
            )
            self._add(
                kind,
                name,
                parts[0].start,
                parts[-1].end,
                sentence,
                country=country or self._possessive_country(parts[0].start, sentence),
                category=category,
            )

    def _anchor(self, block):
        """The index of the word that makes the block a name of something: its last head."""
        anchor = None
        for index, token in enumerate(block):
            if token.start in self.claimed:
                continue
            if _head_kind(token) or (
                token.type == KNOWN
                and token.entity_kind == "place"
                and index > 0
                and block[index - 1].type == WORD
                and self._is_name_word(block[index - 1])
            ):
                anchor = index
        return anchor

    def _ends_an_entity(self, connector_words, following):
        """Does "of …" after a name start something else (a country, another body)?"""
        first = following[0]
        if first.type == KNOWN and first.entity_kind in ("country", "organization", "person"):
            return "the" in connector_words or first.entity_kind != "country"
        if first.is_acronym or first.text in words.PERSON_TITLES:
            return True
        return any(_head_kind(token) for token in following) or any(
            token.start in self.claimed for token in following
        )

    def _entity_by_descriptor(self, sentence, start_index, run, block):
        """ "Novo-Ogarevo residence", "the Shardara reservoir", "Kazakh Invest national
        company": a block with no head, named by the lower-case word after it."""
        end_index = start_index + len(run)
        tokens = sentence.tokens
        position = end_index
        while (
            position < len(tokens)
            and tokens[position].text in words.DESCRIPTOR_ADJECTIVES
            and position - end_index < 2
        ):
            position += 1
        if position >= len(tokens) or tokens[position].type != WORD:
            return
        descriptor = tokens[position].text
        if any(token.start in self.claimed for token in block):
            return
        if any(token.type == WORD and token.text in words.TITLE_WORDS for token in block):
            return
        if descriptor in words.PLACE_DESCRIPTORS:
            category, keep = words.PLACE_DESCRIPTORS[descriptor]
            kind = PLACE
        elif descriptor in words.ORGANIZATION_DESCRIPTORS:
            category, keep, kind = "", False, ORGANIZATION
        else:
            return
        start = block[0].start
        end = tokens[position].end if keep else block[-1].end
        if len(block) == 1 and not (block[0].is_acronym or self._is_name_word(block[0])):
            return  # "the Russian company": an adjective, not a name
        for token in block:
            self.claimed.add(token.start)
        name = self.text[start:end]
        if self._known(name):
            return
        self._add(kind, name, start, end, sentence, category=category)

    # --- pass 3: people -------------------------------------------------------------------

    def _person(self, sentence, start_index, run):
        body, suffix = self._split_suffix(run)
        if not body:
            return
        tail = []
        for token in reversed(body):
            if token.type == WORD and (
                self._is_name_word(token) or (tail and token.text in words.NAME_PARTICLES)
            ):
                tail.insert(0, token)
                if len(tail) > MAX_NAME_WORDS:
                    return
                continue
            break
        prefix = body[: len(body) - len(tail)]
        if len(tail) >= 3 and prefix and prefix[-1].text in ("of", "the"):
            # "Chairman of the Jokargy Kenes of the Republic of Karakalpakstan Amanbay
            # Orynbayev": the first word after "of" is what the post is of, not a name.
            prefix, tail = [*prefix, tail[0]], tail[1:]
        if len(tail) < 2 or tail[0].text in words.NAME_PARTICLES:
            return
        start, end = tail[0].start, tail[-1].end
        name = self.text[start:end]
        if self._known(name):
            return
        run_start, run_end = run[0].start, run[-1].end
        # The words just before the run: patterns anchored at its start need no more.
        before = self.text[max(sentence.start, run_start - 80) : run_start]
        after = self.text[run_end : sentence.end]

        title, country, organization = self._title_before(prefix)
        signal = bool(title) or any(
            token.type == WORD and token.text in words.PERSON_TITLES for token in prefix
        )
        for token in suffix:
            if token.type == KNOWN and token.entity_kind == "country":
                country = country or token.country
            elif token.type == KNOWN and token.entity_kind == "organization":
                organization = organization or token.text
            elif token.is_acronym:
                organization = organization or self.acronyms.get(token.text, token.text)
        if suffix and not organization:
            claimed = [token for token in suffix if token.start in self.claimed]
            if claimed and claimed[-1].type == WORD:
                named = self._proposal_at(claimed[-1].start)
                if named is not None and named.kind == ORGANIZATION:
                    organization = named.name

        possessive = _POSSESSIVE_TITLE.search(before) if not prefix else None
        if possessive and self._country_named(possessive["owner"]):
            country = country or self._country_named(possessive["owner"])
            if possessive["title"]:
                title = title or possessive["title"]
                signal = True
            elif prefix:
                signal = True
        role = _ROLE_BEFORE.search(before) if not prefix else None
        if role and role["role"] in words.ROLE_NOUNS | words.PERSON_NOUNS:
            signal = True
            if role["role"] in words.ROLE_NOUNS:
                title = title or role["role"]
            country = country or words.DEMONYMS.get(role["adjective"] or "", "")
        if _SAID_BEFORE.search(before):
            signal = True
        post_before = _POST_BEFORE.search(before) if not prefix else None
        if post_before and post_before["role"].lower() in words.ROLE_NOUNS:
            signal = True
            title = title or post_before["title"]

        apposition = self._apposition(after, run_end, sentence)
        if apposition is not None:
            signal = True
            title = title or apposition["title"]
            country = country or apposition["country"]
        verb = _VERB_AFTER.match(after)
        if verb and verb["verb"] in words.SPEECH_VERBS:
            signal = True
        if not signal:
            return
        for token in tail:
            self.claimed.add(token.start)
        self._add(
            PERSON,
            name,
            start,
            end,
            sentence,
            title=title,
            country=country,
            organization=organization,
            namesake_of=self._namesake_of(tail),
        )

    def _split_suffix(self, run):
        """Split "Timur Tokayev of Kazakhstan" / "Dilnoza Yusupova of the Tashkent University
        of Information Technologies" into the name and what it is "of"."""
        for index, token in enumerate(run):
            if index < 2 or token.type != WORD or token.text != "of":
                continue
            rest = [part for part in run[index + 1 :] if part.text != "the"]
            if rest and all(
                part.start in self.claimed
                or (part.type == KNOWN and part.entity_kind in ("country", "organization"))
                or part.is_acronym
                or (part.type == WORD and part.text in words.CONNECTORS)
                for part in rest
            ):
                return run[:index], run[index:]
        return run, []

    def _title_before(self, prefix):
        """(title, country, organisation) from the words before a name in its run:
        "Kyrgyz Foreign Minister", "CIS General Secretary", "Minister of Culture of the
        Republic of Uzbekistan"."""
        country = organization = ""
        tokens = list(prefix)
        while tokens and tokens[0].type == WORD and tokens[0].text in words.CONNECTORS:
            tokens.pop(0)
        while tokens:
            first = tokens[0]
            if first.type == KNOWN and first.entity_kind == "country":
                country = country or first.country
            elif first.type == WORD and first.text in words.DEMONYMS:
                country = country or words.DEMONYMS[first.text]
            elif first.type == KNOWN and first.entity_kind == "organization":
                organization = organization or first.text
            elif first.is_acronym:
                organization = organization or self.acronyms.get(first.text, first.text)
            else:
                break
            tokens.pop(0)
        if not tokens or not any(
            token.type == WORD and token.text in words.PERSON_TITLES for token in tokens
        ):
            return "", country, organization
        while tokens and tokens[-1].type == WORD and tokens[-1].text in words.CONNECTORS:
            tokens.pop()
        title = self.text[tokens[0].start : tokens[-1].end]
        # "Minister of Culture of the Republic of Uzbekistan": the country is a fact of its
        # own; the title keeps the post.
        last = tokens[-1]
        if last.type == KNOWN and last.entity_kind == "country" and len(tokens) > 2:
            cut = len(tokens) - 1
            while (
                cut > 0 and tokens[cut - 1].type == WORD and tokens[cut - 1].text in ("of", "the")
            ):
                cut -= 1
            if 0 < cut < len(tokens) - 1:
                country = country or last.country
                title = self.text[tokens[0].start : tokens[cut - 1].end]
        return title, country, organization

    def _apposition(self, after, offset, sentence):
        """{title, country} from ", an aide to the President of Russia," after a name."""
        match = _APPOSITION.match(after)
        if match is None:
            return None
        body = match["body"]
        rest = after[match.end() :]
        enumeration = _ENUMERATION.match(rest)
        if enumeration and body.split()[-1][:1].isupper():
            body += enumeration.group()
        body = _ARTICLE.sub("", body.strip())
        parts = body.split()
        country = ""
        if parts and re.search(r"[’']s$", parts[0]):
            country = self._country_named(parts[0][:-2])
            if not country:
                return None
            parts = parts[1:]
        elif parts and parts[0] in words.DEMONYMS:
            country = words.DEMONYMS[parts[0]]
            parts = parts[1:]
        for index, part in enumerate(parts[:4]):
            noun = part.lower().split("-")[-1]
            if noun in words.PERSON_NOUNS:
                return {"title": "", "country": country}
            if noun in words.ROLE_NOUNS:
                title = " ".join(parts[index:])
                title = re.split(r"\s+(?:who|from|since|for the past)\s+", title)[0]
                for trailing in reversed(list(_OF_COUNTRY.finditer(title))):
                    named = self._country_named(title[trailing.end() :])
                    if named:
                        country = country or named
                        # "aide to the President of Russia" keeps its country: the post
                        # is the President's.
                        if not re.search(r"\b(?:to|of)\s+the\s+\w+$", title[: trailing.start()]):
                            title = title[: trailing.start()]
                        break
                return {"title": title, "country": country}
        return None

    # --- pass 4: places after prepositions ----------------------------------------------

    def _place_after_preposition(self, sentence, start_index, run):
        if not 1 <= len(run) <= 3 or start_index == 0:
            return
        if any(token.start in self.claimed or not self._is_name_word(token) for token in run):
            return
        tokens = sentence.tokens
        previous = tokens[start_index - 1]
        if not self._adjacent(previous, run[0]):
            return
        if previous.type == WORD and previous.text in words.PLACE_PREPOSITIONS:
            if _SAID_BEFORE.search(self.text, max(sentence.start, run[0].start - 20), run[0].start):
                return  # "According to Ushakov": a person
        elif previous.text in (",", "and") and start_index >= 2:
            listed = tokens[start_index - 2]
            if not (
                (listed.type == KNOWN and listed.entity_kind == "place")
                or self._proposal_at(listed.start, end=True, kind=PLACE)
            ):
                return
        else:
            return
        following = tokens[start_index + len(run)] if start_index + len(run) < len(tokens) else None
        if (
            following is not None
            and following.type == WORD
            and following.text in words.SPEECH_VERBS
        ):
            return  # "in April Saidov said": a person, not a place
        name = self.text[run[0].start : run[-1].end]
        if name in self._surnames():
            return  # "visited by Kulubaev"
        for token in run:
            self.claimed.add(token.start)
        if self._known(name):
            return
        # "in Osh, Kyrgyzstan": the country after a comma.
        after = tokens[start_index + len(run) : start_index + len(run) + 2]
        country = (
            after[1].country
            if len(after) == 2 and after[0].text == "," and after[1].type == KNOWN
            else ""
        )
        self._add(PLACE, name, run[0].start, run[-1].end, sentence, category="", country=country)

    # --- after the passes ---------------------------------------------------------------

    def _surname_mentions(self):
        """Attach later mentions of each new person: the full name again, or the surname
        alone when it can only be them."""
        people = [proposal for proposal in self.found.values() if proposal.kind == PERSON]
        if not people:
            return
        surnames = {}
        for person in people:
            surnames.setdefault(person.name.split()[-1], []).append(person)
        wanted = {person.name: (person, False) for person in people}
        for surname, holders in surnames.items():
            if len(holders) == 1 and not self.linker.knows(surname):
                wanted.setdefault(surname, (holders[0], True))
        taken = _union(
            [(mention.start, mention.end) for mention in self.mentions]
            + [
                (start, end)
                for proposal in self.found.values()
                for _text, start, end in proposal.mentions
            ]
        )
        pattern = re.compile(
            r"(?<![\w-])(?:"
            + "|".join(re.escape(name) for name in sorted(wanted, key=len, reverse=True))
            + r")(?![\w-])"
        )
        for match in pattern.finditer(self.text):
            start, end = match.span()
            if _overlaps(taken, start, end):
                continue
            person, alone = wanted[match.group()]
            if alone:
                previous = _WORD_BEFORE.search(self.text, max(0, start - 40), start)
                given_names = person.name.split()[:-1]
                if (
                    previous
                    and previous.group(1) not in words.NOT_GIVEN_NAMES
                    and previous.group(1) not in given_names
                ):
                    continue  # another given name: a namesake
            person.mentions.append((match.group(), start, end))
            bisect.insort(taken, (start, end))
        for person in people:
            person.mentions.sort(key=lambda mention: mention[1])

    def _organisations_of_people(self):
        """A person's organisation, when the title names one: "president of the EBRD"."""
        organisations = sorted(
            (proposal.name for proposal in self.found.values() if proposal.kind == ORGANIZATION),
            key=len,
            reverse=True,
        )
        for person in self.found.values():
            if person.kind != PERSON or person.organization or not person.title:
                continue
            for name in organisations:
                if name in person.title:
                    person.organization = name
                    break
            else:
                for acronym, name in self.acronyms.items():
                    if re.search(rf"\b{re.escape(acronym)}\b", person.title):
                        person.organization = name
                        break
                else:
                    for mention in self.linker.find(person.title):
                        if mention.kind == "organization":
                            person.organization = mention.text
                            break
            if person.organization in self.acronyms:
                person.organization = self.acronyms[person.organization]

    # --- helpers ------------------------------------------------------------------------

    def _known(self, name):
        return self.linker.knows(name) or name in words.COUNTRIES

    def _country_named(self, name):
        if name in words.COUNTRIES:
            return words.COUNTRIES[name]
        if name in words.DEMONYMS:
            return words.DEMONYMS[name]
        for mention in self.mentions:
            if mention.kind == "country" and mention.text == name:
                return words.COUNTRIES.get(name, name)
        return ""

    def _country_of(self, token):
        if token.type == KNOWN:
            return token.country
        return words.DEMONYMS.get(token.text, "")

    def _possessive_country(self, start, sentence):
        match = _POSSESSIVE_BEFORE.search(self.text, max(sentence.start, start - 40), start)
        return self._country_named(match.group(1)) if match else ""

    def _proposal_at(self, start, *, end=False, kind=None):
        for proposal in self.found.values():
            if kind and proposal.kind != kind:
                continue
            for _text, mention_start, mention_end in proposal.mentions:
                if mention_start <= start < mention_end:
                    return proposal
        return None

    def _surnames(self):
        return {
            proposal.name.split()[-1] for proposal in self.found.values() if proposal.kind == PERSON
        }

    def _namesake_of(self, tail):
        """The slug of a known person whose surname alias this new person shares."""
        target = self.linker.lookup(tail[-1].text)
        if target is not None and target.kind == "person":
            return target.slug
        return ""

    def _add(self, kind, name, start, end, sentence, **facts):
        name = " ".join(name.split())
        key = f"{kind}:{name}"
        proposal = self.found.get(key)
        if proposal is None:
            proposal = Proposal(
                kind=kind,
                name=name,
                text=self.text[start:end],
                start=start,
                end=end,
                evidence=self.text[sentence.start : sentence.end].strip(),
            )
            self.found[key] = proposal
        if (self.text[start:end], start, end) not in proposal.mentions:
            proposal.mentions.append((self.text[start:end], start, end))
        for fact, value in facts.items():
            if fact == "aliases":
                proposal.aliases.extend(alias for alias in value if alias not in proposal.aliases)
            elif value and not getattr(proposal, fact):
                setattr(proposal, fact, value)
        return proposal
