"""The desk's story admin: built for hundreds of thousands of stories and a desk of
reporters and editors. Who may do what is decided in articles/workflow.py, never here.

- `library.py`: sections, agencies, pictures;
- `stories.py`: stories (with their corrections and quotes), corrections, quotes; the story
  form is `articles/forms.py`.
"""

from articles.admin import library, stories

__all__ = ["library", "stories"]
