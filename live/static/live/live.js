// A live story's page, for readers: asks the update poll for entries newer than the newest it
// shows (every 5 s; the answer is cached and revalidated with its ETag), offers them with a
// "3 new updates" button instead of moving what the reader is reading, replaces edited entries
// and removes deleted ones where they are, keeps the key events current, shows the end notice,
// and loads older entries in place. Without JavaScript the page works as it was served.
;(() => {
  // 4 s, not 5: an entry then shows within 5 s of its commit whatever the phase of the poll.
  const POLL_MS = 4000
  const CLOSED_POLL_MS = 30000
  const section = document.querySelector("[data-live-updates]")
  if (!section) return
  const url = section.dataset.liveUpdates
  const list = document.getElementById("live-entries")
  const newBox = section.querySelector(".live-new")
  const newButton = section.querySelector(".live-new-button")
  let since = section.dataset.since || "0"
  let open = section.dataset.open === "true"
  let pending = []

  const fromHtml = (html) => {
    const holder = document.createElement("div")
    holder.innerHTML = html // the server's sanitised, escaped rendering
    return holder.firstElementChild
  }

  const showPending = () => {
    const count = pending.length
    newBox.hidden = count === 0
    newButton.textContent = count === 1 ? "1 new update" : `${count} new updates`
  }

  const insertPending = () => {
    list.querySelector(".live-no-entries")?.remove()
    // Oldest first onto the top, so the newest ends up first.
    for (const item of pending.slice().reverse()) {
      if (document.getElementById(`entry-${item.id}`)) continue
      list.prepend(fromHtml(item.html))
    }
    pending = []
    showPending()
  }
  newButton.addEventListener("click", insertPending)

  const applyChange = (change) => {
    pending = pending.filter((item) => !(change.deleted && item.id === change.id))
    for (const item of pending) if (item.id === change.id && !change.deleted) item.html = change.html
    const element = document.getElementById(`entry-${change.id}`)
    if (!element) return
    if (change.deleted) element.remove()
    else if (element.dataset.version !== String(change.version)) element.replaceWith(fromHtml(change.html))
  }

  const apply = (data) => {
    for (const item of (data.entries || []).slice().reverse()) {
      if (!pending.some((known) => known.id === item.id)) pending.unshift(item)
    }
    pending.sort((a, b) => b.id - a.id)
    for (const change of data.changes || []) applyChange(change)
    if (data.key_events !== undefined) {
      document.getElementById("live-key-events").innerHTML = data.key_events
    }
    if (!data.open && open) {
      document.getElementById("live-status").innerHTML = data.ended
      section.querySelector(".live-badge")?.remove()
      document.querySelector(".story-header .story-badge-live")?.remove()
    }
    open = data.open
    since = String(data.latest)
    // A page that shows no entry yet has nothing a reader could lose their place in: the first
    // entries take the place of "No updates yet" at once, rather than a button above it.
    if (pending.length && list.querySelector(".live-no-entries")) insertPending()
    else showPending()
  }

  const poll = async () => {
    try {
      const response = await fetch(`${url}?since=${since}`, {
        cache: "no-cache", // revalidate: a 304 when nothing changed
        headers: { Accept: "application/json" },
      })
      if (response.ok) {
        const data = await response.json()
        if (data.gap) {
          window.location.reload() // more happened than one answer holds
          return
        }
        apply(data)
      }
    } catch (error) {
      // Offline for a moment: the next poll tries again.
    }
    setTimeout(poll, open ? POLL_MS : CLOSED_POLL_MS)
  }
  if (section.dataset.polls === "true") setTimeout(poll, POLL_MS)

  // Older entries in place, by cursor; the link itself works without JavaScript.
  section.addEventListener("click", async (event) => {
    const link = event.target.closest(".live-older-link")
    if (!link) return
    event.preventDefault()
    const response = await fetch(`${url}?before=${link.dataset.before}`, {
      headers: { Accept: "application/json" },
    })
    if (!response.ok) return
    const data = await response.json()
    for (const item of data.entries) {
      if (!document.getElementById(`entry-${item.id}`)) list.append(fromHtml(item.html))
    }
    if (data.older) {
      link.dataset.before = data.older
      link.href = `?before=${data.older}`
    } else {
      link.parentElement.remove()
    }
  })
})()
