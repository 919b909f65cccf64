"""The API's URLs: one router for every app's endpoints, the OpenAPI schema and its docs."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
