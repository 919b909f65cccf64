"""The proposer's patterns, one by one: what makes a person, an organisation, a place; what is
never a name; known names never proposed; namesakes kept apart."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.linker import MentionLinker, Target
from articles.proposer import propose

PUTIN = Target("person", "vladimir-putin", 1)
LAVROV = Target("person", "sergey-lavrov", 2)
RUSSIA = Target("country", "russia", 3)
CIS = Target("organization", "cis", 4)
MOSCOW = Target("place", "moscow", 5)


def known(*entries):
    return MentionLinker(entries)


def proposed(text, linker=None, **kwargs):
    return propose(text, linker=linker or known(), **kwargs)


def by_name(text, linker=None):
    return {proposal.name: proposal for proposal in proposed(text, linker)}


@pytest.mark.parametrize(
    ("text", "name", "title", "country"),
    [
        (
            "President Shavkat Mirziyoyev of Uzbekistan arrived.",
            "Shavkat Mirziyoyev",
            "President",
            "Uzbekistan",
        ),
        (
            "Kyrgyz Foreign Minister Jeenbek Kulubaev arrived.",
            "Jeenbek Kulubaev",
            "Foreign Minister",
            "Kyrgyzstan",
        ),
        (
            "He met Yury Ushakov, an aide to the President of Russia, on Monday.",
            "Yury Ushakov",
            "aide to the President of Russia",
            "Russia",
        ),
        (
            "Uzbekistan’s President, Shavkat Mirziyoyev, departed.",
            "Shavkat Mirziyoyev",
            "President",
            "Uzbekistan",
        ),
        (
            "It was signed by Ivan Petrov, the head of the Eurasian Development Bank.",
            "Ivan Petrov",
            "head of the Eurasian Development Bank",
            "",
        ),
        (
            "The Minister of Culture of the Republic of Uzbekistan Ozodbek Nazarbekov spoke.",
            "Ozodbek Nazarbekov",
            "Minister of Culture",
            "Uzbekistan",
        ),
        (
            "Putin awarded Uzbek diplomat Ilhom Nematov a medal.",
            "Ilhom Nematov",
            "diplomat",
            "Uzbekistan",
        ),
    ],
)
def test_a_person_is_proposed_with_the_post_and_country_the_sentence_gives(
    text, name, title, country
):
    person = by_name(text)[name]
    assert (person.kind, person.title, person.country) == ("person", title, country)
    assert text[person.start : person.end] == person.text == name
    assert person.evidence == text


def test_the_organisation_of_a_post_is_recorded():
    text = "Ivan Petrov, the head of the Eurasian Development Bank, said the loan was ready."
    found = by_name(text)
    assert found["Ivan Petrov"].organization == "Eurasian Development Bank"
    assert found["Eurasian Development Bank"].kind == "organization"


def test_a_position_title_reads_as_the_desk_writes_it():
    found = by_name("Kyrgyz Foreign Minister Jeenbek Kulubaev arrived.")
    assert found["Jeenbek Kulubaev"].position_title == "Foreign Minister of Kyrgyzstan"
    aide = by_name("Yury Ushakov, an aide to the President of Russia, said so.")["Yury Ushakov"]
    assert aide.position_title == "Aide to the President of Russia"
    assert aide.description == "aide to the President of Russia"


def test_two_capitalised_words_without_a_sign_of_a_person_are_not_one():
    assert proposed("They spoke of Central Asia and Silk Road trade.") == []


def test_an_acronym_in_parentheses_is_an_alias_of_the_name_before_it():
    text = "Members of the Commonwealth of Independent States (CIS) met. The CIS agreed."
    [organisation] = proposed(text)
    assert (organisation.name, organisation.aliases) == (
        "Commonwealth of Independent States",
        ["CIS"],
    )
    skipping = proposed("within the International Fund for Saving the Aral Sea (IFAS) today")
    assert [(item.kind, item.name) for item in skipping] == [
        ("organization", "International Fund for Saving the Aral Sea")
    ]


@pytest.mark.parametrize(
    ("text", "kind", "name", "category"),
    [
        (
            "He landed at Tashkent International Airport.",
            "place",
            "Tashkent International Airport",
            "airport",
        ),
        ("They met at Novo-Ogarevo residence.", "place", "Novo-Ogarevo", "residence"),
        (
            "A loan from the Asian Development Bank was signed.",
            "organization",
            "Asian Development Bank",
            "",
        ),
        ("The talks were held in Turkestan.", "place", "Turkestan", ""),
        ("Flights to Bukhara, Urgench and Fergana resume.", "place", "Fergana", ""),
        (
            "The Tashkent International Investment Forum opened.",
            "event",
            "Tashkent International Investment Forum",
            "conference",
        ),
        (
            "The festival is held by the Ministry of Culture.",
            "organization",
            "Ministry of Culture",
            "",
        ),
    ],
)
def test_organisations_places_and_events_by_their_heads_and_prepositions(
    text, kind, name, category
):
    found = by_name(text)[name]
    assert (found.kind, found.category) == (kind, category)


def test_of_the_country_after_an_organisation_is_its_country_not_its_name():
    [ministry] = proposed("the Ministry of Foreign Affairs of the Republic of Uzbekistan said")
    assert (ministry.name, ministry.country) == ("Ministry of Foreign Affairs", "Uzbekistan")


@pytest.mark.parametrize(
    "text",
    [
        "On Monday Ministers met. In April they spoke. Later Kulubaev left.",
        "The summit opened on Wednesday, October 8, in the morning.",
        "World",
        "Sport news: Economy grows.",
        "After Tuesday Speaking Notes were read.",
        "Meanwhile Both Sides agreed.",
    ],
)
def test_sentence_starts_months_weekdays_and_sections_are_not_names(text):
    assert proposed(text, section_names=["World", "Sport", "Economy"]) == []


def test_known_entities_by_name_or_alias_are_never_proposed():
    linker = known(
        ("Vladimir Putin", PUTIN),
        ("Putin", PUTIN),
        ("Russian Federation", RUSSIA),
        ("Commonwealth of Independent States", CIS),
        ("CIS", CIS),
        ("Moscow", MOSCOW),
    )
    text = (
        "Russian President Vladimir Putin met the leaders of the Commonwealth of Independent "
        "States (CIS) in Moscow. Putin said the CIS was strong."
    )
    assert proposed(text, linker) == []


def test_later_surname_mentions_are_attached_to_the_new_person():
    text = (
        'Kyrgyz Foreign Minister Jeenbek Kulubaev arrived. "We agree," Kulubaev said.\n\n'
        "According to Kulubaev, the border is settled."
    )
    [person] = proposed(text)
    assert [mention[0] for mention in person.mentions] == [
        "Jeenbek Kulubaev",
        "Kulubaev",
        "Kulubaev",
    ]
    for mention_text, start, end in person.mentions:
        assert text[start:end] == mention_text


def test_a_known_surname_is_never_attached_to_a_new_namesake():
    linker = known(("Sergey Lavrov", LAVROV), ("Lavrov", LAVROV))
    text = "Dmitry Lavrov, the head of protocol, said 32 delegations came. Lavrov spoke later."
    [person] = proposed(text, linker)
    assert person.name == "Dmitry Lavrov"
    assert person.namesake_of == "sergey-lavrov"
    assert [mention[0] for mention in person.mentions] == ["Dmitry Lavrov"]


def test_a_surname_two_new_people_share_is_attached_to_neither():
    text = (
        "Russian Foreign Minister Sergey Lavrov arrived. Dmitry Lavrov, the head of protocol, "
        "met him. Lavrov said little."
    )
    people = [proposal for proposal in proposed(text) if proposal.kind == "person"]
    assert {person.name for person in people} == {"Sergey Lavrov", "Dmitry Lavrov"}
    assert all(len(person.mentions) == 1 for person in people)


def test_the_known_person_with_a_namesakes_surname_is_not_proposed():
    linker = known(("Sergey Lavrov", LAVROV), ("Lavrov", LAVROV))
    assert proposed("Russian Foreign Minister Sergey Lavrov arrived. Lavrov said so.", linker) == []


def test_proposals_are_the_same_on_every_run_and_serialise():
    text = "Kyrgyz Foreign Minister Jeenbek Kulubaev arrived in Osh with the EDB chief."
    first = [proposal.as_dict() for proposal in proposed(text)]
    assert first == [proposal.as_dict() for proposal in proposed(text)]
    assert first[0] == {
        "kind": "person",
        "name": "Jeenbek Kulubaev",
        "text": "Jeenbek Kulubaev",
        "start": 24,
        "end": 40,
        "evidence": text,
        "title": "Foreign Minister",
        "organisation": "",
        "country": "Kyrgyzstan",
        "mentions": [{"text": "Jeenbek Kulubaev", "start": 24, "end": 40}],
    }


def test_an_empty_text_proposes_nothing():
    assert proposed("") == [] and proposed("   \n\n ") == []


WORDS = st.sampled_from(
    [
        "President",
        "Minister",
        "of",
        "the",
        "Republic",
        "Uzbekistan",
        "Ivan",
        "Petrov",
        "said",
        ",",
        ".",
        "(",
        ")",
        "EDB",
        "Bank",
        "Development",
        "in",
        "Osh",
        "and",
        "’s",
        "Lavrov",
        "Vladimir",
        "Putin",
        "\n\n",
        "Mr.",
        "A.",
        "🎉",
        "-",
        "Kassym-Jomart",
        "“",
        "”",
        "an",
        "aide",
        "to",
        "Council",
        "Forum",
        "at",
        "Airport",
        "Monday",
        "World",
    ]
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(WORDS, max_size=60), st.text(max_size=80))
def test_any_text_gives_proposals_whose_offsets_point_at_their_words(parts, noise):
    linker = known(("Vladimir Putin", PUTIN), ("Putin", PUTIN), ("Lavrov", LAVROV))
    text = " ".join(parts) + noise
    for proposal in propose(text, linker=linker):
        assert text[proposal.start : proposal.end] == proposal.text
        assert proposal.evidence and proposal.text in proposal.evidence
        for mention_text, start, end in proposal.mentions:
            assert text[start:end] == mention_text
        assert not linker.knows(proposal.name)


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "The head of the JICA office in Uzbekistan Hiroshi Kato noted the grant.",
            "Hiroshi Kato",
            "head of the JICA office in Uzbekistan",
        ),
        (
            "The guests were met by the khokim of Samarkand region Erkinjon Turdimov.",
            "Erkinjon Turdimov",
            "khokim of Samarkand region",
        ),
    ],
)
def test_a_post_in_lower_case_that_runs_into_the_name(text, name, title):
    person = by_name(text)[name]
    assert (person.kind, person.title, person.country) == ("person", title, "")


def test_a_lower_case_phrase_without_a_role_before_a_name_is_no_post():
    found = proposed("The results of the vote in Osh Ivan Petrov counted again.")
    assert [proposal for proposal in found if proposal.kind == "person"] == []
