"""Queries whose shape never changes, built and compiled once per database connection.

A story page made from nothing spent about half its time in Django building SQL: cloning
querysets, resolving lookups and joins, compiling expressions — the same work for every
story, since only the values differ (a slug, a key, the time, a page's ids). `FixedShape`
builds its queryset once per connection with stand-in values, compiles it, and remembers where
each stand-in went among the query's parameters; every later call puts the real values there
and runs the same SQL, turning the rows into what the queryset itself would have given (model
instances with their selected relations and annotations, values, flat values), through
Django's own iterables and converters. The same SQL text each time is also what lets
PostgreSQL prepare it (`DATABASE_PREPARE_THRESHOLD`).

The shape must not depend on the values: the first real call on each connection builds the
queryset with its values as well and compares the two compiled queries, and a difference is a
programming error (`FixedShapeError`), caught by the first test that uses it. A value of None
(which changes `=` into `IS NULL`) is refused for the same reason. A list of ids (`IDS`: an
`__in`) is the one value whose length changes the SQL: one compiled query per length.

What the queryset would have tagged the response with (`core/caching/keys.py`) is tagged the
same: the rows' own keys as they are made, and the list keys of its filter, worked out once
from the stand-ins and given the real keys. The database is the router's, as for the queryset
(a public read may go to a replica: core/db_router.py).
"""

import contextlib
import datetime
import itertools
import re

from django.db import connections, router

from core.caching.keys import KINDS, KeyedQuerySet, list_keys_of_query, not_collected, record


class FixedShapeError(Exception):
    """The queryset's SQL depends on its values: it cannot be built once."""


IDS = list  # a parameter's kind: a list of integer keys (`pk__in=…`, `articles__in=…`)

# Stand-ins nobody's data holds, by the parameter's kind.
_serial = itertools.count(1)


def _stand_in(kind, length=None):
    n = next(_serial)
    if kind is int:
        return 7_919_000_000 + n
    if kind is IDS:
        return [_stand_in(int) for _ in range(length)]
    if kind is str:
        return f"fixed-shape-stand-in-{n}-q7z"
    if kind is datetime.datetime:
        return datetime.datetime(1903, 1, 2, 3, 4, 5, n, tzinfo=datetime.UTC)
    if kind is datetime.date:
        return datetime.date(1903, 1, 1) + datetime.timedelta(days=n)
    raise TypeError(f"no stand-in for {kind!r}: int, IDS, str, datetime or date")


class FixedShape:
    """`build(**values)` → a queryset whose SQL has the same shape whatever the values;
    `parameters`: each value's name and kind (int, IDS, str, datetime, date). Calling the
    FixedShape with the values gives the queryset's rows as a list (as `list(queryset)`); a
    queryset that prefetches is refused (its prefetches' querysets are built apart).
    `list_keys=False`: the caller tags the response with the lists it shows itself (the
    rows' own keys are tagged as ever)."""

    def __init__(self, build, *, list_keys=True, **parameters):
        self.build = build
        self.records_list_keys = list_keys
        self.parameters = parameters
        self.name = f"{build.__module__}.{build.__qualname__}"
        self.model = None  # known from the first build

    def __call__(self, **values):
        if values.keys() != self.parameters.keys():
            raise TypeError(f"{self.name} takes {sorted(self.parameters)}, not {sorted(values)}")
        if any(value is None for value in values.values()):
            raise FixedShapeError(f"{self.name}: None changes the query's shape")
        lengths = tuple(len(values[name]) for name, kind in self.parameters.items() if kind is IDS)
        if 0 in lengths:
            # `__in` an empty list: Django answers without asking the database.
            with contextlib.nullcontext() if self.records_list_keys else not_collected():
                return list(self.build(**values))
        if self.model is None:
            self.model = self.build(**self.stand_ins(lengths)).model
        using = router.db_for_read(self.model)
        connection = connections[using]
        shapes = connection.__dict__.setdefault("_fixed_shapes", {})
        compiled = shapes.get((self, lengths))
        if compiled is None:
            compiled = shapes[(self, lengths)] = _Compiled(self, lengths, connection, using)
            compiled.check(values)
        return compiled.run(values)

    def stand_ins(self, lengths):
        """A stand-in for each parameter; an IDS one of each length in turn."""
        lengths = iter(lengths)
        return {
            name: _stand_in(kind, next(lengths) if kind is IDS else None)
            for name, kind in self.parameters.items()
        }


class _Compiled:
    """One FixedShape compiled on one connection (for one length of each list of ids)."""

    def __init__(self, shape, lengths, connection, using):
        self.shape = shape
        self.stand_ins = shape.stand_ins(lengths)
        queryset = shape.build(**self.stand_ins).using(using)
        if queryset._prefetch_related_lookups:
            # A prefetch's own queryset would keep the stand-ins: prefetch after the call.
            raise FixedShapeError(f"{shape.name}: prefetch_related is not built once")
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=using)
        # Compiling fills the compiler's select, klass_info and annotation positions, which
        # the iterables read: kept with it, as the SQL is.
        self.sql, params = self.compiler.as_sql()
        # What turns the database's values into Python's, for these columns: the same each time.
        selected = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(selected)
        self.fill = [self._filler(param, connection) for param in params]
        # What `KeyedQuerySet` would tag a response with when it is read (its rows' own keys
        # are tagged as they are made, by the same signal as ever).
        self.list_keys = set()
        keyed = isinstance(queryset, KeyedQuerySet) and queryset.model in KINDS
        if keyed and shape.records_list_keys:
            self.list_keys = list_keys_of_query(queryset.query)

    def _filler(self, param, connection):
        """How to make this parameter from the values: a constant, or a value put in the
        way its stand-in was (as it is, or as the database's adapter wrote it)."""
        adapters = {
            datetime.datetime: connection.ops.adapt_datetimefield_value,
            datetime.date: connection.ops.adapt_datefield_value,
        }
        for name, stand_in in self.stand_ins.items():
            if isinstance(stand_in, list):
                if param in stand_in:
                    position = stand_in.index(param)
                    return lambda values, name=name, position=position: values[name][position]
                continue
            if param == stand_in:
                return lambda values, name=name: values[name]
            adapt = adapters.get(type(stand_in))
            if adapt is not None and param == adapt(stand_in):
                return lambda values, name=name, adapt=adapt: adapt(values[name])
            if isinstance(param, str) and str(stand_in) in param:
                raise FixedShapeError(f"{self.shape.name}: {name} is transformed in the SQL")
        return lambda values, param=param: param

    def params(self, values):
        return [fill(values) for fill in self.fill]

    def check(self, values):
        """The queryset built with these values compiles to this SQL with these parameters."""
        query = self.shape.build(**values).using(self.queryset.db).query
        sql, params = query.get_compiler(using=self.queryset.db).as_sql()
        if sql != self.sql or list(params) != self.params(values):
            raise FixedShapeError(f"{self.shape.name}: the SQL depends on the values")

    def keys(self, values):
        """The list keys with the real keys where the stand-ins' are ("p7919000001:a")."""
        if not self.list_keys:
            return ()
        real = {}
        for name, stand_in in self.stand_ins.items():
            if isinstance(stand_in, list):
                real.update(zip(map(str, stand_in), map(str, values[name]), strict=True))
            elif isinstance(stand_in, int):
                real[str(stand_in)] = str(values[name])
        return {
            re.sub(r"\d+", lambda digits: real.get(digits[0], digits[0]), key)
            for key in self.list_keys
        }

    def run(self, values):
        compiler = object.__new__(type(self.compiler))
        compiler.__dict__.update(self.compiler.__dict__)
        sql, params = self.sql, self.params(values)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        compiler.get_converters = lambda expressions: self.converters
        query = object.__new__(type(self.queryset.query))
        query.__dict__.update(self.queryset.query.__dict__)
        query.get_compiler = lambda *args, **kwargs: compiler
        queryset = object.__new__(type(self.queryset))
        queryset.__dict__.update(self.queryset.__dict__)
        queryset._query = query  # not `.query =`: its setter turns values_list() into values()
        queryset._result_cache = None
        queryset._prefetch_done = False
        record(*self.keys(values))
        return list(queryset._iterable_class(queryset))
