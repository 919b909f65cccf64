"""The desk home page's notice of paused subscribers: editors should not learn it from a partner."""

from django import template

from distribution import rules
from distribution.models import Subscriber

register = template.Library()


@register.inclusion_tag("admin/distribution/paused_notice.html")
def paused_subscribers_notice(user):
    if not rules.can_manage_subscribers(user):
        return {"paused": []}
    return {
        "paused": list(Subscriber.objects.filter(is_active=False).only("name", "paused_reason"))
    }
