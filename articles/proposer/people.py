"""The proposer's people: a name of two to four capitalised words is a person when the copy
says so (a title, a role noun, an apposition, a possessive, a verb of saying), with the post,
country and organisation the sentence gives; later surname mentions attached to them.

A mixin of the proposer's reader (articles/proposer/finding.py), which holds the text, the
linker, the sentences and what earlier passes claimed.
"""

import bisect
import re

from articles.proposer import vocabulary as words
from articles.proposer.proposal import ORGANIZATION, PERSON
from articles.proposer.reading import KNOWN, WORD

MAX_NAME_WORDS = 4

_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
_APPOSITION = re.compile(r"^,\s+(?P<body>[^,;:()\"“”\n]+?)(?=\s*(?:[,;:()\"“”\n]|\.(?:\s|$)|$))")
# "Minister of Investment, Industry and Trade": an enumeration that is part of a title.
_ENUMERATION = re.compile(r"^(?:,\s+[A-Z][\w-]*)+,?\s+and\s+[A-Z][\w-]*")
_POSSESSIVE_TITLE = re.compile(
    r"(?P<owner>[A-Z][\w-]*(?:\s[A-Z][\w-]*)*)[’']s\s+(?:(?P<title>[A-Z][\w-]*(?:\s[\w-]+)*?),\s+)?$"
)
_ROLE_BEFORE = re.compile(r"(?:(?P<adjective>[A-Z][a-z]+)\s+)?(?P<role>[a-z][a-z-]+)\s+$")
# A role noun in lower case and what it is of: "head of the …", "khokim of …".
_POST_OF = re.compile(r"\b(?P<role>[a-z]+)\s+(?:of|for|at|in)\s+")
# "Its regional director, Walid Abdelwahab": a post in lower case, then the name.
_POST_BEFORE = re.compile(
    r"\b(?:its|his|her|their|our|the|a|an)\s+(?P<title>(?:[\w-]+\s+){0,3}?(?P<role>[a-z]+)),\s+$",
    re.IGNORECASE,
)
SAID_BEFORE = re.compile(r"(?:\b[Aa]ccording to|\bsaid)\s+$")
_VERB_AFTER = re.compile(
    r"^(?:\s+(?:also|has|had|then|later|himself|herself))?\s+(?P<verb>[a-z]+)\b"
)
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")
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


class PeoplePatterns:
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
        if not signal and all(token.type == KNOWN or token.is_capitalised for token in prefix):
            post = self._lower_case_post(start, sentence)
            if post:
                # "the head of the JICA office in Uzbekistan Hiroshi Kato": the country in the
                # post is where the office is, not whose he is.
                title, signal, country = post, True, ""
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
        if SAID_BEFORE.search(before):
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

    def _lower_case_post(self, name_start, sentence):
        """A post in lower case that runs into the name: "the head of the JICA office in
        Uzbekistan Hiroshi Kato", "the khokim of Samarkand region Erkinjon Turdimov"."""
        window_start = max(sentence.start, name_start - 100)
        window = self.text[window_start:name_start]
        for match in reversed(list(_POST_OF.finditer(window))):
            if match["role"] not in words.ROLE_NOUNS:
                continue
            post = window[match.start("role") :].strip()
            if re.search(r"[,;:.()\"“”]", post) or not post:
                return ""
            if any(word in words.SPEECH_VERBS for word in post.split()):
                return ""
            return post
        return ""

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
