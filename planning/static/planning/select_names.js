// The diary's forms (a diary entry, the week's filters): Django's autocomplete (select2)
// boxes carry no accessible name of their own; each gets its field's label, so a screen reader
// says which box it is in (as the story form does, articles/static/articles/body_editor.js).
"use strict"
;(() => {
  const nameBoxes = () => {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const label = document
        .querySelector(`label[for="${select.id}"]`)
        ?.textContent.replace(/:\s*$/, "")
        .trim()
      const container = select.nextElementSibling
      if (!label || !container?.classList.contains("select2")) continue
      for (const part of container.querySelectorAll(
        ".select2-selection__rendered, .select2-search__field",
      )) {
        part.setAttribute("aria-label", label)
      }
    }
  }
  const start = () =>
    window.django?.jQuery?.(() => {
      nameBoxes()
      window.django.jQuery(document).on("change select2:select select2:unselect", nameBoxes)
    })
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
