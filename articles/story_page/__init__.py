"""The story page, in one place (the view, `articles.views.article_detail`, only finds the
story and hands it here):

- `loading.py`: a reader's story and what its page shows, in few queries;
- `links.py`: the linked body, the boxes beside it and the rows its JSON-LD reads, made once
  per change (`story_links`);
- `page.py`: the reader's page made once per change and kept per address, and made again
  ahead of its next reader by a task (`prepare_story_page`); `story_page_context`, what the
  template shows, for the site and the desk's preview alike;
- `kinds.py`: kinds of story whose page another app draws (a live story), registered by it.
"""
