"""The proposer: the people, organisations, places and events a story names that the desk does
not know yet, each with the words and offsets of its mention, the sentence that is its
evidence, and what that sentence says about it.

Deterministic, pure Python, no model: it reads the patterns news copy uses to introduce
someone or something (`docs/explanation/proposer.md` lists them and measures them on a labelled
set). Known entities, by name or alias (the mention linker's automaton), are never proposed;
a namesake of a known person ("Viktor Lukashenko" beside a known Alexander Lukashenko) is
proposed as new, never merged. Offsets are into the same text the linker reads: a story's
paragraphs joined by a blank line (`ParsedStory.text`), or one editor block.
"""

from articles.proposer.finding import propose
from articles.proposer.proposal import Proposal

__all__ = ["Proposal", "propose"]
