"""Slow work on stories and their pictures, done by a task worker instead of in a request.

- Renditions: scaling a 40-megapixel upload to three widths takes seconds; the upload answers
  at once and the picture is shown at its original size until its renditions exist (a page
  never waits for them and never breaks without them).
- Linking the mentions of many stories from the story list: one linker pass per story, a
  few hundred milliseconds each; the editor's rights are checked again when it runs.
Both can run twice without harm (a second pass finds nothing new to link, renditions are
made again under the same names), so the queue's at-least-once delivery is enough.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from articles import workflow
from articles.models import Article, Image
from articles.services import article_link_mentions


@task()
def make_renditions(image_pk):
    image = Image.objects.filter(pk=image_pk).first()
    if image is not None and image.file:
        image.store_renditions()


@task()
def link_mentions(article_pks, user_pk):
    user = get_user_model().objects.filter(pk=user_pk).first()
    added = 0
    if user is None:
        return added
    for article in Article.objects.filter(pk__in=article_pks):
        if workflow.can_edit(user, article):
            added += article_link_mentions(article=article)
    return added
