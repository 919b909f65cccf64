"""Site-wide pages that belong to no single app."""

from django.shortcuts import render

from articles.models import Article


def home(request):
    articles = Article.objects.published().select_related("section").latest_first()[:20]
    return render(request, "newsroom/home.html", {"articles": articles})
