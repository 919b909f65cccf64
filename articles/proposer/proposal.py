"""A proposal: a new entity a text names, its first mention, its sentence, and what that
sentence says about it (articles/proposer)."""

from dataclasses import dataclass, field

PERSON, ORGANIZATION, PLACE, EVENT = "person", "organization", "place", "event"
KINDS = (PERSON, ORGANIZATION, PLACE, EVENT)


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
