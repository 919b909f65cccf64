"""Django's JSON serializer, without its loss of precision: for backups that must restore
exactly. DjangoJSONEncoder cuts times to milliseconds (as JavaScript's dates do), so a story
published at 10:53:39.586111 would come back as 10:53:39.586 and every API answer showing it
would change. The JSON deserializer reads the full form as it is."""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder
