"""The mention linker: longest match first, whole words, ambiguity refused, fresh after edits."""

import pytest

from articles.linker import MentionLinker, Target, find_mentions
from tests.factories import AgreementFactory, CountryFactory, OrganizationFactory, PersonFactory

TOKAYEV = Target("person", "kassym-jomart-tokayev", 1)
PUTIN = Target("person", "vladimir-putin", 2)
RUSSIA = Target("country", "russia", 3)


def linker(*entries):
    return MentionLinker(entries)


def spans(mentions):
    return [(mention.text, mention.slug) for mention in mentions]


def test_longest_name_wins_over_a_name_inside_it():
    found = linker(("Kassym-Jomart Tokayev", TOKAYEV), ("Tokayev", TOKAYEV)).find(
        "Kazakh President Kassym-Jomart Tokayev spoke. Later Tokayev left."
    )
    assert spans(found) == [
        ("Kassym-Jomart Tokayev", "kassym-jomart-tokayev"),
        ("Tokayev", "kassym-jomart-tokayev"),
    ]


def test_offsets_point_at_the_text_found():
    text = "Upon arrival, Putin said"
    [mention] = linker(("Putin", PUTIN)).find(text)
    assert text[mention.start : mention.end] == "Putin" == mention.text
    assert mention.as_dict() == {
        "kind": "person",
        "slug": "vladimir-putin",
        "text": "Putin",
        "start": 14,
        "end": 19,
    }


@pytest.mark.parametrize("text", ["Putinism", "Rasputin", "putin", "PutinX", "Putin_"])
def test_only_whole_words_match(text):
    assert linker(("Putin", PUTIN)).find(text) == []


def test_punctuation_and_possessives_are_word_boundaries():
    found = linker(("Russia", RUSSIA)).find("Russia’s chairmanship; (Russia), Russia.")
    assert [mention.start for mention in found] == [0, 24, 33]


def test_a_name_shared_by_two_entities_is_not_linked():
    aliyev_junior = Target("person", "ilham-aliyev", 4)
    aliyev_senior = Target("person", "heydar-aliyev", 5)
    found = linker(("Aliyev", aliyev_junior), ("Aliyev", aliyev_senior)).find("Aliyev spoke.")
    assert found == []


def test_an_ambiguous_longer_name_still_blocks_the_shorter_match_inside_it():
    first = Target("event", "summit-a", 6)
    second = Target("event", "summit-b", 7)
    moscow = Target("place", "moscow", 8)
    found = linker(("Moscow summit", first), ("Moscow summit", second), ("Moscow", moscow)).find(
        "the Moscow summit"
    )
    assert found == []


def test_whitespace_inside_names_is_normalised():
    found = linker(("Vladimir   Putin ", PUTIN)).find("President Vladimir Putin said")
    assert spans(found) == [("Vladimir Putin", "vladimir-putin")]


def test_an_empty_linker_and_an_empty_text_find_nothing():
    assert linker().find("Putin") == []
    assert linker(("Putin", PUTIN)).find("") == []


@pytest.mark.django_db
def test_find_mentions_knows_every_kind_of_entity_in_the_database():
    PersonFactory(name="Vladimir Putin", slug="vladimir-putin", aliases="Putin")
    CountryFactory(name="Uzbekistan", slug="uzbekistan")
    OrganizationFactory(name="Commonwealth of Independent States", slug="cis", short_name="CIS")
    AgreementFactory(title="Cooperation Program", slug="program", short_title="the program")
    text = "Putin met the CIS leaders of Uzbekistan about the Cooperation Program."
    assert [(mention.kind, mention.text) for mention in find_mentions(text)] == [
        ("person", "Putin"),
        ("organization", "CIS"),
        ("country", "Uzbekistan"),
        ("agreement", "Cooperation Program"),
    ]


@pytest.mark.django_db
def test_the_linker_sees_a_new_alias_at_once():
    person = PersonFactory(name="Sergey Lebedev", slug="sergey-lebedev")
    assert find_mentions("General Secretary Lebedev") == []
    person.aliases = "Lebedev"
    person.save()
    assert [mention.slug for mention in find_mentions("General Secretary Lebedev")] == [
        "sergey-lebedev"
    ]
    person.delete()
    assert find_mentions("General Secretary Lebedev") == []
