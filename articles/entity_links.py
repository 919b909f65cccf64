"""What a story links to, in one table: a new kind of entity is one row here.

Each row says, for one kind of thing a story can be linked to:

- `kind`: its name in a body's links (`data-entity="person:12"`), in the linker's mentions and
  in the editor's answers;
- `field`: the Article many-to-many field that holds a story's links to it (None: the linker
  finds it, a story does not link it: a country is reached through its people and places);
- `model`, and `names`: the fields holding its names and aliases, that the linker looks for;
- `in_body`: whether the editor may link it in the body (`data-entity`) and the save adds
  such a link to the story's relations; the sanitiser keeps no other kind
  (`core.html.register_entity_kinds`, from ArticlesConfig.ready);
- `first_mention_linked`: whether the story page links the first mention of the entities the
  story is linked to (people, events and agreements: the ones the desk curates by hand);
- `on_country_pages`: whether a story linked to one is listed on its country's page too (the
  page of Uzbekistan lists the stories about its people and places), which the story index
  and the purges follow.

Its surrogate keys' letter is the one its app registers (`core.caching.register`, in each
app's caching.py), read from there (`key_letter`), never written twice. Who reads the table:
the linker (articles/linker.py), the editor's configuration and answers (articles/editor.py),
the body's rendering (articles/rendering.py), the services that add links
(articles/services.py, live/services.py), the desk's preview, the write API
(articles/api/serializers.py), the admin's suggestions, the story index and the purges
(articles/story_index.py, articles/caching.py, articles/tasks.py), and the demo's fixtures.
"""

from dataclasses import dataclass

from articles.models import Article
from core.caching.keys import letter_of
from events.models import Agreement, Country, Event, Organization, Person, Place


@dataclass(frozen=True)
class StoryLink:
    kind: str
    field: str | None
    model: type
    names: tuple[str, ...] = ()
    in_body: bool = False
    first_mention_linked: bool = False
    on_country_pages: bool = False

    @property
    def key_letter(self):
        return letter_of(self.model)


STORY_LINKS = (
    StoryLink(
        "person",
        "people",
        Person,
        ("name", "aliases"),
        in_body=True,
        first_mention_linked=True,
        on_country_pages=True,
    ),
    StoryLink(
        "event", "events", Event, ("title", "aliases"), in_body=True, first_mention_linked=True
    ),
    StoryLink(
        "agreement",
        "agreements",
        Agreement,
        ("title", "short_title", "aliases"),
        in_body=True,
        first_mention_linked=True,
    ),
    StoryLink("place", "places", Place, ("name", "aliases"), in_body=True, on_country_pages=True),
    StoryLink("country", None, Country, ("name", "aliases")),
    StoryLink(
        "organization",
        "organizations",
        Organization,
        ("name", "short_name", "aliases"),
        in_body=True,
    ),
    StoryLink("article", "related_articles", Article),  # related stories, chosen by the desk
)

# The kinds a body's links may name, with the Article field that holds a story's links to
# each: people, events, agreements, places, organizations.
ENTITY_LINKS = tuple(link for link in STORY_LINKS if link.in_body)
LINK_FIELDS = {link.kind: link.field for link in ENTITY_LINKS}
MODEL_OF_KIND = {link.kind: link.model for link in STORY_LINKS}
# Every many-to-many field of a story's links, entities and related stories.
RELATED_FIELDS = tuple(link.field for link in STORY_LINKS if link.field)
# The fields of the links a story is listed under on their country's page.
COUNTRY_LINK_FIELDS = tuple(link.field for link in STORY_LINKS if link.on_country_pages)


def relation_of_letter():
    """{key letter: Article field} of every kind a story links to: `p` → "people", `a` →
    "related_articles" (the letters are registered when the apps are ready)."""
    return {link.key_letter: link.field for link in STORY_LINKS if link.field}
