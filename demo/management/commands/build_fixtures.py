"""Build the demo fixtures under fixtures/ from the source stories and their annotations."""

from django.core.management.base import BaseCommand, CommandError

from demo.fixtures import (
    FIXTURES_DIR,
    SOURCES_DIR,
    AnnotationError,
    build_demo_fixtures,
    demo_fixture_paths,
)


class Command(BaseCommand):
    help = (
        "Parse the stories in fixtures/sources/, check every annotated fact's evidence against "
        "its story, and write the demo fixtures under fixtures/ (the same bytes on every run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail when the fixtures on disk differ from a fresh build.",
        )

    def handle(self, *args, check=False, **options):
        try:
            built = build_demo_fixtures(sources_dir=SOURCES_DIR)
        except AnnotationError as error:
            raise CommandError(str(error)) from error
        paths = demo_fixture_paths(FIXTURES_DIR)
        if check:
            stale = [
                path.name
                for path in paths
                if not path.exists() or path.read_text(encoding="utf-8") != built[path.name]
            ]
            if stale:
                raise CommandError(
                    f"{', '.join(stale)} differ from a fresh build: run "
                    "`python manage.py build_fixtures` and commit the result."
                )
            self.stdout.write("The demo fixtures are up to date.")
            return
        for path in paths:
            # newline="\n": the same bytes on every platform.
            with path.open("w", encoding="utf-8", newline="\n") as fixture_file:
                fixture_file.write(built[path.name])
            self.stdout.write(f"Wrote {path.relative_to(FIXTURES_DIR.parent)}")
