// The one-time secret's "Copy" button (admin/distribution/subscriber_secret.html). Shown only
// when the script runs; the clipboard API needs a secure context (https, or localhost), so
// elsewhere the secret is selected and copied the older way.
;(() => {
  const button = document.getElementById("copy-secret")
  if (!button) return
  const secret = document.getElementById(button.dataset.copy)
  const done = document.getElementById("copy-secret-done")
  button.hidden = false
  const selectSecret = () => {
    const range = document.createRange()
    range.selectNodeContents(secret)
    const selection = window.getSelection()
    selection.removeAllRanges()
    selection.addRange(range)
  }
  button.addEventListener("click", async () => {
    const text = secret.textContent.trim()
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      selectSecret()
      if (!document.execCommand("copy")) {
        done.textContent = "Selected: press Ctrl+C (⌘C) to copy it."
        return
      }
    }
    done.textContent = "Copied to the clipboard."
  })
})()
