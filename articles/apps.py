from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles import caching, entity_links, linker, story_index, tasks
        from articles.models.images import picture_uploaded
        from core import caching as core_caching
        from core.html import register_entity_kinds
        from core.signals import database_restored

        # First, as when the project registered it: refreshers run in the order registered.
        core_caching.register_refresher(tasks.prepare_front_page_after_purge)
        # The index is not backed up: it is derived from the stories.
        database_restored.connect(story_index.rebuild_after_restore)
        register_entity_kinds(link.kind for link in entity_links.ENTITY_LINKS)
        picture_uploaded.connect(tasks.make_renditions_of_upload, dispatch_uid="renditions")
        linker.connect_signals()
        story_index.connect_signals()
        caching.register()
