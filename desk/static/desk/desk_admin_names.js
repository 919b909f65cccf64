// Names for the admin's own fields that Django leaves unnamed, on every desk page
// (templates/admin/base_site.html): a screen reader says which box it is in, and axe finds
// no field without a name. Autocomplete (select2) boxes take their field's label; the date
// and time halves of a date-and-time take the field's label and "date" or "time"; fields in
// table rows (tabular inlines, a list's editable column) take their column's heading.
;(() => {
  const clean = (element) =>
    (element?.textContent || "").replace(/\s+/g, " ").replace(/[:*?\s]+$/, "").trim()
  const labelFor = (id) =>
    id ? clean(document.querySelector(`label[for="${CSS.escape(id)}"]`)) : ""
  const hasName = (element) =>
    element.getAttribute("aria-label") ||
    element.getAttribute("aria-labelledby") ||
    element.closest("label") ||
    labelFor(element.id)

  const columnName = (element) => {
    const cell = element.closest("td, th")
    const field = [...(cell?.classList || [])].find((name) => name.startsWith("field-"))
    if (field) {
      const heading = cell.closest("table")?.querySelector(`thead th.column-${field.slice(6)}`)
      if (heading) return clean(heading)
    }
    if (cell?.classList.contains("delete")) return "Delete"
    return ""
  }
  const rowLabel = (element) => {
    const row = element.closest(".form-row, .fieldBox")
    return clean(row?.querySelector("label"))
  }

  const nameFields = () => {
    for (const element of document.querySelectorAll(
      "#content input:not([type=hidden]), #content select, #content textarea",
    )) {
      if (element.classList.contains("select2-search__field") || hasName(element)) continue
      let name = columnName(element)
      if (element.matches(".vDateField, .vTimeField")) {
        const base = rowLabel(element) || name
        name = base && `${base} (${element.matches(".vDateField") ? "date" : "time"})`
      }
      if (name) element.setAttribute("aria-label", name)
    }
  }

  const nameAutocompletes = () => {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const label = labelFor(select.id) || columnName(select)
      const container = select.nextElementSibling
      if (!label || !container?.classList.contains("select2")) continue
      for (const part of container.querySelectorAll(
        ".select2-selection, .select2-selection__rendered, .select2-search__field",
      )) {
        // select2 names its box by the chosen value's element, empty when nothing is chosen.
        part.removeAttribute("aria-labelledby")
        part.setAttribute("aria-label", label)
      }
    }
  }

  const nameEverything = () => {
    nameFields()
    nameAutocompletes()
  }
  const $ = window.django?.jQuery
  if ($) {
    // After the admin's own scripts have built their boxes (on the document being ready), and
    // again when a choice re-renders one or an inline row is added.
    $(() => {
      nameEverything()
      $(document).on("change select2:select select2:unselect formset:added", nameEverything)
    })
  } else {
    nameEverything()
  }
})()
