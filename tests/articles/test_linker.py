"""The mention linker: longest match first, whole words, ambiguity refused, fresh after edits."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles import linker as linker_module
from articles.ingest import read_story
from articles.linker import LINKABLE_MODELS, MentionLinker, Target, find_mentions
from bench import linker as linker_benchmark
from tests.factories import AgreementFactory, CountryFactory, OrganizationFactory, PersonFactory

TOKAYEV = Target("person", "kassym-jomart-tokayev", 1)
PUTIN = Target("person", "vladimir-putin", 2)
SITE_STORY = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "sources"
    / "2024-10-09-presidents-gather-at-the-kremlin.txt"
)
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


@pytest.mark.django_db
def test_a_cleared_cache_never_leaves_a_stale_linker():
    # The linker is built and remembered; then the cache forgets its version (a restart of
    # Redis, an eviction) before the next change. The change must still be seen.
    find_mentions("warm-up")
    cache.clear()
    PersonFactory(name="Sergey Lebedev", slug="sergey-lebedev")
    assert [mention.slug for mention in find_mentions("Sergey Lebedev spoke")] == ["sergey-lebedev"]


@pytest.mark.django_db
def test_a_linker_built_before_a_commit_is_rebuilt_after_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        PersonFactory(name="Sergey Lebedev", slug="sergey-lebedev")
        # Another process searches now: it cannot see the uncommitted row, and remembers an
        # automaton without it under the version the save just stored.
        linker_module._built.update(
            version=cache.get(linker_module._VERSION_KEY), linker=MentionLinker([])
        )
    assert find_mentions("Sergey Lebedev spoke") == []
    for callback in callbacks:
        callback()  # the commit
    assert [mention.slug for mention in find_mentions("Sergey Lebedev spoke")] == ["sergey-lebedev"]


# The site story with the demo's entities ----------------------------------------------------


@pytest.fixture
def site_story(db):
    call_command("load_demo", verbosity=0)
    return read_story(SITE_STORY, year=2024).text


DEMO_PEOPLE = {
    "vladimir-putin",
    "shavkat-mirziyoyev",
    "maxim-oreshkin",
    "ilham-aliyev",
    "alexander-lukashenko",
    "kassym-jomart-tokayev",
    "sadyr-japarov",
    "emomali-rahmon",
    "serdar-berdimuhamedov",
    "nikol-pashinyan",
    "sergey-lebedev",
    "ilhom-nematov",
}


def test_every_one_of_the_twelve_people_is_found_in_the_site_story(site_story):
    found = {mention.slug for mention in find_mentions(site_story) if mention.kind == "person"}
    assert found == DEMO_PEOPLE


def test_every_mention_in_the_site_story_is_a_known_name_at_its_offsets(site_story):
    mentions = find_mentions(site_story)
    names = {}
    for kind, (model, _fields) in LINKABLE_MODELS.items():
        for entity in model.objects.all():
            for name in entity.linker_names():
                names.setdefault(name, set()).add((kind, entity.slug))
    for mention in mentions:
        assert site_story[mention.start : mention.end] == mention.text
        assert (mention.kind, mention.slug) in names[mention.text]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # Adjectives are not country names.
        ("Russian President Vladimir Putin", [("person", "Vladimir Putin")]),
        ("Kyrgyz President Sadyr Japarov", [("person", "Sadyr Japarov")]),
        ("Kazakh President Kassym-Jomart Tokayev", [("person", "Kassym-Jomart Tokayev")]),
        ("Armenian Prime Minister Nikol Pashinyan", [("person", "Nikol Pashinyan")]),
        ("Uzbek diplomat Ilhom Toychievich Nematov", [("person", "Ilhom Toychievich Nematov")]),
        # A title is not a name: whoever holds it, it links nobody.
        ("The Russian President also highlighted", []),
        # The Kremlin leader is a person, not the place.
        ("the Kremlin leader held a series", [("person", "the Kremlin leader")]),
        # A typographic apostrophe ends the word.
        (
            "Uzbekistan’s President, Shavkat Mirziyoyev,",
            [
                ("country", "Uzbekistan"),
                ("person", "Shavkat Mirziyoyev"),
            ],
        ),
        # "CIS" alone is the Commonwealth; the longer names are the council.
        (
            "session of the CIS Council of Heads of State",
            [("organization", "CIS Council of Heads of State")],
        ),
        ("the CIS member states", [("organization", "CIS")]),
        ("the CIS Council", [("organization", "CIS Council")]),
        # An agreement's full title wins over the names inside it.
        (
            'the "Cooperation Program of the Member States of the Commonwealth of Independent '
            'States for 2025-2027 in the Field of Deradicalization"',
            [
                (
                    "agreement",
                    "Cooperation Program of the Member States of the Commonwealth of "
                    "Independent States for 2025-2027 in the Field of Deradicalization",
                )
            ],
        ),
        ("Russia’s 2024 chairmanship", [("country", "Russia")]),
    ],
)
def test_the_demo_names_link_only_what_they_name(site_story, phrase, expected):
    assert phrase in site_story
    assert [(mention.kind, mention.text) for mention in find_mentions(phrase)] == expected


def test_the_benchmark_text_holds_the_same_mentions_for_every_alias_count():
    result = linker_benchmark.run(alias_counts=(10, 200), words=300, search_runs=1)
    small, large = result["rows"]
    assert small["mentions"] == large["mentions"] == small["expected_mentions"] > 0
    assert small["text_words"] == large["text_words"] == 300


LUKASHENKO = Target("person", "alexander-lukashenko", 9)


def lukashenko_linker():
    return linker(("Alexander Lukashenko", LUKASHENKO), ("Lukashenko", LUKASHENKO))


@pytest.mark.parametrize(
    "text",
    [
        "Viktor Lukashenko won the race.",
        "The winner, Viktor Lukashenko, is an engineer.",
        "Second was Anna Lukashenko of Gomel.",
    ],
)
def test_a_known_surname_after_another_given_name_is_a_namesake_and_not_linked(text):
    assert lukashenko_linker().find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "President Lukashenko handed out the medals.",
        "Lukashenko spoke first.",
        "Yesterday Lukashenko spoke.",
        "On Sunday Lukashenko spoke.",
        "Belarusian Lukashenko spoke.",
        "Belarus’s Lukashenko spoke.",
        "the relation of President Alexander Lukashenko, who spoke",
        "said Lukashenko",
    ],
)
def test_a_known_surname_after_a_title_or_an_ordinary_word_is_still_linked(text):
    [mention] = lukashenko_linker().find(text)
    assert mention.slug == "alexander-lukashenko"


def test_a_namesake_leaves_the_known_persons_later_mentions_linked():
    text = "Viktor Lukashenko won. President Alexander Lukashenko gave him the medal."
    assert spans(lukashenko_linker().find(text)) == [
        ("Alexander Lukashenko", "alexander-lukashenko")
    ]


def test_knows_and_lookup_see_every_name_even_shared_ones():
    first, second = Target("person", "a", 1), Target("person", "b", 2)
    shared = linker(("Aliyev", first), ("Aliyev", second), ("Putin", PUTIN))
    assert shared.knows("Aliyev") and shared.knows(" Putin ") and not shared.knows("Lavrov")
    assert shared.lookup("Putin") == PUTIN and shared.lookup("Aliyev") is None
    assert linker().knows("Putin") is False and linker().lookup("Putin") is None
