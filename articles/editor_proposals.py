"""The story editor's side of the proposer: new names in the paragraphs being typed, and the
endpoint that creates or dismisses one (articles/static/articles/proposals.js draws them).

The proposer reads the paragraphs as one text, joined by a blank line as the importer joins
them, so a surname in the fourth paragraph belongs to the person the first one introduced;
offsets are then given back per paragraph, in UTF-16 code units, as the mentions are.

Creating or dismissing sends the paragraphs again and names the proposal by its key
("person:Yury Ushakov"): the server proposes once more and acts on what it finds, so the
post, the country and the evidence stored are the server's reading of the story's words, never
what a request claims them to be.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from articles import workflow
from articles.editor import _BadRequest, _blocks_from, _json_body, _utf16_offsets
from articles.linker import get_linker
from articles.models import Article
from articles.proposals import (
    ProposalError,
    entity_proposal_create,
    entity_proposal_dismiss,
    story_proposals,
)
from events.models import Person

BLOCK_SEPARATOR = "\n\n"
ACTIONS = ("create", "dismiss")


class _Forbidden(Exception):
    pass


class _NotFound(Exception):
    pass


def _story(request, value):
    """The story a request names ("story": 12, or none), if the user may write it."""
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise _BadRequest('"story" is the number of a story, or null for a new one.')
    article = Article.objects.filter(pk=int(value)).first()
    if article is None:
        raise _NotFound(f"There is no story number {value}.")
    if not workflow.can_edit(request.user, article):
        raise _Forbidden("You may not change this story.")
    return article


def story_if_editable(request, value):
    """For the mentions check: the story when the user may write it, else none (then its
    dismissals are simply not applied)."""
    try:
        return _story(request, value)
    except (_BadRequest, _NotFound, _Forbidden):
        return None


def _locate(blocks):
    """(joined-text start, end) → {block, start, end} in UTF-16 units of that block."""
    starts, position = [], 0
    for block in blocks:
        starts.append(position)
        position += len(block) + len(BLOCK_SEPARATOR)

    def locate(start, end, text):
        index = max(number for number, block_start in enumerate(starts) if block_start <= start)
        inner_start, inner_end = start - starts[index], end - starts[index]
        table = _utf16_offsets(blocks[index])
        if table:
            inner_start, inner_end = table[inner_start], table[inner_end]
        return {"block": index, "start": inner_start, "end": inner_end, "text": text}

    return locate


def block_proposals(blocks, article=None, linker=None):
    """The proposals for the paragraphs, as the editor draws them."""
    if not any(block.strip() for block in blocks):
        return []
    proposals = story_proposals(BLOCK_SEPARATOR.join(blocks), article=article, linker=linker)
    locate = _locate(blocks)
    namesakes = (
        dict(
            Person.objects.filter(
                slug__in=[proposal.namesake_of for proposal in proposals if proposal.namesake_of]
            ).values_list("slug", "name")
        )
        if any(proposal.namesake_of for proposal in proposals)
        else {}
    )
    answer = []
    for proposal in proposals:
        first = locate(proposal.start, proposal.end, proposal.text)
        answer.append(
            {
                "key": proposal.key,
                "kind": proposal.kind,
                "name": proposal.name,
                "description": proposal.description,
                "evidence": proposal.evidence,
                "namesake_of": namesakes.get(proposal.namesake_of, ""),
                **first,
            }
        )
    return answer


@require_POST
def proposals_view(request):
    """POST {"action": "create" | "dismiss", "key": "person:Yury Ushakov", "blocks": […],
    "story": 12 | null}.

    create → {"entity": "person:31", "kind", "name", "url", "block", "start", "end", "text"}:
    the entity (with its post as a Position and the sentence as evidence) and where its first
    mention is, to link. dismiss → {"dismissed": key}, remembered for the story.
    """
    try:
        data = _json_body(request)
        blocks = _blocks_from(data)
        action, key = data.get("action"), data.get("key")
        if action not in ACTIONS:
            raise _BadRequest('"action" is "create" or "dismiss".')
        if not isinstance(key, str) or ":" not in key:
            raise _BadRequest(
                '"key" names a proposal, as the check gave it: "person:Yury Ushakov".'
            )
        article = _story(request, data.get("story"))
    except _BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    except _NotFound as error:
        return JsonResponse({"error": str(error)}, status=404)
    except _Forbidden as error:
        return JsonResponse({"error": str(error)}, status=403)
    linker = get_linker()
    text = BLOCK_SEPARATOR.join(blocks)
    proposal = next(
        (
            found
            for found in story_proposals(text, article=article, linker=linker)
            if found.key == key
        ),
        None,
    )
    if proposal is None:
        return JsonResponse(
            {
                "error": f"“{key.partition(':')[2]}” is not proposed in this text any more: the "
                "words changed, the desk knows the name now, or it was dismissed."
            },
            status=400,
        )
    if action == "dismiss":
        if article is not None:
            entity_proposal_dismiss(proposal=proposal, article=article, user=request.user)
        return JsonResponse({"dismissed": key, "remembered": article is not None})
    try:
        _row, entity = entity_proposal_create(proposal=proposal, article=article, user=request.user)
    except ProposalError as error:
        return JsonResponse({"error": str(error)}, status=409)
    return JsonResponse(
        {
            "entity": f"{proposal.kind}:{entity.pk}",
            "kind": proposal.kind,
            "name": str(entity),
            "url": entity.get_absolute_url(),
            **_locate(blocks)(proposal.start, proposal.end, proposal.text),
        }
    )
