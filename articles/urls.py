from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("stories/<slug:slug>/", views.article_detail, name="article_detail"),
    path("sections/<slug:slug>/", views.section_detail, name="section_detail"),
    path("archive/", views.ArticleArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive_year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive_month",
    ),
]
