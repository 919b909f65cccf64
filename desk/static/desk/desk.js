// The story form's safety net and preview (desk/views.py answers): unsaved words go to the
// server a few seconds after typing stops and when the tab is hidden or closed; while the
// login has expired they wait in localStorage and are sent once the writer signs in again in
// another tab. Also: the offer to restore an autosave, the names of the others who have the
// story open, and the live preview. No inline script or style: the admin's CSP allows none.
;(() => {
  const configElement = document.getElementById("desk-config")
  if (!configElement) return
  const config = JSON.parse(configElement.dataset.config)
  const urls = config.urls
  const form = document.getElementById("article_form")
  if (!form) return

  const AUTOSAVE_DELAY_MS = 2000
  const PREVIEW_DELAY_MS = 500
  const SESSION_CHECK_MS = 3000
  const PRESENCE_MS = config.presence_seconds * 1000 / 3

  const status = document.getElementById("desk-status")
  const say = (text, kind = "") => {
    status.textContent = text
    status.dataset.kind = kind
  }
  const clock = (date) =>
    date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })

  const body = () => document.getElementById("id_body")
  const value = (name) => form.elements[name]?.value ?? ""
  const words = () => ({
    headline: value("headline"),
    summary: value("summary"),
    body: body()?.value ?? "",
    expected_version: value("expected_version"),
  })
  const asForm = (fields) => {
    const data = new FormData()
    data.append("csrfmiddlewaretoken", value("csrfmiddlewaretoken"))
    for (const [name, text] of Object.entries(fields)) data.append(name, text)
    return data
  }
  const post = (url, data) =>
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })

  // --- the browser's copy, kept until the server has the words -----------------------------

  const keepLocally = (fields) =>
    localStorage.setItem(config.story_key, JSON.stringify({ ...fields, at: Date.now() }))
  const localCopy = () => JSON.parse(localStorage.getItem(config.story_key) || "null")
  const forgetLocally = () => localStorage.removeItem(config.story_key)

  // --- autosave -------------------------------------------------------------------------------

  let dirty = false
  let submitting = false
  let signedOut = false
  let autosaveTimer = null

  const send = async (fields) => {
    keepLocally(fields)
    let response
    try {
      response = await post(urls.autosave, asForm(fields))
    } catch {
      say("Offline: your changes are kept in this browser and sent when the connection is back.", "warning")
      dirty = true
      return false
    }
    if (response.ok) {
      // Only if nothing newer was typed meanwhile: then the local copy is newer.
      if (!dirty) forgetLocally()
      const answer = await response.json()
      say(answer.saved_at ? `Unsaved changes kept at ${clock(new Date(answer.saved_at))}.` : "")
      return true
    }
    const isJson = (response.headers.get("Content-Type") || "").includes("json")
    if (response.status === 401 || (response.status === 403 && !isJson)) {
      // Signed out, or signed in again elsewhere with a new CSRF token.
      waitForSignIn()
      return false
    }
    const answer = isJson ? await response.json() : {}
    say(`Not kept: ${answer.error || response.statusText}`, "error")
    return false
  }

  // The words as last sent, or as the page opened: only a real change is sent. An event
  // that changes nothing (a widget settling as the page loads) must not replace the
  // autosave this page is offering to restore with the saved story's own words.
  let lastSent = null
  const isNew = (fields) => lastSent !== null && JSON.stringify(fields) !== lastSent
  const sent = (fields) => {
    lastSent = JSON.stringify(fields)
  }

  const autosaveNow = () => {
    clearTimeout(autosaveTimer)
    if (!dirty || submitting || signedOut) return
    dirty = false
    const fields = words()
    if (!isNew(fields)) return
    sent(fields)
    send(fields)
  }

  const changed = () => {
    if (submitting) return
    dirty = true
    if (signedOut) {
      if (isNew(words())) keepLocally(words())
      return
    }
    clearTimeout(autosaveTimer)
    autosaveTimer = setTimeout(autosaveNow, AUTOSAVE_DELAY_MS)
    schedulePreview()
  }

  // Closing or hiding the tab: the browser sends the beacon even as the page goes away.
  const leaving = () => {
    if (!dirty || submitting) return
    const fields = words()
    if (!isNew(fields)) return
    keepLocally(fields)
    if (!signedOut && navigator.sendBeacon(urls.autosave, asForm(fields))) {
      dirty = false
      sent(fields)
    }
  }

  // --- the login expired: wait for a sign-in in another tab ---------------------------------

  const waitForSignIn = () => {
    if (signedOut) return
    signedOut = true
    keepLocally(words())
    const link = document.createElement("a")
    link.href = urls.login
    link.target = "_blank"
    link.textContent = "Sign in again in another tab"
    say("Your login has expired. Your changes are kept in this browser. ", "error")
    status.append(link, "; they are sent as soon as you have.")
    setTimeout(checkSession, SESSION_CHECK_MS)
  }

  const checkSession = async () => {
    let response
    try {
      response = await fetch(urls.session, { credentials: "same-origin" })
    } catch {
      response = null
    }
    if (!response || !response.ok) {
      setTimeout(checkSession, SESSION_CHECK_MS)
      return
    }
    const answer = await response.json()
    // The new login's token, on every form of the page: the story's Save needs it too.
    for (const input of document.querySelectorAll("input[name=csrfmiddlewaretoken]")) {
      input.value = answer.csrf_token
    }
    signedOut = false
    const kept = localCopy()
    dirty = false
    if (await send(kept ? withoutTime(kept) : words())) {
      say("Signed in again: your changes are kept on the server. Save when ready.")
    }
  }

  const withoutTime = ({ at, ...fields }) => fields

  // --- restore or discard ---------------------------------------------------------------------

  const restorePanel = document.getElementById("desk-restore")

  const editorReady = () =>
    new Promise((resolve) => {
      const textarea = body()
      if (!textarea || textarea.newsroomEditor) return resolve(textarea?.newsroomEditor)
      textarea.addEventListener("prose-editor:ready", (event) => resolve(event.detail.editor), {
        once: true,
      })
    })

  const restore = async (saved) => {
    form.elements.headline.value = saved.headline
    if (form.elements.summary) form.elements.summary.value = saved.summary
    const editor = await editorReady()
    if (editor) editor.commands.setContent(saved.body, { emitUpdate: true })
    else body().value = saved.body
    // As if typed: the counters, and the admin's slug filled from the headline, follow.
    for (const name of ["headline", "summary"]) {
      for (const kind of ["input", "change"]) {
        form.elements[name]?.dispatchEvent(new Event(kind, { bubbles: true }))
      }
    }
    sent(words()) // already the server's autosave
    restorePanel.hidden = true
    say(`Restored your changes from ${clock(new Date(saved.saved_at))}. Save to keep them.`)
  }

  const offer = (saved) => {
    restorePanel.replaceChildren()
    const heading = document.createElement("p")
    heading.className = "desk-restore-question"
    heading.textContent = `You have unsaved changes from ${clock(new Date(saved.saved_at))} — restore or discard?`
    const restoreButton = document.createElement("button")
    restoreButton.type = "button"
    restoreButton.className = "button default"
    restoreButton.textContent = "Restore"
    restoreButton.addEventListener("click", () => restore(saved))
    const discardButton = document.createElement("button")
    discardButton.type = "button"
    discardButton.className = "button"
    discardButton.textContent = "Discard"
    discardButton.addEventListener("click", async () => {
      await post(urls.discard, asForm({}))
      forgetLocally()
      restorePanel.hidden = true
      say("Discarded.")
    })
    restorePanel.append(heading, restoreButton, " ", discardButton)
    if (saved.story_version && saved.base_version && saved.story_version > saved.base_version) {
      const warning = document.createElement("p")
      warning.className = "desk-restore-warning"
      warning.textContent =
        "The story has been saved since you typed these words: restoring puts them over the newer ones. Compare first."
      restorePanel.append(warning)
    }
    for (const diff of saved.diffs.filter((each) => each.changed)) {
      const title = document.createElement("h3")
      title.textContent = diff.field[0].toUpperCase() + diff.field.slice(1)
      const text = document.createElement("div")
      text.className = "desk-diff"
      // Escaped by the server (articles/diff.py): <del>/<ins>/<span> around text only.
      text.innerHTML = diff.html
      restorePanel.append(title, text)
    }
    restorePanel.hidden = false
  }

  const offerAutosave = async () => {
    const kept = localCopy()
    if (kept) await send(withoutTime(kept)) // words that never reached the server
    const response = await fetch(urls.autosave, { credentials: "same-origin" })
    if (!response.ok) return
    const answer = await response.json()
    if (answer.autosave) offer(answer.autosave)
  }

  // --- who else is here -----------------------------------------------------------------------

  const presence = document.getElementById("desk-presence")
  const heartbeat = async () => {
    if (!urls.presence || signedOut) return
    try {
      const response = await post(urls.presence, asForm({}))
      if (response.ok) {
        const { others } = await response.json()
        presence.textContent = others.length
          ? `Also editing this story now: ${others.join(", ")}. Whoever saves second will be asked to reload.`
          : ""
        presence.hidden = others.length === 0
      }
    } catch {
      // The next heartbeat tries again.
    }
  }

  // --- live preview ---------------------------------------------------------------------------

  const previewPanel = document.getElementById("desk-preview")
  const previewFrame = document.getElementById("desk-preview-frame")
  const previewToggle = document.getElementById("desk-preview-toggle")
  const previewState = document.getElementById("desk-preview-state")
  let previewTimer = null
  let previewRequest = 0

  const previewOpen = () => !previewPanel.hidden

  const refreshPreview = async () => {
    if (!previewOpen() || signedOut) return
    const number = ++previewRequest
    let response
    try {
      response = await post(urls.preview, new FormData(form))
    } catch {
      previewState.textContent = "Preview unavailable: no connection."
      return
    }
    if (number !== previewRequest) return // a newer one is on its way
    if (!response.ok) {
      const isJson = (response.headers.get("Content-Type") || "").includes("json")
      const answer = isJson ? await response.json() : {}
      const fields = Object.keys(answer.fields || {}).join(", ")
      previewState.textContent = `Preview unavailable: ${answer.error || response.statusText}${fields ? ` (${fields})` : ""}`
      return
    }
    previewFrame.srcdoc = await response.text()
    previewState.textContent = `Updated ${clock(new Date())}`
    previewFrame.dataset.version = String(number)
  }

  const schedulePreview = () => {
    if (!previewOpen()) return
    clearTimeout(previewTimer)
    previewTimer = setTimeout(refreshPreview, PREVIEW_DELAY_MS)
  }

  previewToggle.addEventListener("click", () => {
    previewPanel.hidden = !previewPanel.hidden
    previewToggle.setAttribute("aria-expanded", String(!previewPanel.hidden))
    document.body.classList.toggle("desk-previewing", !previewPanel.hidden)
    if (previewOpen()) refreshPreview()
  })
  document.getElementById("desk-preview-close").addEventListener("click", () => previewToggle.click())
  for (const button of document.querySelectorAll("[data-preview-width]")) {
    button.addEventListener("click", () => {
      previewPanel.dataset.width = button.dataset.previewWidth
      for (const other of document.querySelectorAll("[data-preview-width]")) {
        other.setAttribute("aria-pressed", String(other === button))
      }
    })
  }

  // --- wiring ---------------------------------------------------------------------------------

  form.addEventListener("input", changed)
  form.addEventListener("change", changed)
  // The admin's autocomplete boxes announce their changes through jQuery only.
  window.django?.jQuery?.(form).on("change", "select", changed)
  form.addEventListener("submit", () => {
    submitting = true
    clearTimeout(autosaveTimer)
    forgetLocally()
  })
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") leaving()
  })
  window.addEventListener("pagehide", () => {
    leaving()
    if (urls.presence) navigator.sendBeacon(urls.presence, asForm({ leaving: "1" }))
  })

  // What the page opened with, once the editor has written its body into the form.
  editorReady().then(() => {
    if (lastSent === null) sent(words())
  })
  offerAutosave()
  if (urls.presence) {
    heartbeat()
    setInterval(heartbeat, PRESENCE_MS)
  }
})()
