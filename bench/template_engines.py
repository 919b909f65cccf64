"""Django's templates (cached loader) against Jinja2 on the site's hottest template: a list of
story teasers (`includes/article_list.html`: the front, section, person, event pages and the
archive all draw it, 20 a page).

    DATABASE_URL=sqlite:////tmp/archive.sqlite3 PYTHONPATH=/path/to/jinja2 \\
        python -m bench.template_engines [--stories 20] [--renders 300]

The Jinja2 template says the same as the Django one, with the same filters written for it
(`truncatewords`, the date formats), and both render the same rows already loaded: what is
compared is the rendering alone. Prints the median of each engine's time per render and their
ratio, and checks that both give the same HTML (whitespace aside). Jinja2 is not a dependency
of the site: install it beside the run to measure (issue 19: keep what the measurement
supports). A measurement, not a test.
"""

import argparse
import os
import re
import statistics
import sys
import time

JINJA_TEASERS = """{% if articles %}
<ul class="story-list">
  {% for article in articles %}
  <li class="story-teaser">
    <h3 class="teaser-headline"><a href="{{ article.get_absolute_url() }}">{{ article.headline }}</a></h3>
    {% if article.summary %}<p class="teaser-summary">{{ article.summary|truncatewords(40) }}</p>{% endif %}
    <p class="meta">{% if article.section %}<span class="teaser-section">{{ article.section.name }}</span> · {% endif %}{% if article.published_at %}<time datetime="{{ article.published_at|iso_datetime }}">{{ article.published_at|date("j F Y, H:i T") }}</time>{% else %}<span>Not yet published</span>{% endif %}</p>
  </li>
  {% endfor %}
</ul>
{% else %}
<p class="empty">{{ empty_text or "No stories yet." }}</p>
{% endif %}
"""  # noqa: E501 (the template's own lines)


def main(arguments):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--renders", type=int, default=300)
    options = parser.parse_args(arguments)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.production")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    try:
        import jinja2
    except ImportError:
        sys.exit(
            "Jinja2 is not installed: pip install --target /tmp/jinja jinja2, then run with "
            "PYTHONPATH=/tmp/jinja."
        )
    from django.template import defaultfilters
    from django.template.loader import get_template
    from django.utils import timezone

    from articles.story_lists import published_stories
    from core.templatetags.site_tags import iso_datetime

    articles = list(published_stories()[: options.stories])
    django_template = get_template("includes/article_list.html")
    environment = jinja2.Environment(autoescape=True)
    environment.filters["truncatewords"] = defaultfilters.truncatewords
    environment.filters["iso_datetime"] = iso_datetime
    environment.filters["date"] = lambda value, fmt: defaultfilters.date(
        timezone.localtime(value), fmt
    )
    jinja_template = environment.from_string(JINJA_TEASERS)

    def django_render():
        return django_template.render({"articles": articles})

    def jinja_render():
        return jinja_template.render(articles=articles)

    same = re.sub(r"\s+", "", django_render()) == re.sub(r"\s+", "", jinja_render())
    timings = {"django": [], "jinja2": []}
    for _ in range(options.renders):  # taken in turn: both see the same drift of the machine
        for name, render in (("django", django_render), ("jinja2", jinja_render)):
            started = time.perf_counter()
            render()
            timings[name].append((time.perf_counter() - started) * 1000)
    django_ms = statistics.median(timings["django"])
    jinja_ms = statistics.median(timings["jinja2"])
    print(f"{len(articles)} teasers, same HTML: {same}")
    print(f"Django templates (cached loader): {django_ms:.3f} ms a render")
    print(f"Jinja2: {jinja_ms:.3f} ms a render (Django / Jinja2 = {django_ms / jinja_ms:.2f})")


if __name__ == "__main__":
    main(sys.argv[1:])
