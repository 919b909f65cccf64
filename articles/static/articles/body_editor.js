// The story editor's preset for django-prose-editor (see articles/editor.py): the buttons the
// allow-list permits, names the desk knows marked as the reporter types, pictures from the
// library, Word's lists kept as lists on paste, and live counters. No inline style or script:
// the admin runs under a Content-Security-Policy without 'unsafe-inline'.
import * as E from "django-prose-editor/editor"
import { textBlocks } from "./editor_text.js"

const { DecorationSet, Decoration } = E.pm.view
const { PluginKey } = E.pm.state
const ATTRIBUTE = "data-django-prose-editor-newsroom"
const MENTION_DELAY_MS = 400

const csrfToken = () =>
  document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""

// The story being edited: …/article/12/change/ → "12"; null on the add page.
const storyId = () => window.location.pathname.match(/\/articles\/article\/(\d+)\/change\//)?.[1] || null

const editorUrl = (name) => {
  // …/admin/articles/article/<id>/change/ or …/add/ → …/admin/articles/article/editor/<name>/
  const match = window.location.pathname.match(/^(.*\/articles\/article\/)/)
  return `${match ? match[1] : "/admin/articles/article/"}editor/${name}/`
}

// --- Links that name an entity ------------------------------------------------------------

// The link keeps `data-entity="person:12"`, the attribute the public page resolves. Attributes
// in the sanitiser's order (href, title, data-entity, rel), so a saved link reads back the same.
const SAVED_REL = "noopener noreferrer"
const Link = E.Link.extend({
  // A full stop or a space typed right after a link is not part of it (Tiptap's link grows
  // at its end by default, as autolinking wants).
  inclusive() {
    return false
  },
  addAttributes() {
    const parent = this.parent?.() || {}
    return {
      href: parent.href,
      title: parent.title,
      entity: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-entity"),
        renderHTML: (attributes) =>
          attributes.entity ? { "data-entity": attributes.entity } : {},
      },
      // Only the rel the sanitiser writes is read back (a saved link then reads back the same);
      // a pasted target or rel is not the site's.
      rel: {
        default: null,
        parseHTML: (element) =>
          element.getAttribute("rel") === SAVED_REL ? SAVED_REL : null,
      },
    }
  },
})

// Numbered lists: their start number only. django-prose-editor's list also writes a list style
// (`type`, `data-type`) the allow-list does not keep, so a saved list would read back changed.
const OrderedList = E.OrderedList.extend({
  addAttributes() {
    return { start: this.parent?.().start }
  },
  addNodeView() {
    return ({ HTMLAttributes }) => {
      const dom = document.createElement("ol")
      if (HTMLAttributes.start && HTMLAttributes.start !== 1) dom.setAttribute("start", HTMLAttributes.start)
      return { dom, contentDOM: dom }
    }
  },
})

// --- Pictures from the library ------------------------------------------------------------

// The library's addresses, from the admin's own: …/admin/articles/…
const adminArticlesUrl = () => {
  const match = window.location.pathname.match(/^(.*\/)(articles|live)\//)
  return `${match ? match[1] : "/admin/"}articles/`
}

// The picker: search the library by caption, alt text or credit, choose by thumbnail. The
// upload form opens in a new tab (the story stays as it is here); coming back to this tab
// searches again, so the new picture is the first one offered.
const pickLibraryImage = (container) =>
  new Promise((resolve) => {
    const dialog = E.crel("dialog", {
      className: "prose-editor-dialog newsroom-image-dialog",
      "aria-label": "Insert a picture from the library",
    })
    const search = E.crel("input", {
      type: "search",
      name: "q",
      placeholder: "Caption, alt text or credit",
      "aria-label": "Search the image library",
    })
    const results = E.crel("div", { className: "newsroom-image-results" })
    const upload = E.crel("a", {
      href: `${adminArticlesUrl()}image/add/`,
      target: "_blank",
      rel: "noopener",
      className: "newsroom-image-upload",
      textContent: "Upload a new picture",
    })
    const uploadHelp = E.crel("span", {
      textContent: " (opens in a new tab; once saved there, come back: it is offered first here)",
    })
    const cancel = E.crel("button", { type: "button", textContent: "Cancel" })
    dialog.append(
      E.crel("h3", { className: "prose-editor-dialog-title", textContent: "Insert a picture" }),
      search,
      results,
      E.crel("p", {}, [upload, uploadHelp]),
      E.crel("div", { className: "prose-editor-dialog-buttons" }, [cancel]),
    )
    let timer = null
    const load = async () => {
      const response = await fetch(`${editorUrl("images")}?q=${encodeURIComponent(search.value)}`, {
        credentials: "same-origin",
      })
      const data = response.ok ? await response.json() : { images: [] }
      results.replaceChildren(
        ...data.images.map((image) => {
          const button = E.crel("button", {
            type: "button",
            className: "newsroom-image-choice",
            title: [image.caption, image.credit].filter(Boolean).join(" — "),
          })
          button.append(
            E.crel("img", { src: image.thumbnail, alt: image.alt }),
            E.crel("span", { textContent: image.caption || image.alt }),
          )
          button.addEventListener("click", () => {
            dialog.close()
            resolve(image)
          })
          return button
        }),
      )
      if (!data.images.length) {
        results.append(E.crel("p", { textContent: "No picture matches." }))
      }
    }
    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(load, 250)
    })
    const again = () => {
      if (dialog.open) load()
    }
    window.addEventListener("focus", again)
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      window.removeEventListener("focus", again)
      dialog.remove()
      resolve(null)
    })
    container.append(dialog)
    dialog.showModal()
    load()
  })

const imageDialog = (editor) => pickLibraryImage(editor.view.dom.parentElement)
// The live desk's picture field chooses with the same picker (live/static/live/live_desk.js).
window.newsroomPickImage = pickLibraryImage

const captionText = (caption, credit) =>
  [caption, credit && `Photo: ${credit}`].filter(Boolean).join(" ")

const NewsroomImage = E.Node.create({
  name: "newsroomImage",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return {
      image: { default: null },
      src: { default: null },
      alt: { default: "" },
      caption: { default: "" },
    }
  },
  parseHTML() {
    return [
      {
        tag: "figure[data-image]",
        getAttrs: (element) => {
          const img = element.querySelector("img")
          return {
            image: element.getAttribute("data-image"),
            src: img?.getAttribute("src") || null,
            alt: img?.getAttribute("alt") || "",
            caption: element.querySelector("figcaption")?.textContent || "",
          }
        },
      },
    ]
  },
  renderHTML({ node }) {
    const { image, src, alt, caption } = node.attrs
    const figure = ["figure", { "data-image": image }, ["img", { src, alt }]]
    if (caption) figure.push(["figcaption", caption])
    return figure
  },
  addCommands() {
    return {
      insertLibraryImage:
        () =>
        ({ editor }) => {
          imageDialog(editor).then((image) => {
            if (!image) return
            editor
              .chain()
              .focus()
              .insertContent({
                type: this.name,
                attrs: {
                  image: String(image.id),
                  src: image.src,
                  alt: image.alt,
                  caption: captionText(image.caption, image.credit),
                },
              })
              .run()
          })
          return true
        },
    }
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "newsroomImage",
      groups: "nodes",
      command(editor) {
        editor.commands.insertLibraryImage()
      },
      button: buttons.material("image", "insert a picture from the library"),
    })
  },
})

// --- Paste from anywhere -------------------------------------------------------------------

// Under the page's policy a pasted style attribute is refused before ProseMirror could read it,
// yet word processors say bold, italic and "this is a list item" only in styles. So the paste's
// HTML is rewritten as text first: styles that mean emphasis become <strong>/<em>, Word's list
// paragraphs and bullets are marked, and every style attribute goes. The editor's schema then
// keeps paragraphs, headings, lists, quotes, links and emphasis, and nothing else.
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi
const TAG = /<(\/?)([a-zA-Z][\w:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g
// Handlers and whole style or script elements go too: the schema would drop them, but the
// browser's parser would first report each to the policy as a refused inline script or style.
const EVENT_HANDLER = /\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi
const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi

const styleOf = (attributes) =>
  [...attributes.matchAll(STYLE_ATTRIBUTE)].map((match) => match[1]).join(";")

const stylesToTags = (html) => {
  const closers = [] // what each open <span> added, closed with it
  return html.replace(SCRIPT_OR_STYLE, "").replace(TAG, (tag, slash, name, attributes) => {
    const lower = name.toLowerCase()
    if (slash) return lower === "span" ? `${closers.pop() || ""}</span>` : tag
    const style = styleOf(attributes)
    let kept = attributes.replace(STYLE_ATTRIBUTE, "").replace(EVENT_HANDLER, "")
    // Google Docs wraps a whole paste in a <b> that is not bold.
    if (lower === "b" && (/docs-internal-guid/.test(attributes) || /font-weight\s*:\s*(normal|400)/i.test(style))) {
      return ""
    }
    if (lower === "span") {
      let open = ""
      let close = ""
      if (/mso-list\s*:\s*ignore/i.test(style)) kept += ' data-mso-ignore="1"'
      if (/font-weight\s*:\s*(bold|[6-9]00)/i.test(style)) {
        open += "<strong>"
        close = `</strong>${close}`
      }
      if (/font-style\s*:\s*italic/i.test(style)) {
        open += "<em>"
        close = `</em>${close}`
      }
      closers.push(close)
      return `<span${kept}>${open}`
    }
    if (lower === "p" && /mso-list\s*:\s*l\d/i.test(style)) kept += ' data-mso-list="1"'
    return `<${name}${kept}>`
  })
}

// Word writes a list as paragraphs, the bullet or number as text in a span it marks "Ignore".
const wordListsToLists = (root) => {
  for (const paragraph of [...root.querySelectorAll("p[data-mso-list]")]) {
    if (!paragraph.isConnected && !root.contains(paragraph)) continue
    const run = [paragraph]
    let next = paragraph.nextElementSibling
    while (next?.matches("p[data-mso-list]")) {
      run.push(next)
      next = next.nextElementSibling
    }
    const marker = paragraph.querySelector("[data-mso-ignore]")?.textContent.trim() || ""
    // Elements of the template's inert document: nothing in them loads.
    const list = root.ownerDocument.createElement(
      /^[0-9a-z]{1,3}[.)]$/i.test(marker) ? "ol" : "ul",
    )
    for (const item of run) {
      for (const ignored of item.querySelectorAll("[data-mso-ignore]")) ignored.remove()
      const li = root.ownerDocument.createElement("li")
      li.append(...item.childNodes)
      list.append(li)
    }
    paragraph.before(list)
    for (const item of run) item.remove()
  }
}

const cleanPaste = (html) => {
  const template = document.createElement("template") // inert: nothing loads or runs
  template.innerHTML = stylesToTags(html)
  wordListsToLists(template.content)
  // A line break between blocks (Google Docs, Safari) would become an empty paragraph.
  for (const child of [...template.content.children]) {
    if (child.tagName === "BR") child.remove()
  }
  return template.innerHTML
}

const CleanPaste = E.Extension.create({
  name: "newsroomCleanPaste",
  addProseMirrorPlugins() {
    return [new E.Plugin({ props: { transformPastedHTML: cleanPaste } })]
  },
})

// --- Names the desk knows -------------------------------------------------------------------

const mentionsKey = new PluginKey("newsroomMentions")

const linkEntity = (editor, mention) => {
  const state = mentionsKey.getState(editor.state)
  const decorations = state.decorations.find(
    undefined,
    undefined,
    (spec) => spec.mentionId === mention.id,
  )
  const found = decorations.find((decoration) => decoration.spec.inline)
  if (!found) return
  editor
    .chain()
    .focus()
    .setTextSelection({ from: found.from, to: found.to })
    .setMark("link", { href: mention.url, entity: mention.entity })
    .setTextSelection(found.to)
    .run()
  // The mark and its button go at once; the next check confirms it.
  const current = mentionsKey.getState(editor.state)
  editor.view.dispatch(
    editor.state.tr.setMeta(mentionsKey, {
      decorations: current.decorations.remove(
        current.decorations.find(undefined, undefined, (spec) => spec.mentionId === mention.id),
      ),
      unlinked: current.unlinked.filter((item) => item.id !== mention.id),
    }),
  )
  addRelation(mention)
}

// The story's relations (the autocomplete boxes under the form) show the new link at once;
// the save adds it in any case (articles/services.py: article_link_body_entities). Which box
// holds each kind comes with the editor's configuration (`entityLinks`, from the table of what
// a story links to: articles/entity_links.py).
let relationFields = {}
const addRelation = (mention) => {
  const field = relationFields[mention.kind]
  const select = field && document.getElementById(`id_${field}`)
  if (!select) return
  const id = mention.entity.split(":")[1]
  let option = [...select.options].find((candidate) => candidate.value === id)
  if (!option) {
    option = new Option(mention.name, id, true, true)
    select.append(option)
  }
  option.selected = true
  select.dispatchEvent(new Event("change", { bubbles: true }))
  window.django?.jQuery?.(select).trigger("change")
}

// What the story already links: entities linked in the text (`data-entity` on a link), and
// the story's own people, events… (the boxes under the form: the page links the first
// mention of each by itself). Those names are not offered again.
const linkedInText = (doc) => {
  const linked = new Set()
  doc.descendants((node) => {
    for (const mark of node.marks || []) {
      if (mark.type.name === "link" && mark.attrs.entity) linked.add(mark.attrs.entity)
    }
  })
  return linked
}
const storyRelations = () => {
  const related = new Set()
  for (const [kind, field] of Object.entries(relationFields)) {
    const select = document.getElementById(`id_${field}`)
    for (const option of select?.selectedOptions || []) related.add(`${kind}:${option.value}`)
  }
  return related
}

const decorate = (editor, doc, blocks, mentions) => {
  const linkType = doc.type.schema.marks.link
  const decorations = []
  const unlinked = []
  const known = []
  const inText = linkedInText(doc)
  const related = storyRelations()
  mentions.forEach((mention, index) => {
    const block = blocks[mention.block]
    if (!block) return
    const from = block.pos + mention.start
    const to = block.pos + mention.end
    if (to > doc.content.size || doc.textBetween(from, to, "\n", "\n") !== mention.text) return
    if (doc.rangeHasMark(from, to, linkType)) return
    if (inText.has(mention.entity) || related.has(mention.entity)) {
      known.push({ ...mention, how: inText.has(mention.entity) ? "text" : "story" })
      return
    }
    const item = { ...mention, id: `m${index}-${from}` }
    unlinked.push(item)
    const label = `${mention.name} (${mention.kind})`
    decorations.push(
      Decoration.inline(
        from,
        to,
        { class: `newsroom-mention newsroom-mention-${mention.kind}`, title: label },
        { mentionId: item.id, inline: true },
      ),
      Decoration.widget(
        to,
        () => {
          const button = document.createElement("button")
          button.type = "button"
          button.className = "newsroom-mention-link"
          button.textContent = "⊕"
          button.title = `Link ${label}`
          button.setAttribute("aria-label", `Link ${label}`)
          button.setAttribute("data-entity", mention.entity)
          button.addEventListener("mousedown", (event) => event.preventDefault())
          button.addEventListener("click", (event) => {
            event.preventDefault()
            linkEntity(editor, item)
          })
          return button
        },
        { side: 1, ignoreSelection: true, mentionId: item.id, key: item.id },
      ),
    )
  })
  for (const entity of inText) {
    const mention = mentions.find((each) => each.entity === entity)
    if (mention && !known.some((each) => each.entity === entity)) {
      known.push({ ...mention, how: "text" })
    }
  }
  return { decorations: DecorationSet.create(doc, decorations), unlinked, known }
}

const NewsroomMentions = E.Extension.create({
  name: "newsroomMentions",
  addProseMirrorPlugins() {
    const editor = this.editor
    let timer = null
    let sequence = 0
    const check = async () => {
      const asked = ++sequence
      const doc = editor.state.doc
      const blocks = textBlocks(doc)
      let data
      try {
        const response = await fetch(editorUrl("mentions"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
          body: JSON.stringify({ blocks: blocks.map((block) => block.text), story: storyId() }),
        })
        if (!response.ok) return
        data = await response.json()
      } catch {
        return // offline for a moment: the next keystroke asks again
      }
      // A newer question is on its way, or the text moved on: this answer is stale.
      if (asked !== sequence || editor.isDestroyed || editor.state.doc !== doc) {
        if (asked === sequence && !editor.isDestroyed) schedule()
        return
      }
      const result = decorate(editor, doc, blocks, data.mentions)
      editor.view.dispatch(editor.state.tr.setMeta(mentionsKey, result))
      // The same answer carries the new names the text proposes: articles/proposals.js
      // draws them in a panel of its own.
      editor.view.dom.dispatchEvent(
        new CustomEvent("newsroom:checked", { bubbles: true, detail: { editor, data } }),
      )
    }
    const schedule = () => {
      clearTimeout(timer)
      timer = setTimeout(check, MENTION_DELAY_MS)
    }
    return [
      new E.Plugin({
        key: mentionsKey,
        state: {
          init: () => ({ decorations: DecorationSet.empty, unlinked: [], known: [] }),
          apply(tr, value) {
            const fresh = tr.getMeta(mentionsKey)
            if (fresh) return fresh
            if (!tr.docChanged) return value
            return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) }
          },
        },
        props: {
          decorations: (state) => mentionsKey.getState(state).decorations,
        },
        view: () => {
          schedule()
          // A person added to (or taken from) the story's boxes changes what is offered.
          window.django?.jQuery?.(document).on("change", "select.admin-autocomplete", schedule)
          return {
            update(view, previous) {
              if (view.state.doc !== previous.doc) schedule()
              const state = mentionsKey.getState(view.state)
              renderSummary(editor, state.unlinked, state.known)
            },
            destroy() {
              clearTimeout(timer)
            },
          }
        },
      }),
    ]
  },
})

// The panel under the editor: every name found and not linked yet, one click each; then the
// names the story already links, saying how (so nothing is offered twice, and the reporter
// sees why).
const renderSummary = (editor, unlinked, known = []) => {
  const box = document.getElementById("newsroom-mentions-summary")
  if (!box) return
  const unique = (list) => {
    const seen = new Map()
    for (const mention of list) if (!seen.has(mention.entity)) seen.set(mention.entity, mention)
    return [...seen.values()]
  }
  const offered = unique(unlinked)
  const already = unique(known)
  const key = `${offered.map((m) => m.entity).join(",")}|${already.map((m) => `${m.entity}${m.how}`).join(",")}`
  if (box.dataset.key === key) return
  box.dataset.key = key
  const items = offered.map((mention) => {
    const button = E.crel("button", {
      type: "button",
      className: "button",
      textContent: `Link ${mention.name}`,
    })
    button.addEventListener("click", () => linkEntity(editor, mention))
    return E.crel("li", {}, [button, ` ${mention.kind}`])
  })
  const parts = [
    items.length
      ? E.crel("ul", { className: "newsroom-mentions-list" }, items)
      : E.crel("p", { textContent: "Every name the desk knows in the text is linked." }),
  ]
  const names = (how) =>
    already
      .filter((mention) => mention.how === how)
      .map((mention) => mention.name)
      .join(", ")
  if (names("text")) {
    parts.push(
      E.crel("p", { className: "newsroom-mentions-known", textContent: `Linked in the text: ${names("text")}.` }),
    )
  }
  if (names("story")) {
    parts.push(
      E.crel("p", {
        className: "newsroom-mentions-known",
        textContent: `Already the story's (the page links their first mention): ${names("story")}.`,
      }),
    )
  }
  box.replaceChildren(...parts)
}

// --- Counters -------------------------------------------------------------------------------

const WORDS_PER_MINUTE = 230

const bodyCounter = (editor, element) => {
  const update = () => {
    const text = editor.state.doc.textBetween(0, editor.state.doc.content.size, " ", " ")
    const words = (text.match(/[\p{L}\p{N}]+(?:[’'-][\p{L}\p{N}]+)*/gu) || []).length
    const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE))
    element.textContent = words
      ? `${words.toLocaleString("en")} words · about ${minutes} min to read`
      : "No words yet"
  }
  editor.on("update", update)
  update()
}

const characterCounter = (input) => {
  const limits = JSON.parse(input.getAttribute("data-counter") || "[]")
  const output = document.createElement("div")
  output.className = "newsroom-counter"
  output.setAttribute("aria-live", "polite")
  input.after(output)
  const update = () => {
    const length = [...input.value].length
    const over = limits.filter(([limit]) => length > limit).map(([limit, where]) => `${where} (${limit})`)
    output.textContent = `${length} characters${over.length ? ` — longer than ${over.join(", ")}: shortened there` : ""}`
    output.classList.toggle("newsroom-counter-over", over.length > 0)
  }
  input.addEventListener("input", update)
  update()
}

// --- The editor -------------------------------------------------------------------------------

const PROJECT_EXTENSIONS = { Link, NewsroomImage, OrderedList }

// One top-level block per line, as the importer writes bodies: a story opened and saved
// unchanged keeps its bytes.
const serialize = (editor) => {
  const { schema } = editor
  const parts = []
  editor.state.doc.forEach((node) => {
    parts.push(E.getHTMLFromFragment(E.pm.model.Fragment.from(node), schema))
  })
  const html = parts.join("\n")
  return /^<(\w+)(\s[^>]*)?><\/\1>$/.test(html) ? "" : html
}

const createEditor = (textarea) => {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  relationFields = config.entityLinks || {}
  const extensions = [CleanPaste, NewsroomMentions]
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = PROJECT_EXTENSIONS[name] || E[name]
    if (!extension) {
      console.error(`The story editor has no extension called ${name}.`)
      continue
    }
    extensions.push(typeof options === "object" ? extension.configure(options) : extension)
  }
  const element = E.crel("div", { className: "prose-editor" })
  textarea.before(element)
  element.append(textarea)
  const editor = new E.Editor({
    element,
    extensions,
    content: textarea.value,
    // Tiptap would add a <style> element, which the policy refuses: its rules are in
    // body_editor.css instead.
    injectCSS: false,
    editorProps: { attributes: { "aria-label": "Story text", "aria-multiline": "true" } },
    onUpdate({ editor }) {
      textarea.value = serialize(editor)
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
  })
  // What is submitted is what the editor holds, even when nothing was typed.
  textarea.value = serialize(editor)
  textarea.newsroomEditor = editor
  const counter = E.crel("div", { className: "newsroom-counter", "aria-live": "polite" })
  element.after(counter)
  bodyCounter(editor, counter)
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  )
  return editor
}

const start = () => {
  for (const textarea of document.querySelectorAll(`[${ATTRIBUTE}]`)) createEditor(textarea)
  for (const input of document.querySelectorAll("[data-counter]")) characterCounter(input)
  // The admin's autocomplete boxes get their names on every desk page (desk/desk_admin_names.js).
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start)
} else {
  start()
}
