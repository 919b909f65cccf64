"""The proposer's patterns over the sentences of a text (see the package's docstring).

Four passes, each claiming the words it used so no later pass reads them again:

1. acronyms introduced in parentheses name what precedes them, by their initials:
   "International Fund for Saving the Aral Sea (IFAS)";
2. capitalised sequences with a head are organisations, places or events ("Eurasian Development
   Bank", "Tashkent International Airport", "Minsk Half Marathon"), and so are those followed
   by a descriptor ("Novo-Ogarevo residence", "the Kazakh Invest national company");
3. (articles/proposer/people.py) a name of two to four capitalised words is a person when
   the copy says so: a title before it ("Kyrgyz Foreign Minister Jeenbek Kulubaev"), a role
   noun ("Uzbek diplomat Ilhom Nematov"), an apposition ("Yury Ushakov, an aide to the
   President of Russia"), a possessive ("Uzbekistan’s President, Shavkat Mirziyoyev") or a
   verb of saying or doing after it ("Viktor Lukashenko said");
4. a capitalised word or two after "in", "at", "to", "from", "near" is a place.

Later mentions by surname alone are attached to their person, unless the surname is a known
person's alias (the linker links it to them), two new people share it, or another given name
stands before it (a namesake).
"""

import re

from articles.proposer import vocabulary as words
from articles.proposer.people import SAID_BEFORE, PeoplePatterns
from articles.proposer.proposal import EVENT, ORGANIZATION, PLACE, Proposal
from articles.proposer.reading import KNOWN, WORD, read


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


class _Reader(PeoplePatterns):
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
            if SAID_BEFORE.search(self.text, max(sentence.start, run[0].start - 20), run[0].start):
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
