// After django-otp-webauthn registers a passkey, go on to the next step (recovery codes, or
// back to where the person was going). The library's own script does the ceremony.
"use strict";
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const button = event.target.closest("[data-after]") || document.querySelector("[data-after]");
  if (button) {
    window.location.assign(button.dataset.after);
  }
});
