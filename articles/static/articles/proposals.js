// New people, organisations, places and events the text names (articles/editor_proposals.py):
// listed in their own panel under the form, each with the sentence that says so. One click
// creates the entity (a person with their post, held from the story's date) with that sentence
// as its evidence, and links the name; "Not new" dismisses it, remembered for the story. The
// proposals come with each check of the names (body_editor.js sends "newsroom:checked").
// No inline script or style: the admin runs under a Content-Security-Policy.

import { textBlocks } from "./editor_text.js"

const PANEL_ID = "newsroom-proposals"
const STATUS_ID = "newsroom-proposals-status"
const KIND_LABELS = {
  person: "person",
  organization: "organisation",
  place: "place",
  event: "event",
}
// The story's relations (the autocomplete boxes under the form), as body_editor.js names them.
const RELATION_FIELDS = {
  person: "people",
  event: "events",
  place: "places",
  organization: "organizations",
}

const csrfToken = () =>
  document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""
const storyId = () =>
  window.location.pathname.match(/\/articles\/article\/(\d+)\/change\//)?.[1] || null
const proposalsUrl = () => {
  const match = window.location.pathname.match(/^(.*\/articles\/article\/)/)
  return `${match ? match[1] : "/admin/articles/article/"}editor/proposals/`
}

const element = (tag, properties = {}, children = []) => {
  const node = Object.assign(document.createElement(tag), properties)
  node.append(...children)
  return node
}

// Keys created or dismissed in this page: gone from the list at once, before the next check.
const done = new Set()
let latest = null // { editor, proposals }

const say = (message) => {
  const status = document.getElementById(STATUS_ID)
  if (status) status.textContent = message
}

const addRelation = (answer) => {
  const select = document.getElementById(`id_${RELATION_FIELDS[answer.kind]}`)
  if (!select) return
  const id = answer.entity.split(":")[1]
  let option = [...select.options].find((candidate) => candidate.value === id)
  if (!option) {
    option = new Option(answer.name, id, true, true)
    select.append(option)
  }
  option.selected = true
  select.dispatchEvent(new Event("change", { bubbles: true }))
  window.django?.jQuery?.(select).trigger("change")
}

const linkMention = (editor, blocks, answer) => {
  const block = blocks[answer.block]
  if (!block) return false
  const from = block.pos + answer.start
  const to = block.pos + answer.end
  if (to > editor.state.doc.content.size) return false
  if (editor.state.doc.textBetween(from, to, "\n", "\n") !== answer.text) return false
  editor
    .chain()
    .focus()
    .setTextSelection({ from, to })
    .setMark("link", { href: answer.url, entity: answer.entity })
    .setTextSelection(to)
    .run()
  return true
}

const act = async (action, proposal, item) => {
  const editor = latest?.editor
  if (!editor || editor.isDestroyed) return
  const blocks = textBlocks(editor.state.doc)
  const error = item.querySelector(".newsroom-proposal-error")
  error.textContent = ""
  for (const button of item.querySelectorAll("button")) button.disabled = true
  let response
  let answer = {}
  try {
    response = await fetch(proposalsUrl(), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({
        action,
        key: proposal.key,
        blocks: blocks.map((block) => block.text),
        story: storyId(),
      }),
    })
    answer = await response.json().catch(() => ({}))
  } catch {
    answer = { error: "The desk could not be reached; try again in a moment." }
  }
  for (const button of item.querySelectorAll("button")) button.disabled = false
  if (!response?.ok) {
    error.textContent = answer.error || `The desk refused (${response?.status}).`
    return
  }
  done.add(proposal.key)
  if (action === "create") {
    const linked = linkMention(editor, blocks, answer)
    addRelation(answer)
    say(
      `Created ${answer.name} (${KIND_LABELS[answer.kind]})` +
        (linked ? " and linked the name in the text." : "."),
    )
  } else {
    say(
      `Dismissed ${proposal.name}` +
        (answer.remembered ? " for this story." : " (remembered once the story is saved: not yet)."),
    )
  }
  render()
}

const describe = (proposal) => {
  const heading = element("p", { className: "newsroom-proposal-name" }, [
    element("strong", { textContent: `New ${KIND_LABELS[proposal.kind]}: ${proposal.name}` }),
  ])
  if (proposal.description) heading.append(` — ${proposal.description}`)
  return heading
}

const alertBox = () => {
  const box = element("p", { className: "newsroom-proposal-error errornote" })
  box.setAttribute("role", "alert")
  return box
}

const proposalItem = (proposal) => {
  const item = element("li", { className: "newsroom-proposal" })
  item.dataset.key = proposal.key
  item.append(describe(proposal))
  if (proposal.namesake_of) {
    item.append(
      element("p", {
        className: "newsroom-proposal-namesake",
        textContent: `Not ${proposal.namesake_of}, whom the desk knows: same surname, another person.`,
      }),
    )
  }
  item.append(element("blockquote", { className: "newsroom-proposal-evidence", textContent: proposal.evidence }))
  const create = element("button", {
    type: "button",
    className: "button default",
    textContent: `Create ${proposal.name} and link the name`,
  })
  const dismiss = element("button", {
    type: "button",
    className: "button",
    textContent: "Not new — dismiss",
  })
  dismiss.setAttribute("aria-label", `${proposal.name} is not new: dismiss`)
  create.addEventListener("click", () => act("create", proposal, item))
  dismiss.addEventListener("click", () => act("dismiss", proposal, item))
  item.append(
    element("div", { className: "newsroom-proposal-actions" }, [create, " ", dismiss]),
    alertBox(),
  )
  return item
}

const render = () => {
  const box = document.getElementById(PANEL_ID)
  if (!box || !latest) return
  const proposals = latest.proposals.filter((proposal) => !done.has(proposal.key))
  const key = proposals.map((proposal) => `${proposal.key}|${proposal.description}|${proposal.evidence}`).join("\n")
  if (box.dataset.key === key) return
  box.dataset.key = key
  box.replaceChildren(
    proposals.length
      ? element("ul", { className: "newsroom-proposals-list" }, proposals.map(proposalItem))
      : element("p", { textContent: "No new names: everyone the text names is known to the desk." }),
  )
}

document.addEventListener("newsroom:checked", (event) => {
  const { editor, data } = event.detail
  latest = { editor, proposals: data.proposals || [] }
  render()
})
