// The live desk (live/admin.py): posts an entry in one step without leaving the page, shows
// the entries others post as they arrive (asks the desk's own poll every 3 s), and pins,
// edits and deletes in place. Without JavaScript every form still posts and comes back here.
;(() => {
  const POLL_MS = 3000
  const desk = document.getElementById("live-desk")
  if (!desk) return
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
        for (const name of ["quote", "quote_by", "image"]) form.elements[name].value = ""
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
      stopEditing()
    })
  }

  desk.addEventListener("click", (event) => {
    const button = event.target.closest(".live-edit")
    if (!button || !form) return
    editUrl = button.dataset.editUrl
    setBody(button.dataset.body)
    form.elements.quote.value = button.dataset.quote
    form.elements.quote_by.value = button.dataset.quoteBy
    form.elements.image.value = button.dataset.image
    cancel.hidden = false
    postButton.value = "Save the edit"
    form.scrollIntoView()
  })

  desk.addEventListener("submit", async (event) => {
    const action = event.target.closest(".live-desk-action")
    if (!action) return
    event.preventDefault()
    try {
      await send(action.action, new FormData(action))
      say("Done.")
      await poll()
    } catch (error) {
      say(error.message)
    }
  })
})()
