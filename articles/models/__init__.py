"""Stories and what hangs off them: sections, agencies, images, corrections and quotes, and
the story index kept in step with them.

Imported in the order the models were always defined (sections, images, stories, the index):
Django lists an app's models in that order (the admin, `dumpdata`, backups).
"""

# isort: off
from articles.models.sections import Agency, Section
from articles.models.images import Image
from articles.models.stories import (
    REVISED_FIELDS,
    Article,
    ArticleQuerySet,
    Correction,
    Quote,
    Revision,
    StatusChange,
)
from articles.models.index import CountryStory, ScheduledLink, ScheduledLinkQuerySet, StoryCount

# isort: on

__all__ = [
    "REVISED_FIELDS",
    "Agency",
    "Article",
    "ArticleQuerySet",
    "Correction",
    "CountryStory",
    "Image",
    "Quote",
    "Revision",
    "ScheduledLink",
    "ScheduledLinkQuerySet",
    "Section",
    "StatusChange",
    "StoryCount",
]
