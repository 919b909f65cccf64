from django.urls import path

from articles import views
from core.caching import public_page

app_name = "articles"

urlpatterns = [
    path("stories/<slug:slug>/", views.article_detail, name="article_detail"),
    path("sections/<slug:slug>/", public_page(views.section_detail), name="section_detail"),
    path("archive/", public_page(views.ArticleArchiveIndexView.as_view()), name="archive"),
    path(
        "archive/<int:year>/",
        public_page(views.ArticleYearArchiveView.as_view()),
        name="archive_year",
    ),
    path(
        "archive/<int:year>/<int:month>/",
        public_page(views.ArticleMonthArchiveView.as_view()),
        name="archive_month",
    ),
]
