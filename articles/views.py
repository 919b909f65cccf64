"""Public story and section pages: find the object, hand it to the template."""

from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published().select_related("section", "agency"), slug=slug
    )
    return render(request, "articles/article_detail.html", {"article": article})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().filter(section=section).latest_first()[:50]
    return render(
        request, "articles/section_detail.html", {"section": section, "articles": articles}
    )
