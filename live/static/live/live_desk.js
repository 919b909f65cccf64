// The live desk (live/admin.py): posts an entry in one step without leaving the page, shows
// the entries others post as they arrive (asks the desk's own poll every 3 s), and pins,
// edits and deletes in place. A deletion waits UNDO_MS with "Undo" offered, as a mail
// client's does, and is sent then (or at once if the page is left). The picture is chosen
// from the library's thumbnails (the story editor's picker, articles/body_editor.js).
// Without JavaScript every form still posts and comes back here.
;(() => {
  const POLL_MS = 3000
  const desk = document.getElementById("live-desk")
  if (!desk) return
  const UNDO_MS = Number(desk.dataset.undoMs) || 8000
  const list = document.getElementById("live-desk-entries")
  const form = document.getElementById("live-entry-form")
  const message = document.getElementById("live-desk-message")
  const cancel = document.getElementById("live-edit-cancel")
  const postButton = document.getElementById("live-post")
  let since = desk.dataset.since || "0"
  let editUrl = null

  const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""
  const fromHtml = (html) => {
    const holder = document.createElement("div")
    holder.innerHTML = html // rendered by the server: sanitised, every text escaped
    return holder.firstElementChild
  }
  const say = (text) => {
    if (message) message.textContent = text
  }

  const send = async (url, body) => {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      body,
    })
    let data = {}
    try {
      data = await response.json()
    } catch (error) {
      data = { error: `The desk answered ${response.status}.` }
    }
    if (!response.ok) throw new Error(data.error || `The desk answered ${response.status}.`)
    return data
  }

  const poll = async () => {
    try {
      const response = await fetch(`${desk.dataset.entriesUrl}?since=${since}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      if (response.ok) {
        const data = await response.json()
        for (const item of data.entries.slice().reverse()) {
          if (!document.getElementById(`desk-entry-${item.id}`)) list.prepend(fromHtml(item.html))
        }
        for (const change of data.changes) {
          const element = document.getElementById(`desk-entry-${change.id}`)
          if (!element) continue
          if (change.deleted) element.remove()
          else if (element.dataset.version !== String(change.version)) {
            element.replaceWith(fromHtml(change.html))
          }
        }
        since = String(data.latest)
      }
    } catch (error) {
      // The next poll tries again.
    }
  }
  const schedule = () => setTimeout(async () => {
    await poll()
    schedule()
  }, POLL_MS)
  schedule()

  const bodyField = () => form.querySelector("textarea[name=body]")
  const setBody = (html) => {
    const textarea = bodyField()
    if (textarea.newsroomEditor) textarea.newsroomEditor.commands.setContent(html, true)
    textarea.value = html
  }
  const stopEditing = () => {
    editUrl = null
    cancel.hidden = true
    postButton.value = "Post"
  }

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      const url = editUrl || form.dataset.postUrl
      postButton.disabled = true
      try {
        await send(url, new FormData(form))
        setBody("")
        for (const name of ["quote", "quote_by"]) form.elements[name].value = ""
        showPicture(null)
        say(editUrl ? "Saved." : "Posted.")
        stopEditing()
        await poll()
      } catch (error) {
        say(error.message)
      } finally {
        postButton.disabled = false
      }
    })
    cancel.addEventListener("click", () => {
      setBody("")
      showPicture(null)
      stopEditing()
    })
    document.getElementById("live-picture-choose").addEventListener("click", async () => {
      if (!window.newsroomPickImage) return
      const image = await window.newsroomPickImage(form)
      if (image) showPicture({ id: image.id, src: image.thumbnail, caption: image.caption || image.alt })
    })
    document.getElementById("live-picture-remove").addEventListener("click", () => showPicture(null))
  }

  // --- the entry's picture: a library number in a hidden field, shown as its thumbnail ------

  function showPicture(picture) {
    if (!form) return
    form.elements.image.value = picture ? String(picture.id) : ""
    const chosen = document.getElementById("live-picture-chosen")
    chosen.hidden = !picture
    document.getElementById("live-picture-remove").hidden = !picture
    document.getElementById("live-picture-choose").textContent = picture
      ? "Choose another picture…"
      : "Choose from the library…"
    if (picture) {
      document.getElementById("live-picture-thumbnail").src = picture.src || ""
      document.getElementById("live-picture-caption").textContent = picture.caption || ""
    }
  }

  // "Delete" deletes with a few seconds to undo (without this script it asks first).
  desk.addEventListener("click", (event) => {
    const summary = event.target.closest(".live-delete")
    if (!summary) return
    event.preventDefault()
    deleteLater(summary.closest(".live-delete-form"))
  })

  desk.addEventListener("click", (event) => {
    const button = event.target.closest(".live-edit")
    if (!button || !form) return
    editUrl = button.dataset.editUrl
    setBody(button.dataset.body)
    form.elements.quote.value = button.dataset.quote
    form.elements.quote_by.value = button.dataset.quoteBy
    const entryPicture = button.closest(".live-desk-entry")?.querySelector("img")
    showPicture(
      button.dataset.image
        ? { id: button.dataset.image, src: entryPicture?.src, caption: entryPicture?.alt }
        : null,
    )
    cancel.hidden = false
    postButton.value = "Save the edit"
    form.scrollIntoView()
  })

  // --- delete, with a few seconds to undo ----------------------------------------------------

  const undoBar = document.getElementById("live-undo")
  const pending = new Map() // entry id → {timer, send}

  const deleteLater = (action) => {
    const entry = action.closest(".live-desk-entry")
    const id = entry.dataset.entry
    const body = new FormData(action)
    const sendNow = async () => {
      clearTimeout(pending.get(id)?.timer)
      pending.delete(id)
      undoBar.hidden = pending.size === 0
      try {
        await send(action.action, body)
        entry.remove()
        say("Entry deleted.")
      } catch (error) {
        entry.hidden = false
        say(error.message)
      }
    }
    entry.hidden = true
    pending.set(id, { timer: setTimeout(sendNow, UNDO_MS), action, body })
    const undo = document.createElement("button")
    undo.type = "button"
    undo.className = "button"
    undo.id = "live-undo-button"
    undo.textContent = "Undo"
    undo.addEventListener("click", () => {
      clearTimeout(pending.get(id)?.timer)
      pending.delete(id)
      entry.hidden = false
      undoBar.hidden = pending.size === 0
      say("Kept: the entry was not deleted.")
    })
    undoBar.replaceChildren(
      `Entry deleted. Readers lose it in ${UNDO_MS / 1000} seconds unless you undo.`,
      undo,
    )
    undoBar.hidden = false
    undo.focus()
  }
  // Leaving the page sends what is waiting: the reporter asked for it to go.
  window.addEventListener("pagehide", () => {
    for (const { action, body } of pending.values()) {
      fetch(action.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body,
        keepalive: true,
      })
    }
  })

  desk.addEventListener("submit", async (event) => {
    const action = event.target.closest(".live-desk-action")
    if (!action) return
    event.preventDefault()
    if (action.classList.contains("live-delete-form")) {
      deleteLater(action)
      return
    }
    try {
      await send(action.action, new FormData(action))
      say("Done.")
      await poll()
    } catch (error) {
      say(error.message)
    }
  })
})()
