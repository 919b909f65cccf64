from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("stories/<slug:slug>/", views.article_detail, name="article_detail"),
    path("sections/<slug:slug>/", views.section_detail, name="section_detail"),
]
