"""A live story as schema.org `LiveBlogPosting`: the story's NewsArticle description, its
coverage times, and its latest entries as `liveBlogUpdate` BlogPostings."""

from html import unescape

from django.utils.html import strip_tags

from articles import structured_data


def entry_text(html):
    return " ".join(unescape(strip_tags(html)).split())


def live_blog_posting(article, coverage, entries, absolute):
    data = structured_data.news_article(article, absolute)
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = coverage.opened_at
    if coverage.closed_at and not coverage.is_open:
        data["coverageEndTime"] = coverage.closed_at
    if coverage.event_id:
        data["about"] = [
            *data.get("about", []),
            {
                "@type": "Event",
                "name": coverage.event.title,
                "url": absolute(coverage.event.get_absolute_url()),
            },
        ]
    updates = []
    for entry, _html in entries:
        update = {
            "@type": "BlogPosting",
            "headline": entry.key_event_title
            or entry_text(entry.body)[:110]
            or f"Update at {entry.created_at:%H:%M}",
            "url": absolute(entry.get_absolute_url()),
            "datePublished": entry.created_at,
            "dateModified": entry.edited_at or entry.created_at,
            "articleBody": entry_text(entry.body) or entry.quote,
        }
        if entry.author_name:
            update["author"] = {"@type": "Person", "name": entry.author_name}
        updates.append(update)
    data["liveBlogUpdate"] = updates
    if entries:  # the latest entry is the latest change readers see
        newest = max(entry.changed_at or entry.created_at for entry, _ in entries)
        data["dateModified"] = max(data["dateModified"], newest)
    return data
