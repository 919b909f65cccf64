// Every desk page (templates/admin/base_site.html), run before Django's own nav_sidebar.js:
// below 1,600 px the model sidebar starts folded, so lists and the story form keep the
// window's width (it takes 300 px; « opens it, and Django remembers that choice). Not
// deferred on purpose: the sidebar script reads the stored choice as it starts.
;(() => {
  const KEY = "django.admin.navSidebarIsOpen"
  try {
    if (localStorage.getItem(KEY) === null && window.innerWidth < 1600) {
      localStorage.setItem(KEY, "false")
    }
  } catch {
    // Storage refused (a private window): the sidebar opens as Django decides.
  }
})()
